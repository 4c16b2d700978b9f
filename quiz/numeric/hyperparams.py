"""Numeric templates for engine.hyperparams: steps per epoch, grid search and random search.

The search templates score configurations with a table the prompt shows (a stand-in for
training and validating each one), so that the search itself is what is practised.

The search templates' tables, trials and named mistakes are :mod:`quiz.numeric.search_tables`.
"""

from __future__ import annotations

import numpy as np

from engine.hyperparams import grid_search, steps_per_epoch
from quiz.numeric.base import (
    NON_NEGATIVE,
    Degenerate,
    Distractor,
    Mistake,
    Problem,
    bilingual,
    fmt,
    template,
)
from quiz.numeric.search_tables import (
    ACCURACY,
    BATCH_SIZES,
    COUNTS_ADDED,
    FIRST_TRIAL,
    GRID_NAMES_ZH,
    GRID_POOL,
    LAST_TRIAL,
    LEARNING_RATES,
    LONGEST_LIST_POWER,
    LOSS,
    MARGINAL_AVERAGES,
    MEAN_OF_TRIALS,
    ONE_AT_A_TIME,
    ONE_HYPERPARAMETER_AT_A_TIME,
    REFINED_AROUND_BEST,
    REPEATS_FORGOTTEN,
    SEEDS_PER_HYPERPARAMETER,
    UNTRIED_OPTIMUM,
    WRONG_DIRECTION,
    as_pair,
    calls_of,
    draw_table,
    label,
    listed,
    run_random_search,
)

LAST_BATCH_DROPPED = Mistake(
    "last-batch-dropped",
    bilingual(
        "By default (drop_last=False) the last, smaller batch is kept: an epoch has "
        "ceil(n / batch_size) steps, not floor.",
        "默认（drop_last=False）会保留最后那个较小的批次：一个 epoch 有 ceil(n / batch_size) 步，"
        "而不是 floor。",
    ),
)
BATCHES_CARRIED_OVER = Mistake(
    "batches-carried-over",
    bilingual(
        "Every epoch starts a fresh pass over the data with its own smaller last batch: "
        "the total is epochs · ceil(n / batch_size), not ceil(epochs · n / batch_size).",
        "每个 epoch 都重新遍历一遍数据，各自有一个较小的最后批次："
        "总步数是 epochs · ceil(n / batch_size)，而不是 ceil(epochs · n / batch_size)。",
    ),
)
ONE_EPOCH_ONLY = Mistake(
    "one-epoch-only",
    bilingual(
        "That is the number of steps in one epoch; multiply by the number of epochs.",
        "这是一个 epoch 的步数；还要乘以 epoch 数。",
    ),
)
EVALUATION_STEPS_COUNTED = Mistake(
    "evaluation-steps-counted",
    bilingual(
        "Evaluating on the validation set is forward passes only: it takes no optimizer "
        "step, so its batches do not count.",
        "在验证集上评估只做前向计算，不执行优化步，所以验证批次不计入。",
    ),
)
VALIDATION_TRAINED_ON = Mistake(
    "validation-trained-on",
    bilingual(
        "The validation examples are held out: the epoch batches the training examples "
        "alone, so do not add them to n.",
        "验证样本是留出来的：每个 epoch 只对训练样本分批，不要把它们加进 n。",
    ),
)


