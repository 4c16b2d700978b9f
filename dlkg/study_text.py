"""The sentences of issue 15's study features, in English and 中文, in one place.

Resets, the daily review cap, almost-right terms, the "I was right" override and
the "close" retry of a number print these (each a :class:`kg.concept.Text` with
``{placeholders}``), so that they move together into the message catalogue.
"""

from __future__ import annotations

from kg.concept import Text

RESET_DONE = Text(
    "Reset: {term} is new again: {items} item(s) unscheduled{mark}; its {reviews} review(s) "
    "stay in the log. 'dlkg study' teaches it from the start.",
    "已重置：{term} 重新成为新概念：{items} 个记忆项已取消排期{mark}；它的 {reviews} 条复习记录"
    "仍保留在日志中。'dlkg study' 会从头教它。",
)
RESET_MARK = Text(", its '{status}' mark removed", "，其「{status}」标记已移除")
RESET_NOTHING = Text(
    "{term} has nothing to reset: it was never studied or marked.",
    "{term} 无需重置：从未学习或标记过。",
)
RESET_PLACEMENT_DONE = Text(
    "Placement undone: {n} mark(s) removed ({known} known, {unknown} to learn): {terms}. "
    "'dlkg study' teaches them in learning-path order.",
    "已撤销定级：移除了 {n} 个标记（{known} 个已掌握，{unknown} 个待学）：{terms}。"
    "'dlkg study' 会按学习路径顺序教这些概念。",
)
RESET_PLACEMENT_NOTHING = Text(
    "No placement marks to undo.",
    "没有可撤销的定级标记。",
)
CAP_START = Text(
    "at most {cap} review(s) a day (--max-reviews)",
    "每天最多复习 {cap} 张（--max-reviews）",
)
CAP_DEFERRED = Text(
    "{n} review(s) deferred to tomorrow by the daily cap of {cap}; --max-reviews to change.",
    "{n} 张复习卡因每日上限 {cap} 推迟到明天；用 --max-reviews 修改上限。",
)
PASSED_OVER = Text(
    "Passed over: {term} is not introduced (nothing was answered); another session offers it.",
    "已跳过：{term} 没有被引入（尚未作答）；以后的学习会再提供它。",
)
ALMOST = Text("≈ Almost: one letter off (rated Hard)", "≈ 差一点：差一个字符（评为困难）")
"""A label: the answer follows it."""
DIFF_TYPED = Text("you typed", "你输入的")
DIFF_EXPECTED = Text("expected", "正确答案")
OVERRIDE_PROMPT = Text(
    "Press r if you were right (counted right, logged as your override), Enter to go on",
    "如果你其实答对了，按 r（记为正确，并记录为你的更正）；按回车继续",
)
OVERRIDDEN = Text(
    "Counted as right: your override is logged.",
    "已记为正确：你的更正已记录。",
)
CLOSE_RETRY = Text(
    "Close — give {wanted} significant figures (you gave {typed}). One more try:",
    "接近了——请给出 {wanted} 位有效数字（你给了 {typed} 位）。再试一次：",
)
SKILL_READY = Text(
    "Numeric questions ready now: {terms}",
    "现在可以做数值题：{terms}",
)


SHORT = 60
"""With ``--lang both``, sentences up to this long share a line (`` · ``); longer ones
take two."""


def say(text: Text, lang: str, **values: object) -> str:
    """``text`` in ``lang``, filled in: "en" or "zh" alone; "both" English then Chinese,
    on one line when short, else on two.

    >>> say(RESET_PLACEMENT_NOTHING, "both")
    'No placement marks to undo. · 没有可撤销的定级标记。'
    """
    english, chinese = text.en.format(**values), text.zh.format(**values)
    if lang == "en":
        return english
    if lang == "zh":
        return chinese
    return f"{english} · {chinese}" if len(english) <= SHORT else f"{english}\n{chinese}"
