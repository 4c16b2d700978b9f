"""Placement and ``dlkg stats``: what the learner knows and what comes next."""

from __future__ import annotations

from dlkg.terminal.messages.entry import E, Entry

PROGRESS: dict[str, Entry] = {
    # Placement
    "placement.start": E(
        (
            "Placement quiz ({path}): up to {n} question to find what you know already.",
            "Placement quiz ({path}): up to {n} questions to find what you know already.",
        ),
        "定级测验（{path}）：最多 {n} 题，找出你已经掌握的概念。",
    ),
    "placement.keys": E(
        "Answer what you can, and type n if you don't know: a wrong answer or n just means "
        "the concept will be taught; it is marked known only on strong evidence (three right "
        "picks on it or on what builds on it, or one right typed answer). "
        "Ctrl-D or Ctrl-C stops.",
        "会的就答，不会就输入 n：答错或输入 n 只表示这个概念会教给你；只有证据充分时"
        "（它或以它为基础的概念答对三道选择题，或答对一道填写题）才标记为已掌握。"
        "按 Ctrl-D 或 Ctrl-C 停止。",
    ),
    "placement.header": E(
        "[{number}/{total}] placement · {domain} · n: I don't know",
        "[{number}/{total}] 定级 · {domain} · n：不知道",
        "[{number}/{total}] placement · {domain} · n: I don't know · 不知道",
    ),
    "placement.dont_know": E("→ I don't know", "→ 不知道", "→ I don't know · 不知道"),
    "placement.known": E("→ probably known: {terms}", "→ 可能已掌握：{terms}"),
    "placement.unknown": E("→ to learn: {terms}", "→ 待学习：{terms}"),
    "placement.ended": E("Placement ended early.", "定级提前结束。"),
    "placement.title": E("Placement result", "定级结果"),
    "placement.marked.known": E("Marked known ({n}): {terms}", "标记为已掌握（{n}）：{terms}"),
    "placement.marked.unknown": E("Marked to learn ({n}): {terms}", "标记为待学习（{n}）：{terms}"),
    "placement.undetermined": E(
        (
            "Not determined: {n} concept; 'dlkg study' introduces it in learning-path order.",
            "Not determined: {n} concepts; 'dlkg study' introduces them in learning-path order.",
        ),
        "未确定：{n} 个概念；'dlkg study' 会按学习路径顺序介绍它们。",
    ),
    # Stats
    "stats.database": E("Study database: {path} (at {at})", "学习数据库：{path}（{at}）"),
    "stats.no_database": E(
        "No study database yet at {path}; 'dlkg study' starts one.",
        "{path} 还没有学习数据库；'dlkg study' 会新建一个。",
    ),
    "stats.forecast": E(
        "Due: today {today}, tomorrow {tomorrow}, next 7 days {week}",
        "待复习：今天 {today}，明天 {tomorrow}，7 天内 {week}",
        "Due · 待复习: today {today}, tomorrow {tomorrow}, next 7 days {week}",
    ),
    "stats.domains": E("Domains", "领域"),
    "stats.domain.line": E(
        "{learned}/{concepts} learned · {cards} cards · {due} due · {answers} answers{accuracy}",
        "已学会 {learned}/{concepts} · {cards} 张卡片 · {due} 张到期 · 作答 {answers} 次{accuracy}",
        "{learned}/{concepts} learned · {cards} cards · {due} due · {answers} answers{accuracy}",
    ),
    "stats.accuracy": E(" · {share} right", " · 正确率 {share}", " · {share} right"),
    "stats.concepts": E("Concepts (what needs attention first)", "概念（需要关注的排在前面）"),
    "stats.none": E("none studied yet", "尚未学习任何概念"),
    "stats.due": E("due {when}", "{when}到期", "due {when}"),
    "stats.answers": E(("{n} answer{accuracy}", "{n} answers{accuracy}"), "作答 {n} 次{accuracy}"),
    "stats.not_learned": E("not learned yet", "尚未学会"),
    "stats.frontier": E("Frontier: ready to learn next", "可以开始学的概念"),
    "stats.more": E("... and {n} more", "……还有 {n} 个"),
    "stats.path": E(
        "Path to {term}: {learned}/{total} learned",
        "通往「{term}」的路径：已学会 {learned}/{total}",
    ),
    "stats.legend": E(
        "✓ learned   ◐ studying   ○ ready to learn   · locked   bar: retrievability",
        "✓ 已学会   ◐ 学习中   ○ 可以学   · 未解锁   条形：记忆保持率",
        "✓ learned 已学会   ◐ studying 学习中   ○ ready to learn 可以学   · locked 未解锁   "
        "bar: retrievability 记忆保持率",
    ),
    "stats.needs": E("needs {terms}", "需先学：{terms}"),
    "stats.check.none": E(
        "No study database at {path}: nothing to check.", "{path} 没有学习数据库：无需检查。"
    ),
    "stats.reviews": E(
        "Reviews: {dlkg} in dlkg, {anki} in Anki (read by 'dlkg anki reviews')",
        "复习：dlkg 中 {dlkg} 次，Anki 中 {anki} 次（由 'dlkg anki reviews' 读入）",
        "Reviews · 复习: {dlkg} in dlkg, {anki} in Anki (read by 'dlkg anki reviews')",
    ),
    "stats.anki_reviews": E(" + {count} in Anki", " + Anki 中 {count} 次"),
    "optimize.no_database": E(
        "no study database at {path}: study first (dlkg study, or dlkg anki reviews)",
        "{path} 没有学习数据库：请先学习（dlkg study，或 dlkg anki reviews）",
    ),
    "optimize.fitted": E(
        "Fitted FSRS weights to your reviews ({reviews} a day or more after the previous).",
        "已按你的复习记录拟合 FSRS 权重（{reviews} 次复习距上一次一天或更久）。",
    ),
    "optimize.scores": E(
        "log loss {before} → {after}   RMSE {rmse_before} → {rmse_after}"
        "   (default → fitted; lower is better)",
        "对数损失 {before} → {after}   RMSE {rmse_before} → {rmse_after}"
        "   （默认 → 拟合；越低越好）",
    ),
    "optimize.saved": E(
        "Saved in {path}: dlkg study schedules with your weights from now on.",
        "已保存到 {path}：从现在起 dlkg study 用你的权重安排复习。",
    ),
    "optimize.kept": E(
        "The default weights predict your reviews as well: kept them.",
        "默认权重对你的复习预测得一样好：保留默认权重。",
    ),
    "stats.check.ok": E(
        "OK: {path}: integrity ok; {cards} cards, {reviews} reviews, {marks} knowledge marks",
        "正常：{path}：完整性检查通过；{cards} 张卡片，{reviews} 次复习，{marks} 个掌握标记",
    ),
    "stats.check.problems": E("{n} problem(s) in {path}", "{path} 中有 {n} 个问题"),
    "progress.learning": E("learning", "学习中"),
    "progress.review": E("reviewing", "复习中"),
    "progress.known": E("known (marked)", "已掌握（标记）"),
    "progress.ready": E("ready to learn", "可以学"),
    "progress.locked": E("locked", "未解锁"),
    "none": E("none", "无", "none"),
}