@template(
    "training-steps",
    engines=["engine.hyperparams:steps_per_epoch"],
    title=("Optimizer steps in a training run", "一次训练的优化步数"),
    rel=0.0,
    abs=0.5,
    integer=True,
    valid=NON_NEGATIVE,
)
def training_steps(rng: np.random.Generator) -> Problem:
    """steps = epochs · ceil(n / batch_size), the DataLoader default drop_last=False.

    The validation set evaluated after each epoch takes no step: counting its
    batches, or training on it, are the mistakes that overcount.
    """
    n = int(rng.integers(20, 600)) * 100
    batch_size = int(rng.choice(BATCH_SIZES))
    epochs = int(rng.integers(2, 11))
    validation = int(rng.integers(2, 40)) * 100
    per_epoch = steps_per_epoch(n, batch_size)
    answer = float(epochs * per_epoch)
    full, remainder = divmod(n, batch_size)
    if remainder == 0:
        raise Degenerate  # ceil and floor agree: the question would not test the last batch
    evaluation = steps_per_epoch(validation, batch_size)
    return Problem(
        prompt=bilingual(
            f"A model is trained for {epochs} epochs on {n:,} examples with batch size "
            f"{batch_size} (a PyTorch DataLoader with the default drop_last=False); after each "
            f"epoch it is evaluated on {validation:,} held-out validation examples with the "
            "same batch size. How many optimizer steps does training take in total (one step "
            "per training batch)?",
            f"用 {n:,} 个样本训练模型 {epochs} 个 epoch，批大小为 {batch_size}"
            "（PyTorch DataLoader，默认 drop_last=False）；每个 epoch 结束后用相同的批大小"
            f"在 {validation:,} 个留出的验证样本上评估。"
            "整个训练共有多少个优化步（每个训练批次一步）？",
        ),
        answer=answer,
        solution=bilingual(
            f"1. {n:,} = {full:,} · {batch_size} + {remainder}: {full:,} full batches and a "
            f"last batch of {remainder}, which is kept, so one epoch has ceil({n:,} / "
            f"{batch_size}) = {per_epoch:,} steps.\n"
            f"2. {epochs} epochs: {epochs} · {per_epoch:,} = {fmt(answer)} steps; evaluation "
            "takes none.",
            f"1. {n:,} = {full:,} · {batch_size} + {remainder}：{full:,} 个满批次，最后一个批次有 "
            f"{remainder} 个样本且被保留，所以一个 epoch 有 ceil({n:,} / {batch_size}) "
            f"= {per_epoch:,} 步。\n"
            f"2. {epochs} 个 epoch：{epochs} · {per_epoch:,} = {fmt(answer)} 步；"
            "评估不执行优化步。",
        ),
        params={"n": n, "batch_size": batch_size, "epochs": epochs, "validation": validation},
        distractors=(
            Distractor(
                float(epochs * steps_per_epoch(n, batch_size, drop_last=True)),
                LAST_BATCH_DROPPED,
            ),
            Distractor(float(steps_per_epoch(epochs * n, batch_size)), BATCHES_CARRIED_OVER),
            Distractor(float(per_epoch), ONE_EPOCH_ONLY),
            Distractor(
                float(epochs * (per_epoch + evaluation)), EVALUATION_STEPS_COUNTED, optional=True
            ),
            Distractor(
                float(epochs * steps_per_epoch(n + validation, batch_size)),
                VALIDATION_TRAINED_ON,
                optional=True,
            ),
        ),
    )


DROP_LAST_IGNORED = Mistake(
    "drop-last-ignored",
    bilingual(
        "drop_last=True discards the last, incomplete batch: an epoch has "
        "floor(n / batch_size) steps, not ceil.",
        "drop_last=True 会丢弃最后那个不完整的批次：一个 epoch 有 floor(n / batch_size) 步，"
        "而不是 ceil。",
    ),
)
SPLIT_FORGOTTEN = Mistake(
    "split-forgotten",
    bilingual(
        "Only the training split is batched for training: subtract the validation examples "
        "from n first.",
        "训练时只对训练集分批：要先从 n 中减去验证集的样本。",
    ),
)
VALIDATION_BATCHES_COUNTED = Mistake(
    "validation-batches-counted",
    bilingual(
        "Validation batches are forward passes only; an optimizer step is taken for each "
        "training batch alone.",
        "验证集的批次只做前向计算；只有训练批次才执行优化步。",
    ),
)
DROPPED_TWICE = Mistake(
    "dropped-twice",
    bilingual(
        "floor(n / batch_size) already leaves out the incomplete last batch; do not subtract "
        "another step.",
        "floor(n / batch_size) 已经去掉了最后那个不完整的批次；不要再减一步。",
    ),
)
SPLIT_SWAPPED = Mistake(
    "split-swapped",
    bilingual(
        "The held-out percentage is the validation share: training uses the rest of the examples.",
        "留出的百分比是验证集的份额：训练用的是其余的样本。",
    ),
)


