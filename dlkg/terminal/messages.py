"""Every interface string dlkg prints, in English and 中文: a table, one entry per string.

:func:`message` gives the string of a key in a language:

- ``en`` and ``zh``: that language alone;
- ``both``: the entry's own ``both`` form when it has one; for a label or a
  prompt (``JOINED``), the English and the Chinese joined by `` · ``
  (``Definition · 定义``); for a sentence, the English line, then the Chinese
  line: each language once; for a part of a line (``INLINE``: a header, a
  table cell, a title, a piece another message holds), the English, its
  values as they print in both (a term: ``Term d · 术语 d``).

What :func:`message` returns is a :class:`Both`: a ``str`` (the text to print)
that also carries the English and the Chinese apart, so that a message holding
another (``{when}`` holding "in 10 min" / "10 分钟后") fills its English with the
English and its Chinese with the Chinese.

English entries may be a (singular, plural) pair chosen by the value ``n``.
The test ``tests/dlkg/test_terminal.py`` checks that no Chinese entry holds
English words (beyond names such as Ctrl-D, FSRS or an option), so that
``--lang zh`` prints an interface in Chinese only.

Examples
--------
>>> message("quiz.start", "en", n=1, seed=3)
'1 question (seed 3). Ctrl-D or Ctrl-C ends the quiz.'
>>> message("quiz.start", "zh", n=2, seed=3)
'共 2 题（种子 3）。按 Ctrl-D 或 Ctrl-C 结束测验。'
>>> message("verdict.right", "both"), message("show.definition", "both")
('✓ Right · 正确', 'Definition · 定义')
>>> print(message("summary.next.none", "both"))
Next review: nothing scheduled yet
下次复习：尚无安排
>>> later = message("time.minutes", "both", n=10)
>>> print(message("ending.limit", "both", n=5, later=message("ending.later", "both", when=later)))
Stopped after 5 answers (--limit). Then the next review is due in 10 min.
已作答 5 次，达到上限（--limit）。之后：下次复习：10 分钟后。
"""

from __future__ import annotations

from typing import NamedTuple

LANGUAGES = ("en", "zh", "both")


class Both(str):
    """A text as printed (a ``str``), with its English and its Chinese apart.

    >>> term = Both("Gradient · 梯度", "Gradient", "梯度")
    >>> term, term.en, term.zh
    ('Gradient · 梯度', 'Gradient', '梯度')
    """

    en: str
    zh: str

    def __new__(cls, text: str, en: str | None = None, zh: str | None = None) -> Both:
        both = super().__new__(cls, text)
        both.en = text if en is None else en
        both.zh = text if zh is None else zh
        return both


def either(en: str, zh: str, lang: str) -> str:
    """``en`` or ``zh`` in a language; in both, a :class:`Both` printed as the English."""
    if lang == "zh":
        return zh
    return en if lang == "en" else Both(en, en, zh)


class Entry(NamedTuple):
    en: str | tuple[str, str]
    zh: str
    both: str | None = None
    """The ``both`` form; None: the English, or both joined for a key in ``JOINED``."""


E = Entry

