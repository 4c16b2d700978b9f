"""The other commands (quiz, show, list, path, demo, check, graph, anki) and the errors."""

from __future__ import annotations

from dlkg.terminal.messages.entry import E, Entry

COMMANDS: dict[str, Entry] = {
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