@template(
    "steps-per-epoch-drop-last",
    engines=["engine.hyperparams:steps_per_epoch"],
    title=("Steps per epoch with a validation split", "划出验证集后每个 epoch 的步数"),
    rel=0.0,
    abs=0.5,
    integer=True,
    valid=NON_NEGATIVE,
)
def steps_per_epoch_drop_last(rng: np.random.Generator) -> Problem:
    """steps = floor((n - n_val) / batch_size) with drop_last=True."""
    n = int(rng.integers(20, 600)) * 100
    fraction = int(rng.choice([10, 20, 25]))
    held_out = n * fraction // 100
    train = n - held_out
    batch_size = int(rng.choice(BATCH_SIZES[:4]))
    answer = float(steps_per_epoch(train, batch_size, drop_last=True))
    full, remainder = divmod(train, batch_size)
    if remainder == 0:
        raise Degenerate  # nothing to drop: drop_last would not matter
    validation_steps = steps_per_epoch(held_out, batch_size)
    return Problem(
        prompt=bilingual(
            f"Of {n:,} labelled examples, {fraction}% are held out for validation. The "
            f"training DataLoader uses batch_size={batch_size}, shuffle=True, drop_last=True; "
            f"validation runs after each epoch with the same batch size. How many optimizer "
            "steps does one epoch take?",
            f"{n:,} 个带标签样本中，{fraction}% 留作验证集。训练用的 DataLoader 设置 "
            f"batch_size={batch_size}、shuffle=True、drop_last=True；每个 epoch 结束后用相同的"
            "批大小做验证。一个 epoch 有多少个优化步？",
        ),
        answer=answer,
        solution=bilingual(
            f"1. Training examples: {n:,} - {held_out:,} = {train:,}.\n"
            f"2. {train:,} = {full:,} · {batch_size} + {remainder}: drop_last=True discards "
            f"the last batch of {remainder}, leaving {fmt(answer)} steps (validation takes "
            "none).",
            f"1. 训练样本：{n:,} - {held_out:,} = {train:,}。\n"
            f"2. {train:,} = {full:,} · {batch_size} + {remainder}：drop_last=True 丢弃最后那个 "
            f"{remainder} 个样本的批次，剩 {fmt(answer)} 步（验证不执行优化步）。",
        ),
        params={"n": n, "held_out": held_out, "batch_size": batch_size},
        distractors=(
            Distractor(float(steps_per_epoch(train, batch_size)), DROP_LAST_IGNORED),
            Distractor(float(steps_per_epoch(n, batch_size, drop_last=True)), SPLIT_FORGOTTEN),
            Distractor(answer + validation_steps, VALIDATION_BATCHES_COUNTED),
            Distractor(answer - 1, DROPPED_TWICE, optional=True),
            Distractor(
                float(steps_per_epoch(held_out, batch_size, drop_last=True)),
                SPLIT_SWAPPED,
                optional=True,
            ),
        ),
    )


@template(
    "grid-search-cost",
    engines=["engine.hyperparams:grid_search"],
    title=("How many runs a grid search costs", "网格搜索要训练多少次"),
    options=3,
    rel=0.0,
    abs=0.5,
    integer=True,
    valid=NON_NEGATIVE,
)
def grid_search_cost(rng: np.random.Generator) -> Problem:
    """runs = seeds · Π_k |values_k|: grid search tries every combination."""
    names = [
        str(name)
        for name in rng.choice(list(GRID_POOL), size=int(rng.integers(2, 4)), replace=False)
    ]
    grid = {}
    for name in names:
        pool = GRID_POOL[name]
        picked = rng.choice(len(pool), size=int(rng.integers(2, len(pool) + 1)), replace=False)
        grid[name] = [pool[i] for i in sorted(picked)]
    seeds = int(rng.integers(2, 6))
    configurations = len(calls_of(grid))
    answer = float(configurations * seeds)
    counts = [len(values) for values in grid.values()]
    listing = "; ".join(f"{name}: {', '.join(label(v) for v in grid[name])}" for name in grid)
    listing_zh = "；".join(
        f"{GRID_NAMES_ZH[name]}：{'、'.join(label(v) for v in grid[name])}" for name in grid
    )
    product = " · ".join(str(c) for c in counts)
    return Problem(
        prompt=bilingual(
            f"A grid search tries these values ({listing}). Each configuration is trained "
            f"with {seeds} different random seeds. How many training runs is that?",
            f"网格搜索尝试这些取值（{listing_zh}）。每个配置用 {seeds} 个不同的随机种子各训练一次。"
            "一共要训练多少次？",
        ),
        answer=answer,
        solution=bilingual(
            f"1. The grid is every combination: {product} = {configurations} configurations.\n"
            f"2. {seeds} seeds each: {configurations} · {seeds} = {fmt(answer)} runs.",
            f"1. 网格是所有组合：{product} = {configurations} 个配置。\n"
            f"2. 每个配置 {seeds} 个种子：{configurations} · {seeds} = {fmt(answer)} 次。",
        ),
        params={"grid": grid, "seeds": seeds},
        distractors=(
            Distractor(float(sum(counts) * seeds), COUNTS_ADDED),
            Distractor(float(max(counts) ** len(counts) * seeds), LONGEST_LIST_POWER),
            Distractor(float(configurations), REPEATS_FORGOTTEN),
            Distractor(
                float(configurations * seeds ** len(counts)),
                SEEDS_PER_HYPERPARAMETER,
                optional=True,
            ),
        ),
    )