MESSAGES: dict[str, Entry] = {
    # Answering (dlkg/asking.py)
    "prompt.answer": E("Your answer", "你的答案"),
    "prompt.reveal": E("Press Enter to see the answer", "按回车键查看答案"),
    "prompt.rate": E(
        "How well did you recall it? 1 Again, 2 Hard, 3 Good, 4 Easy",
        "回忆得怎么样？1 重来，2 困难，3 良好，4 简单",
        "How well did you recall it? · 回忆得怎么样？ 1 Again 重来, 2 Hard 困难, "
        "3 Good 良好, 4 Easy 简单",
    ),
    "prompt.rate.invalid": E(
        "Press 1, 2, 3 or 4.", "请按 1、2、3 或 4。", "Press 1, 2, 3 or 4. · 请按 1–4。"
    ),
    "hint.none": E("No hint for this question.", "此题没有提示。"),
    "verdict.right": E("✓ Right", "✓ 正确", "✓ Right · 正确"),
    "verdict.right.answer": E("✓ Right: {answer}", "✓ 正确：{answer}", "✓ Right · 正确: {answer}"),
    "verdict.wrong": E(
        "✗ Wrong: the answer is {answer}",
        "✗ 错误：正确答案是 {answer}",
        "✗ Wrong · 错误: the answer is · 正确答案是 {answer}",
    ),
    "answer.definition": E("Definition", "定义"),
    # Ratings and times
    "rating.1": E("Again", "重来"),
    "rating.2": E("Hard", "困难"),
    "rating.3": E("Good", "良好"),
    "rating.4": E("Easy", "简单"),
    "time.now": E("now", "现在", "now"),
    "time.minutes": E("in {n} min", "{n} 分钟后", "in {n} min"),
    "time.hours": E("in {n} h", "{n} 小时后", "in {n} h"),
    "time.days": E(("in 1 day", "in {n} days"), "{n} 天后", "in {n} days"),
    # Study (dlkg/commands/study.py)
    "study.start": E(
        (
            "Study session ({path}): {due} card due, up to {new} new concept(s).",
            "Study session ({path}): {due} cards due, up to {new} new concept(s).",
        ),
        "学习（{path}）：{due} 张卡片到期，最多 {new} 个新概念。",
    ),
    "study.keys": E(
        "Type ? for a hint, /h for the controls (skip, bury, suspend, undo, quit). "
        "Ctrl-D or Ctrl-C ends the session.",
        "输入 ? 查看提示，/h 查看操作（跳过、搁置、暂停、撤销、退出）。"
        "按 Ctrl-D 或 Ctrl-C 结束学习。",
    ),
    "study.ended": E("Session ended early.", "学习提前结束。"),
    "study.quit": E("Session ended.", "本次学习结束。", "Session ended. · 本次学习结束。"),
    "study.read": E(
        "Read it, then press Enter for a question on it (the text is cleared first; q ends)",
        "读完后按回车键开始提问（先清屏；输入 q 结束）",
    ),
    "study.slow": E(
        " (right, but slower than {seconds} s)",
        "（答对了，但用时超过 {seconds} 秒）",
        " (right, but slower than {seconds} s · 答对了，但用时较长)",
    ),
    "study.resumed": E("Resumed: {term}.", "已恢复：{term}。"),
    "study.not_suspended": E("{term} was not suspended.", "「{term}」没有被暂停。"),
    # Issue 15: resets, the daily review cap, fair typed answers
    "study.cap": E(
        "At most {cap} reviews a day, the most overdue first (--max-reviews N to change).",
        "每天最多复习 {cap} 张，最逾期的优先（用 --max-reviews N 修改）。",
    ),
    "study.deferred": E(
        (
            "{n} review deferred to tomorrow by the daily cap of {cap}; --max-reviews to change.",
            "{n} reviews deferred to tomorrow by the daily cap of {cap}; --max-reviews to change.",
        ),
        "{n} 张复习卡因每日上限 {cap} 推迟到明天；用 --max-reviews 修改上限。",
    ),
    "study.reset": E(
        "Reset: {term} is new again: {items} item(s) unscheduled{mark}; its {reviews} "
        "review(s) stay in the log. 'dlkg study' teaches it from the start.",
        "已重置：「{term}」重新成为新概念：{items} 个记忆项已取消排期{mark}；它的 {reviews} "
        "条复习记录仍保留在日志中。'dlkg study' 会从头教它。",
    ),
    "study.reset.known": E(", its known mark removed", "，其「已掌握」标记已移除"),
    "study.reset.unknown": E(", its unknown mark removed", "，其「待学习」标记已移除"),
    "study.reset.nothing": E(
        "{term} has nothing to reset: it was never studied or marked.",
        "「{term}」无需重置：从未学习或标记过。",
    ),
    "study.reset_placement": E(
        (
            "Placement undone: {n} mark removed ({known} known, {unknown} to learn): {terms}. "
            "'dlkg study' teaches it in learning-path order.",
            "Placement undone: {n} marks removed ({known} known, {unknown} to learn): {terms}. "
            "'dlkg study' teaches them in learning-path order.",
        ),
        "已撤销定级：移除了 {n} 个标记（{known} 个已掌握，{unknown} 个待学习）：{terms}。"
        "'dlkg study' 会按学习路径的顺序教这些概念。",
    ),
    "study.reset_placement.nothing": E("No placement marks to undo.", "没有可撤销的定级标记。"),
    "study.passed_over": E(
        "Passed over: {term} is not introduced (nothing was answered); another session offers it.",
        "已跳过：「{term}」没有被引入（尚未作答）；以后的学习会再提供它。",
    ),
    "study.almost": E(" (one typo)", "（差一个字符）", " (one typo · 差一个字符)"),
    "study.overridden": E(" (your override)", "（你的更正）", " (your override · 你的更正)"),
    "study.skills": E(
        "Numeric questions ready now: {terms}",
        "现在可以做数值题：{terms}",
        "Numeric questions ready now · 现在可以做数值题: {terms}",
    ),
    "verdict.almost": E(
        "≈ Almost, one letter off (rated Hard): {answer}",
        "≈ 差一点，差一个字符（评为困难）：{answer}",
        "≈ Almost, one letter off (rated Hard) · 差一点: {answer}",
    ),
    "diff.typed": E("you typed", "你输入的"),
    "diff.expected": E("expected", "正确答案"),
    "prompt.override": E(
        "Press r if you were right (counted right, logged as your override), Enter to go on",
        "如果你其实答对了，按 r（记为正确，并记录为你的更正）；按回车继续",
        "Press r if you were right · 答对了请按 r (logged as your override), Enter to go on",
    ),
    "verdict.overridden": E(
        "Counted as right: your override is logged.",
        "已记为正确：你的更正已记录。",
        "Counted as right: your override is logged. · 已记为正确：你的更正已记录。",
    ),
    "number.close": E(
        "Close — give {wanted} significant figures (you gave {typed}). One more try.",
        "接近了——请给出 {wanted} 位有效数字（你给了 {typed} 位）。再试一次。",
    ),
    # Study controls (typed instead of an answer)
    "controls.title": E(
        "Controls (type one instead of an answer):",
        "操作（代替答案输入）：",
        "Controls · 操作 (type one instead of an answer):",
    ),
    "control.skip": E(
        "skip: ask it later in this session, with other numbers",
        "跳过：本次学习稍后再问，换一组数字",
    ),
    "control.bury": E(
        "bury: put this concept away until tomorrow (a new one: pass it over)",
        "搁置：这个概念明天再学（尚未作答的新概念：跳过）",
    ),
    "control.suspend": E(
        "suspend: stop studying this concept (dlkg study --unsuspend NAME resumes it)",
        "暂停：不再学习这个概念（dlkg study --unsuspend 名称 可恢复）",
    ),
    "control.undo": E(
        "undo: take back your last answer and answer it again", "撤销：收回上一个回答，重新作答"
    ),
    "control.quit": E(
        "quit: end the session with its summary (q alone at a rating)",
        "退出：结束学习并显示小结（评分时单按 q 即可）",
    ),
    "control.help": E(
        "help: list these controls (? or h alone at a rating)",
        "帮助：列出这些操作（评分时单按 ? 或 h 即可）",
    ),
    "controls.override": E(
        "after a wrong or almost-right typed term: I was right (counted right, logged as "
        "your override)",
        "输入的术语判错或差一点时：我其实答对了（记为正确，并记录为你的更正）",
    ),
    "controls.keys": E(
        "a hint (at an answer); 1–4 rate a flashcard with one keypress",
        "提示（作答时）；按 1–4 一键为闪卡评分",
    ),
    "control.skipped": E(
        "Skipped: it comes back later, with other numbers.", "已跳过：稍后再问，换一组数字。"
    ),
    "control.buried": E("Buried until {at}: {term}", "已搁置到 {at}：{term}"),
    "control.suspended": E(
        "Suspended: {term}; 'dlkg study --unsuspend {id}' resumes it.",
        "已暂停：{term}；'dlkg study --unsuspend {id}' 可恢复。",
    ),
    "control.undone": E(
        "Undone: your last answer is taken back; answer it again.",
        "已撤销：上一个回答已收回，请重新作答。",
    ),
    "undo.nothing": E(
        "Nothing to undo in this session yet.",
        "本次学习还没有可撤销的回答。",
        "Nothing to undo in this session yet. · 没有可撤销的回答",
    ),
    "undo.failed": E("Cannot undo: {reason}.", "无法撤销：{reason}。"),
    "undo.other_session": E(
        "another session has written to the database since that answer",
        "那次回答之后另一个学习会话写入了数据库",
    ),
    # How a session ended (dlkg/commands/study.py, quiz.study.session.Ending)
    "ending.later": E("the next review is due {when}", "下次复习：{when}"),
    "ending.later.none": E("nothing is scheduled yet", "尚无安排的复习"),
    "ending.limit.again": E(
        "Stopped after {n} answers (--limit). Run 'dlkg study' again to go on.",
        "已作答 {n} 次，达到上限（--limit）。再次运行 'dlkg study' 继续。",
    ),
    "ending.limit": E(
        "Stopped after {n} answers (--limit). Then {later}.",
        "已作答 {n} 次，达到上限（--limit）。之后：{later}。",
    ),
    "ending.no_new": E(
        "Nothing is due, and --new 0 introduces no new concept; {later}. "
        "'dlkg study' learns up to {new} new concepts.",
        "没有到期的复习，而 --new 0 表示不学新概念；{later}。'dlkg study' 最多学 {new} 个新概念。",
    ),
    "ending.new_done": E(
        (
            "Nothing else is due, and this session introduced the {n} new concept it may "
            "(--new); {later}. 'dlkg study --new N' takes on more now.",
            "Nothing else is due, and this session introduced the {n} new concepts it may "
            "(--new); {later}. 'dlkg study --new N' takes on more now.",
        ),
        "没有其他到期的复习，本次已学完允许的 {n} 个新概念（--new）；{later}。"
        "'dlkg study --new N' 可以现在多学一些。",
    ),
    "ending.waiting": E(
        (
            "Nothing else is due: the next concepts wait until {terms} is learned; "
            "{later}. Come back then.",
            "Nothing else is due: the next concepts wait until {terms} are learned; "
            "{later}. Come back then.",
        ),
        "没有其他到期的复习：接下来的概念要等「{terms}」学会；{later}。到时再来。",
    ),
    "ending.target_done": E(
        "Everything on the path to {target} is learned or marked known; {later}. "
        "'dlkg stats --target {id}' shows the path; 'dlkg study --reset {id}' studies it "
        "anyway, or choose another --target to learn more.",
        "通往「{target}」的路径上的概念都已学会或标记为已掌握；{later}。"
        "'dlkg stats --target {id}' 显示这条路径；'dlkg study --reset {id}' 可照样重新学习它，"
        "或换一个 --target 继续学。",
    ),
    "ending.all_learned": E(
        "Every concept is learned or marked known; {later}.",
        "所有概念都已学会或标记为已掌握；{later}。",
    ),
    "study.new": E("New concept", "新概念"),
    "study.formula": E("Formula", "公式"),
    "study.header": E(
        "[{number}] {state} · {domain} · {kind}", "[{number}] {state} · {domain} · {kind}"
    ),
    "study.outcome": E(
        "→ {rating}; next review {when}",
        "→ {rating}；下次复习：{when}",
        "→ {rating}; next review {when}",
    ),
    "study.credited": E(
        "Also counted as a review of its prerequisites: {terms}",
        "同时计为先修概念的一次复习：{terms}",
    ),
    "study.marked": E("Marked as known: {terms}", "标记为已掌握：{terms}"),
    "study.brought": E(
        "Repeated misses: prerequisites to review now: {terms}",
        "多次答错，先复习先修概念：{terms}",
        "Repeated misses: prerequisites to review now · 先复习先修概念: {terms}",
    ),
    "study.unlocked": E("Unlocked: {terms}", "已解锁：{terms}", "Unlocked · 已解锁: {terms}"),
    "summary.title": E("Session summary", "本次小结"),
    "summary.reviewed": E(
        "Reviewed: {reviewed}, right: {right}{share}",
        "复习：{reviewed}，答对：{right}{share}",
    ),
    "summary.new": E("New concepts: {terms}", "新概念：{terms}"),
    "summary.unlocked": E("Newly unlocked: {terms}", "新解锁：{terms}"),
    "summary.unlocked.none": E("Newly unlocked: none", "新解锁：无"),
    "summary.brought": E("Brought forward: {terms}", "提前复习：{terms}"),
    "summary.due": E(
        ("Still due now: {n} card", "Still due now: {n} cards"), "现在仍到期：{n} 张卡片"
    ),
    "summary.next": E(
        (
            "Next review: {when} ({at}); {n} card due within a day",
            "Next review: {when} ({at}); {n} cards due within a day",
        ),
        "下次复习：{when}（{at}）；一天内到期 {n} 张卡片",
    ),
    "summary.next.none": E("Next review: nothing scheduled yet", "下次复习：尚无安排"),
    "state.new": E("new", "新卡"),
    "state.learning": E("learning", "学习中"),
    "state.review": E("review", "复习"),
    "state.relearning": E("relearning", "重学"),
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
    # Quiz (dlkg/commands/quiz.py)
    "quiz.start": E(
        (
            "{n} question (seed {seed}). Ctrl-D or Ctrl-C ends the quiz.",
            "{n} questions (seed {seed}). Ctrl-D or Ctrl-C ends the quiz.",
        ),
        "共 {n} 题（种子 {seed}）。按 Ctrl-D 或 Ctrl-C 结束测验。",
    ),
    "quiz.header": E(
        "Question {number}/{total} · {domain} · {kind}",
        "第 {number}/{total} 题 · {domain} · {kind}",
    ),
    "quiz.ended": E("Quiz ended early.", "测验提前结束。"),
    "quiz.score": E("Score: {right}/{answered}", "得分：{right}/{answered}"),
    "quiz.missed": E("Missed", "答错的题"),
    "quiz.missed.item": E(
        "{number}. {term} ({kind}): {answer}", "{number}. {term}（{kind}）：{answer}"
    ),
    "quiz.retry": E("Retry them (same questions): {command}", "重做这些题（题目相同）：{command}"),
    "quiz.practise": E("Practise them with new numbers: {command}", "用新的数字练习：{command}"),
    "quiz.study": E("Keep them in spaced repetition: dlkg study", "用间隔重复记住它们：dlkg study"),
    "quiz.all_right": E("No question missed.", "没有答错的题。"),
    # Question kinds
    "kind.definition-to-term": E("definition → term", "定义 → 术语"),
    "kind.definition-to-term-typed": E("definition → term, typed", "定义 → 术语（输入）"),
    "kind.term-to-definition": E("term → definition", "术语 → 定义"),
    "kind.zh-to-en": E("中文 → English", "中文 → 英文"),
    "kind.en-to-zh": E("English → 中文", "英文 → 中文"),
    "kind.cloze": E("cloze", "填空"),
    "kind.prerequisite": E("prerequisite", "先修"),
    "kind.numeric": E("computation", "计算"),
    "kind.numeric-choice": E("computation, choice", "计算（选择）"),
    "kind.flashcard": E("flashcard", "闪卡"),
    # Show, list, path, demo (dlkg/commands/concepts.py, demo.py)
    "show.id": E("id: {id}   domain: {domain}", "id：{id}   领域：{domain}"),
    "show.aliases": E("aliases: {aliases}", "别名：{aliases}"),
    "show.definition": E("Definition", "定义"),
    "show.example": E("Example", "例句"),
    "show.worked": E("Worked example", "算例"),
    "show.notes": E("Notes", "注释"),
    "show.formula": E("Formula", "公式"),
    "show.legend": E("where", "其中"),
    "show.tags": E("Tags", "标签"),
    "show.prerequisites": E("Prerequisites", "先修"),
    "show.dependents": E("Builds on it", "后续"),
    "show.related": E("Related", "相关"),
    "show.engine": E("Engine", "实现"),
    "show.sources": E("Sources", "来源"),
    "list.none": E("No concepts match.", "没有符合条件的概念。"),
    "path.title": E(
        ("Learning path to {term} ({n} concept)", "Learning path to {term} ({n} concepts)"),
        "通往「{term}」的学习路径（{n} 个概念）",
    ),
    "path.course": E(("{title} ({n} concept)", "{title} ({n} concepts)"), "{title}（{n} 个概念）"),
    "path.known": E(
        "You already know {term}: nothing to learn.", "你已经掌握「{term}」：没有要学的。"
    ),
    "demo.none": E(
        "{term} has no computation to demonstrate; try 'dlkg show {id}'.",
        "「{term}」没有可以演示的计算；试试 'dlkg show {id}'。",
    ),
    "demo.title": E("{term} — {engine} (seed {seed})", "{term} — {engine}（种子 {seed}）"),
    # Check, graph, anki (dlkg/commands/concepts.py, graph.py, anki.py)
    "check.ok": E(
        "OK: {n} concepts, {edges} prerequisite edges, {domains} domains ({names}), "
        "{roots} roots ({root_names})",
        "正常：{n} 个概念，{edges} 条先修边，{domains} 个领域（{names}），"
        "{roots} 个根概念（{root_names}）",
    ),
    "content.more": E(
        "... and {n} more; run 'dlkg check' for all of them",
        "……还有 {n} 个；运行 'dlkg check' 查看全部",
    ),
    "content.problems": E(
        "{n} problem(s) in {files} file(s) of the concept library",
        "概念库的 {files} 个文件中有 {n} 个问题",
    ),
    "graph.concepts": E(
        "Concepts: {n} in {d} domains ({domains})", "概念：{n} 个，分属 {d} 个领域（{domains}）"
    ),
    "graph.edges": E(
        "Prerequisite edges: {edges}   Related links: {related}   Max depth: {depth}",
        "先修边：{edges}   相关链接：{related}   最大深度：{depth}",
    ),
    "graph.roots": E("Roots ({n}): {names}", "根概念（{n}）：{names}"),
    "graph.leaves": E("Leaves ({n}): {names}", "叶概念（{n}）：{names}"),
    "graph.isolated": E("Isolated ({n}): {names}", "孤立概念（{n}）：{names}"),
    "graph.more": E(", ... and {n} more", "……还有 {n} 个", ", ... and {n} more"),
    "graph.most_dependents": E("Most depended on (direct dependents)", "被直接依赖最多"),
    "graph.most_descendants": E(
        "Most descendants (everything that builds on it)", "后续概念最多（直接或间接以它为基础）"
    ),
    "graph.wrote": E("Wrote {path} ({format})", "已写入 {path}（{format}）"),
    "graph.no_database": E(
        "No study database at {path} yet: nothing studied so far.",
        "{path} 还没有学习数据库：尚未学习任何内容。",
    ),
    "graph.format_needed": E(
        "give --format FORMAT, or -o FILE with a known extension",
        "请给出 --format 格式，或给出带已知扩展名的 -o 文件",
    ),
    "graph.progress_html": E(
        "--progress is shown only by --format html, not {format}",
        "--progress 只用于 --format html，不用于 {format}",
    ),
    "cannot_write": E("cannot write {path}: {reason}", "无法写入 {path}：{reason}"),
    "anki.building": E("Building cards", "正在生成卡片"),
    "anki.wrote": E(
        "Wrote {path}: {concepts} concept notes, {numeric} numeric notes, {cards} cards "
        "in {decks} decks.",
        "已写入 {path}：{concepts} 条概念笔记，{numeric} 条计算题笔记，{cards} 张卡片，"
        "分属 {decks} 个牌组。",
    ),
    "anki.summary": E(
        "{file} ({format}): {notes} notes, {cards} cards, {media} media files",
        "{file}（{format}）：{notes} 条笔记，{cards} 张卡片，{media} 个媒体文件",
    ),
    "anki.decks": E("Decks", "牌组"),
    "anki.deck": E("{name}  ({cards} cards)", "{name}（{cards} 张卡片）"),
    "anki.note_types": E("Note types", "笔记类型"),
    "anki.note_type": E(
        "{name}  ({notes} notes; fields: {fields})", "{name}（{notes} 条笔记；字段：{fields}）"
    ),
    "anki.drafts": E("Wrote {n} concept drafts to {path}.", "已将 {n} 个概念草稿写入 {path}。"),
    "anki.kept": E(
        "Kept {n} existing files (--force replaces them).",
        "保留了 {n} 个已有文件（--force 会替换它们）。",
    ),
    "anki.incomplete": E(
        "{n} drafts need a field filled in (see the comment at their top).",
        "{n} 个草稿有字段待填写（见文件顶部的注释）。",
    ),
    "anki.empty_frontier": E(
        "nothing to export: no concept is learned, studied or unlocked in this selection",
        "没有可导出的内容：所选范围内没有已学会、学习中或已解锁的概念",
    ),
    "reviews.added": E(
        "Added {added} Anki reviews of {concepts} concepts to {database}.",
        "已把 {concepts} 个概念的 {added} 次 Anki 复习加入 {database}。",
    ),
    "reviews.none_added": E(
        "No new Anki reviews: {database} has every review of dlkg's notes in {file}.",
        "没有新的 Anki 复习：{file} 中 dlkg 笔记的每次复习都已在 {database} 里。",
    ),
    "reviews.already": E(
        "{count} reviews were there already (imported before).",
        "{count} 次复习已经存在（之前导入过）。",
    ),
    "reviews.introduced": E(
        "Started studying (first reviewed in Anki): {concepts}",
        "开始学习（首次在 Anki 中复习）：{concepts}",
    ),
    "reviews.skipped": E("Skipped {count} revlog rows:", "跳过了 {count} 条复习日志记录："),
    "reviews.next": E(
        "Next: dlkg stats, or dlkg anki export --frontier for the concepts now unlocked.",
        "下一步：dlkg stats，或用 dlkg anki export --frontier 导出现在已解锁的概念。",
    ),
    "anki.check": E(
        "Check them with: dlkg check --content {path}", "检查它们：dlkg check --content {path}"
    ),
    # Errors (dlkg/common.py, dlkg/cli.py)
    "error": E("Error", "错误", "Error"),
    "error.unknown_concept": E(
        "no concept named {name}", "没有名为 {name} 的概念", "no concept named {name}"
    ),
    "error.ambiguous": E(
        "{name} names several concepts: {choices}; use an id",
        "{name} 对应多个概念：{choices}；请用 id",
        "{name} names several concepts: {choices}; use an id",
    ),
    "error.did_you_mean": E(
        "did you mean {names}?", "你是不是要找 {names}？", "did you mean {names}?"
    ),
    "error.unknown_domain": E(
        "no domain {name}; the domains are: {domains}",
        "没有领域 {name}；领域有：{domains}",
        "no domain {name}; the domains are: {domains}",
    ),
    "error.one_selection": E(
        "choose at most one of --concept, --target and --domain",
        "--concept、--target 和 --domain 最多只能选一个",
    ),
    "quiz.no_questions": E("no questions of that kind for these concepts", "这些概念没有这种题目"),
    "quiz.only": E(
        "--only: {name} is not a question number from 1 to {total}",
        "--only：{name} 不是 1 到 {total} 之间的题号",
    ),
    "graph.unknown_extension": E("{reason}; or give --format", "{reason}；或者给出 --format"),
    "error.or": E(" or ", " 或 ", " or "),
    "error.unknown_command": E(
        "No such command {name}.", "没有命令 {name}。", "No such command {name}."
    ),
}

