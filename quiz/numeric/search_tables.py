"""The work behind the search templates of :mod:`quiz.numeric.hyperparams`: the table of
scores a prompt shows, the trials of a random search, values as the prompts print them,
and the named mistakes of grid and random search."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np

from engine.hyperparams import grid_search, random_search
from kg.concept import Text
from quiz.numeric.base import (
    Degenerate,
    Mistake,
    bilingual,
    fmt,
)

BATCH_SIZES = (16, 32, 64, 128, 256)
LEARNING_RATES = (0.001, 0.003, 0.01, 0.03, 0.1)


def label(value: float) -> str:
    """A hyperparameter value as a person writes it: 0.003, 64, 0.0001."""
    return f"{value:g}"


def calls_of(grid: dict[str, list]) -> list[dict[str, Any]]:
    """The configurations grid_search tries, in its order."""
    tried = []

    def record(config: dict[str, Any]) -> float:
        tried.append(config)
        return 0.0

    grid_search(record, grid)
    return tried


COUNTS_ADDED = Mistake(
    "counts-added",
    bilingual(
        "A grid tries every combination, so the counts multiply: adding a hyperparameter "
        "with k values multiplies the cost by k, it does not add k.",
        "网格搜索尝试每一种组合，所以个数要相乘："
        "多一个有 k 个取值的超参数，代价乘以 k，而不是加 k。",
    ),
)
LONGEST_LIST_POWER = Mistake(
    "longest-list-power",
    bilingual(
        "n^k holds only when every hyperparameter has n values; otherwise multiply the "
        "actual counts.",
        "只有每个超参数都有 n 个取值时才是 n^k；否则要把各自的取值个数相乘。",
    ),
)
REPEATS_FORGOTTEN = Mistake(
    "repeats-forgotten",
    bilingual(
        "Each configuration is trained once per seed: multiply the number of configurations "
        "by the number of seeds.",
        "每个配置要用每个随机种子各训练一次：配置数还要乘以种子数。",
    ),
)
SEEDS_PER_HYPERPARAMETER = Mistake(
    "seeds-per-hyperparameter",
    bilingual(
        "The seeds multiply the number of configurations once: a run is one configuration "
        "with one seed, not one seed per hyperparameter.",
        "种子数只乘一次配置数：一次训练是“一个配置 + 一个种子”，而不是每个超参数各配一个种子。",
    ),
)

GRID_POOL = {
    "learning rate": LEARNING_RATES,
    "batch size": BATCH_SIZES,
    "weight decay": (0.0, 0.0001, 0.001, 0.01),
    "dropout": (0.0, 0.1, 0.2, 0.3, 0.5),
    "layers": (1, 2, 3, 4),
}
GRID_NAMES_ZH = {
    "learning rate": "学习率",
    "batch size": "批大小",
    "weight decay": "权重衰减",
    "dropout": "dropout",
    "layers": "层数",
}


@dataclass(frozen=True)
class Table:
    """Validation scores by (row value, column value): the score function of a search."""

    rows: str
    columns: str
    row_values: list
    column_values: list
    scores: np.ndarray  # (len(row_values), len(column_values))

    def score(self, config: dict[str, Any]) -> float:
        """The table's score for a configuration: the score function the searches call."""
        i = self.row_values.index(config[self.rows])
        j = self.column_values.index(config[self.columns])
        return float(self.scores[i, j])

    def grid(self) -> dict[str, list]:
        """The table's values as a search grid (or random-search space of choices)."""
        return {self.rows: self.row_values, self.columns: self.column_values}

    def render(self, metric: Text, rows_zh: str, columns_zh: str) -> Text:
        """The table as prompt lines: a header of column values, then one line per row."""
        header = " | ".join(label(v) for v in self.column_values)
        lines = [
            f"{label(v)} | " + " | ".join(fmt(s, 2) for s in row)
            for v, row in zip(self.row_values, self.scores, strict=True)
        ]
        return bilingual(
            f"{metric.en} ({self.rows} down, {self.columns} across):\n"
            f"{self.rows} \\ {self.columns} | {header}\n" + "\n".join(lines),
            f"{metric.zh}（纵向为{rows_zh}，横向为{columns_zh}）：\n"
            f"{rows_zh} \\ {columns_zh} | {header}\n" + "\n".join(lines),
        )

    def params(self) -> dict[str, Any]:
        """The table as JSON-ready params."""
        return {
            "rows": self.rows,
            "columns": self.columns,
            "row_values": self.row_values,
            "column_values": self.column_values,
            "scores": self.scores.tolist(),
        }