@template(
    "grid-search-best",
    engines=["engine.hyperparams:grid_search"],
    title=("The configuration a grid search returns", "网格搜索选出的配置"),
    abs=1e-5,
    exact=True,
)
def grid_search_best(rng: np.random.Generator) -> Problem:
    """best = argmin over every (lr, batch size) in the grid of the validation loss."""
    table = draw_table(rng, "lr", "batch size", LEARNING_RATES, BATCH_SIZES, 0.2, 1.2)
    grid = table.grid()
    best, best_loss = grid_search(table.score, grid, maximize=False)
    worst, _ = grid_search(table.score, grid, maximize=True)
    first_batch = {"lr": grid["lr"], "batch size": grid["batch size"][:1]}
    lr_first = grid_search(table.score, first_batch, maximize=False)[0]["lr"]
    one_at_a_time, _ = grid_search(
        table.score, {"lr": [lr_first], "batch size": grid["batch size"]}, maximize=False
    )
    row_means, column_means = table.scores.mean(axis=1), table.scores.mean(axis=0)
    lr_by_mean, _ = grid_search(
        lambda c: row_means[grid["lr"].index(c["lr"])], {"lr": grid["lr"]}, maximize=False
    )
    batch_by_mean, _ = grid_search(
        lambda c: column_means[grid["batch size"].index(c["batch size"])],
        {"batch size": grid["batch size"]},
        maximize=False,
    )
    answer = as_pair(best, table)
    shown = table.render(LOSS, "学习率", "批大小")
    return Problem(
        prompt=bilingual(
            f"{shown.en}\nA grid search over these values keeps the configuration with the "
            "lowest validation loss. Which does it return? Give [lr, batch size].",
            f"{shown.zh}\n在这些取值上做网格搜索，保留验证损失最低的配置。它返回哪个配置？"
            "以 [学习率, 批大小] 的形式给出。",
        ),
        answer=answer,
        solution=bilingual(
            f"1. Grid search scores all {table.scores.size} cells of the table.\n"
            f"2. The lowest loss is {fmt(best_loss)}, at lr = {label(answer[0])}, batch size "
            f"= {label(answer[1])}: the answer is {fmt(answer)}.",
            f"1. 网格搜索对表中全部 {table.scores.size} 格打分。\n"
            f"2. 最低损失为 {fmt(best_loss)}，在学习率 = {label(answer[0])}、批大小 = "
            f"{label(answer[1])} 处：答案是 {fmt(answer)}。",
        ),
        params=table.params(),
        distractors=(
            Distractor(as_pair(worst, table), WRONG_DIRECTION),
            Distractor(as_pair(one_at_a_time, table), ONE_AT_A_TIME),
            Distractor(
                (float(lr_by_mean["lr"]), float(batch_by_mean["batch size"])), MARGINAL_AVERAGES
            ),
        ),
    )