DOMAINS: dict[str, str] = {
    "foundations": "基础",
    "training": "训练",
    "optimization": "优化",
    "regularization": "正则化",
    "deep-networks": "深度网络",
    "vision": "计算机视觉",
    "sequence": "序列模型",
    "nlp": "自然语言处理",
    "transformer": "Transformer",
    "generative": "生成模型",
}
"""The bundled library's domains in Chinese; a domain of another library shows its id."""

ASCII_ALLOWED = frozenset(
    {
        *("Ctrl-D", "Ctrl-C", "dlkg", "study", "show", "stats", "id", "new", "R", "N"),
        *("limit", "target", "unsuspend", "n", "q", "h", "o"),
        *("format", "html", "progress", "force", "content", "check", "concept", "domain"),
        *("only", "Anki", "anki", "reviews", "FSRS", "RMSE", "export", "frontier"),
        *("max-reviews", "reset", "r"),
    }
)
"""ASCII words a Chinese entry may hold: key names, commands and options."""


def domain_name(domain: str, lang: str) -> str:
    """``nlp`` in ``lang``: the id in English and in both, 中文 in zh (when known)."""
    return DOMAINS.get(domain, domain) if lang == "zh" else domain


JOINED = frozenset(
    {
        "prompt.answer",
        "study.read",
        "control.skip",
        "control.bury",
        "control.suspend",
        "control.undo",
        "control.quit",
        "control.help",
        "controls.keys",
        "content.problems",
        "content.more",
        "graph.format_needed",
        "graph.progress_html",
        "cannot_write",
        "stats.check.problems",
        "undo.failed",
        "optimize.no_database",
        "anki.empty_frontier",
        "error.one_selection",
        "quiz.no_questions",
        "quiz.only",
        "graph.unknown_extension",
        "prompt.reveal",
        "hint.none",
        "answer.definition",
        "rating.1",
        "rating.2",
        "rating.3",
        "rating.4",
        "diff.typed",
        "diff.expected",
        "study.new",
        "study.formula",
        "summary.title",
        "placement.title",
        "stats.domains",
        "stats.concepts",
        "stats.frontier",
        "quiz.missed",
        "show.definition",
        "show.example",
        "show.worked",
        "show.notes",
        "show.formula",
        "show.legend",
        "show.tags",
        "show.prerequisites",
        "show.dependents",
        "show.related",
        "show.engine",
        "show.sources",
        "graph.most_dependents",
        "graph.most_descendants",
        "anki.decks",
        "anki.note_types",
    }
)
"""Labels, prompts and errors (one line each): ``Definition · 定义`` in both."""