def draw_table(
    rng: np.random.Generator,
    rows: str,
    columns: str,
    row_pool: Sequence,
    column_pool: Sequence,
    low: float,
    high: float,
) -> Table:
    """Three row values by three column values, with distinct two-decimal scores in [low, high]."""
    row_values = [row_pool[i] for i in sorted(rng.choice(len(row_pool), 3, replace=False))]
    column_values = [column_pool[i] for i in sorted(rng.choice(len(column_pool), 3, replace=False))]
    hundredths = np.arange(round(low * 100), round(high * 100) + 1)
    scores = rng.choice(hundredths, size=(3, 3), replace=False) / 100  # distinct: no ties
    return Table(rows, columns, row_values, column_values, scores)


def as_pair(config: dict[str, Any], table: Table) -> tuple[float, float]:
    """A configuration as the answer vector [row value, column value]."""
    return (float(config[table.rows]), float(config[table.columns]))


WRONG_DIRECTION = Mistake(
    "wrong-direction",
    bilingual(
        "Keep the configuration with the best score: the lowest validation loss, or the "
        "highest validation accuracy.",
        "要保留得分最好的配置：验证损失最低，或验证准确率最高。",
    ),
)
ONE_AT_A_TIME = Mistake(
    "one-at-a-time",
    bilingual(
        "Grid search tries every combination. Tuning the learning rate at the first batch "
        "size and then the batch size at that learning rate can miss the best pair, when "
        "the two interact.",
        "网格搜索会尝试所有组合。先在第一个批大小下调学习率，再固定这个学习率调批大小，"
        "当两者相互影响时可能错过最好的组合。",
    ),
)
MARGINAL_AVERAGES = Mistake(
    "marginal-averages",
    bilingual(
        "Grid search picks the single best cell of the table, not the row with the best "
        "average combined with the column with the best average.",
        "网格搜索选的是表中最好的那一格，而不是把平均值最好的行与平均值最好的列拼在一起。",
    ),
)

LOSS = bilingual("Validation loss of each configuration", "每个配置的验证损失")
ACCURACY = bilingual("Validation accuracy of each configuration", "每个配置的验证准确率")


UNTRIED_OPTIMUM = Mistake(
    "untried-optimum",
    bilingual(
        "Random search only knows the scores of the configurations it drew; the best cell "
        "of the whole table was never tried.",
        "随机搜索只知道它抽到的配置的得分；整张表里最好的那一格它根本没有尝试过。",
    ),
)
LAST_TRIAL = Mistake(
    "last-trial",
    bilingual(
        "Random search returns the best configuration among all its trials, not the last "
        "one it tried.",
        "随机搜索返回所有试验中最好的配置，而不是最后尝试的那个。",
    ),
)
REFINED_AROUND_BEST = Mistake(
    "refined-around-best",
    bilingual(
        "Random search evaluates only the configurations it drew; it does not also try the "
        "neighbours of its best trial (its row and column of the table).",
        "随机搜索只评估它抽到的配置；它不会再去尝试最好那次试验的邻近配置（表中同一行和同一列）。",
    ),
)
FIRST_TRIAL = Mistake(
    "first-trial",
    bilingual(
        "Random search keeps the best of all its trials, not the first one it tried.",
        "随机搜索保留所有试验中最好的那个，而不是第一次尝试的那个。",
    ),
)
MEAN_OF_TRIALS = Mistake(
    "mean-of-trials",
    bilingual(
        "The search reports the best score it found, not the average over its trials.",
        "搜索报告的是找到的最好得分，而不是各次试验的平均。",
    ),
)
ONE_HYPERPARAMETER_AT_A_TIME = Mistake(
    "best-row-and-column",
    bilingual(
        "Random search tries whole configurations: combining the best dropout seen with the "
        "best hidden-unit count seen makes a configuration it may never have tried.",
        "随机搜索尝试的是完整的配置：把见过的最好 dropout 与见过的最好隐藏单元数拼在一起，"
        "得到的配置它可能从未试过。",
    ),
)


def run_random_search(
    table: Table, trials: int, seed: int, *, maximize: bool
) -> tuple[dict[str, Any], float, list[dict[str, Any]]]:
    """random_search over the table's values, and the configurations it drew, in order."""
    drawn = []

    def score(config: dict[str, Any]) -> float:
        drawn.append(config)
        return table.score(config)

    best, best_score = random_search(
        score, table.grid(), trials, np.random.default_rng(seed), maximize=maximize
    )
    if len({tuple(c.items()) for c in drawn}) < len(drawn):
        raise Degenerate  # the same configuration drawn twice: a wasted, confusing trial
    return best, best_score, drawn


def listed(drawn: list[dict[str, Any]], table: Table) -> str:
    """The drawn configurations as the prompt lists them: "(0.01, 64), (0.1, 32)"."""
    return ", ".join(f"({label(c[table.rows])}, {label(c[table.columns])})" for c in drawn)