@template(
    "random-search-best",
    engines=["engine.hyperparams:random_search"],
    title=("The configuration a random search returns", "随机搜索选出的配置"),
    abs=1e-5,
    exact=True,
)
def random_search_best(rng: np.random.Generator) -> Problem:
    """best = argmax over the drawn trials only of the validation accuracy."""
    table = draw_table(rng, "lr", "batch size", LEARNING_RATES, BATCH_SIZES, 0.6, 0.95)
    seed = int(rng.integers(2**31))
    best, best_score, drawn = run_random_search(table, 4, seed, maximize=True)
    worst, _, _ = run_random_search(table, 4, seed, maximize=False)
    optimum, _ = grid_search(table.score, table.grid())
    answer = as_pair(best, table)
    shown = table.render(ACCURACY, "学习率", "批大小")
    scores = ", ".join(fmt(table.score(c), 2) for c in drawn)
    return Problem(
        prompt=bilingual(
            f"{shown.en}\nA random search with 4 trials drew, in this order, the "
            f"configurations (lr, batch size) = {listed(drawn, table)}. It keeps the one with "
            "the highest validation accuracy. Which does it return? Give [lr, batch size].",
            f"{shown.zh}\n随机搜索做了 4 次试验，依次抽到的配置（学习率, 批大小）为 "
            f"{listed(drawn, table)}。它保留验证准确率最高的配置。它返回哪个配置？"
            "以 [学习率, 批大小] 的形式给出。",
        ),
        answer=answer,
        solution=bilingual(
            f"1. Look up the trials' accuracies: {scores}.\n"
            f"2. The highest is {fmt(best_score)}: the answer is {fmt(answer)}. Random search "
            "never sees the cells it did not draw.",
            f"1. 查出各次试验的准确率：{scores}。\n"
            f"2. 最高为 {fmt(best_score)}：答案是 {fmt(answer)}。随机搜索看不到它没抽到的格子。",
        ),
        params={**table.params(), "drawn": [list(as_pair(c, table)) for c in drawn]},
        distractors=(
            Distractor(as_pair(optimum, table), UNTRIED_OPTIMUM),
            Distractor(as_pair(worst, table), WRONG_DIRECTION),
            Distractor(as_pair(drawn[-1], table), LAST_TRIAL),
        ),
    )


@template(
    "random-search-best-loss",
    engines=["engine.hyperparams:random_search"],
    title=("The best loss a random search finds", "随机搜索找到的最低损失"),
    options=3,
    valid=NON_NEGATIVE,
)
def random_search_best_loss(rng: np.random.Generator) -> Problem:
    """best loss = min over the drawn trials only of the validation loss."""
    table = draw_table(
        rng, "dropout", "hidden units", (0.0, 0.1, 0.2, 0.3, 0.5), (64, 128, 256, 512), 0.3, 1.5
    )
    seed = int(rng.integers(2**31))
    _, best_loss, drawn = run_random_search(table, 5, seed, maximize=False)
    _, worst_loss, _ = run_random_search(table, 5, seed, maximize=True)
    _, optimum_loss = grid_search(table.score, table.grid(), maximize=False)
    losses = [table.score(c) for c in drawn]
    best = drawn[int(np.argmin(losses))]
    refined = min(
        min(table.score({**best, "dropout": row}) for row in table.row_values),
        min(table.score({**best, "hidden units": column}) for column in table.column_values),
    )
    combined = min(
        table.score({"dropout": row, "hidden units": column})
        for row in {c["dropout"] for c in drawn}
        for column in {c["hidden units"] for c in drawn}
    )
    shown = table.render(LOSS, "dropout", "隐藏单元数")
    return Problem(
        prompt=bilingual(
            f"{shown.en}\nA random search with 5 trials drew, in this order, the "
            f"configurations (dropout, hidden units) = {listed(drawn, table)}. What is the "
            "lowest validation loss it finds?",
            f"{shown.zh}\n随机搜索做了 5 次试验，依次抽到的配置（dropout, 隐藏单元数）为 "
            f"{listed(drawn, table)}。它找到的最低验证损失是多少？",
        ),
        answer=best_loss,
        solution=bilingual(
            f"1. Look up the trials' losses: {fmt(losses, 2)}.\n"
            f"2. The lowest is {fmt(best_loss)}. Cells that were not drawn do not count, even "
            "if they are lower.",
            f"1. 查出各次试验的损失：{fmt(losses, 2)}。\n"
            f"2. 最低为 {fmt(best_loss)}。没有抽到的格子即使更低也不算。",
        ),
        params={**table.params(), "drawn": [list(as_pair(c, table)) for c in drawn]},
        distractors=(
            Distractor(optimum_loss, UNTRIED_OPTIMUM),
            Distractor(worst_loss, WRONG_DIRECTION),
            Distractor(float(np.mean(losses)), MEAN_OF_TRIALS),
            *(
                [Distractor(combined, ONE_HYPERPARAMETER_AT_A_TIME, optional=True)]
                if combined not in (best_loss, optimum_loss)
                else []
            ),
            Distractor(losses[-1], LAST_TRIAL, optional=True) if losses[-1] != best_loss else None,
            Distractor(losses[0], FIRST_TRIAL, optional=True) if losses[0] != best_loss else None,
            Distractor(refined, REFINED_AROUND_BEST, optional=True)
            if refined not in (best_loss, optimum_loss)
            else None,
        ),
    )
