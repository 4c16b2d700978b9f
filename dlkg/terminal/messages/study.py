"""The study session (``dlkg study``): its start, reading, controls, resets, endings."""

from __future__ import annotations

from dlkg.terminal.messages.entry import E, Entry

STUDY: dict[str, Entry] = {
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
    # How a session ended (dlkg/commands/study.py, quiz.study.session_records.Ending)
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
}