INLINE = frozenset(
    {
        "undo.other_session",
        "ending.later",
        "ending.later.none",
        "study.header",
        "state.new",
        "state.learning",
        "state.review",
        "state.relearning",
        "stats.answers",
        "stats.not_learned",
        "stats.anki_reviews",
        "stats.needs",
        "stats.path",
        "progress.learning",
        "progress.review",
        "progress.known",
        "progress.ready",
        "progress.locked",
        "quiz.header",
        "quiz.missed.item",
        "kind.definition-to-term",
        "kind.definition-to-term-typed",
        "kind.term-to-definition",
        "kind.zh-to-en",
        "kind.en-to-zh",
        "kind.cloze",
        "kind.prerequisite",
        "kind.numeric",
        "kind.numeric-choice",
        "kind.flashcard",
        "show.id",
        "show.aliases",
        "path.title",
        "path.course",
        "demo.title",
        "check.ok",
        "graph.concepts",
        "graph.edges",
        "graph.roots",
        "graph.leaves",
        "graph.isolated",
        "anki.building",
        "anki.summary",
        "anki.deck",
        "anki.note_type",
    }
)
"""Parts of a line, and lines of data (names, counts) that two lines would print twice:
English in both (their values, terms say, still come in both languages)."""


def message(key: str, lang: str, **values: object) -> Both:
    """The interface string ``key`` in ``lang`` ("en", "zh" or "both"), filled with ``values``
    (a :class:`Both` value gives its English to the English and its Chinese to the Chinese).

    Raises ``KeyError`` for an unknown key: every string printed is in the table.
    """
    entry = MESSAGES[key]
    english = entry.en
    if isinstance(english, tuple):
        english = english[0] if values.get("n") == 1 else english[1]
    en = english.format(**{k: getattr(v, "en", v) for k, v in values.items()})
    zh = entry.zh.format(**{k: getattr(v, "zh", v) for k, v in values.items()})
    if lang == "en":
        text = en
    elif lang == "zh":
        text = zh
    elif entry.both is not None:
        text = entry.both.format(**values)
    elif key in INLINE:  # the English, its values as printed in both ("Term d · 术语 d")
        text = english.format(**values)
    elif en == zh:
        text = en
    elif key in JOINED:
        text = f"{en} · {zh}"
    else:
        text = f"{en}\n{zh}"
    return Both(text, en, zh)


def english_strings() -> list[str]:
    """The literal parts of every English entry (what must not show in ``zh`` mode)."""
    import string

    parts: list[str] = []
    for entry in MESSAGES.values():
        forms = entry.en if isinstance(entry.en, tuple) else (entry.en,)
        for form in forms:
            for literal, *_ in string.Formatter().parse(form):
                parts.append(literal)
    return parts
