"""The card templates and the style sheet of dlkg's Anki note types.

Kept apart from :mod:`quiz.anki.notes` because they are HTML and CSS, not
logic; the note types' field lists live here too, beside the templates that
use them (and light to import for :mod:`quiz.anki.drafts`).

Every language-specific part of a card sits inside a ``{{#Field}}`` section,
so an export in one language (``--lang en``) leaves no empty boxes, and a card
whose front would be empty is not generated at all (Anki and genanki both
skip a card whose front renders no field).

The back is compact: the definitions (or the term), the formula and the
example; the rest (the formula's legend, the worked example, notes, aliases,
links, references, tags) sits behind a toggle, an HTML ``<details>`` element
that Anki desktop and AnkiDroid both show closed until tapped.

Night mode: Anki puts ``nightMode`` (desktop) or ``night_mode`` (AnkiDroid)
on the card's ``<body class="card">``; the colours are CSS variables, swapped
under either class.
"""

from __future__ import annotations

CONCEPT_FIELDS = (
    "Id",
    "Term",
    "TermZh",
    "Definition",
    "DefinitionZh",
    "MaskedDefinition",
    "MaskedDefinitionZh",
    "Example",
    "ExampleZh",
    "Formula",
    "Aliases",
    "Tags",
    "Prerequisites",
    "Related",
    "Domain",
    "Engine",
    "Legend",
    "LegendZh",
    "WorkedExample",
    "WorkedExampleZh",
    "Notes",
    "NotesZh",
    "References",
    "AddEnZh",
    "AddTyping",
)
"""The concept note's fields, in order. ``Id`` comes first (never empty, unique);
the browser sorts by ``Term``. Any change here changes the note type's schema:
Anki then imports a second note type and reports the notes as conflicting
(unless the learner ticks "Merge note types"), so change it only deliberately,
and only by appending (fields are matched by name, cards by template ordinal).

``AddEnZh`` and ``AddTyping`` are flags (``y`` or empty), as ``Add Reverse`` in
Anki's stock "Basic (optional reversed card)": the English → 中文 and type-in
cards exist only for notes that have them (``dlkg anki export --cards``)."""

FIRST_CONCEPT_FIELDS = CONCEPT_FIELDS[:16]
"""The fields of the concept note type before the legend, the worked example,
the notes, the references and the card flags were added (three cards)."""

NUMERIC_FIELDS = (
    "Id",
    "Concept",
    "Title",
    "TitleZh",
    "Question",
    "QuestionZh",
    "Answer",
    "Solution",
    "SolutionZh",
    "Term",
    "TermZh",
)
"""The numeric note's fields; ``Id`` is ``template:concept:seed``."""

CSS = """\
.card {
  --fg: #1f2328;
  --bg: #ffffff;
  --muted: #59636e;
  --accent: #0969da;
  --panel: #f6f8fa;
  --border: #d1d9e0;
  --answer: #1a7f37;
  font-family: -apple-system, "Segoe UI", "Noto Sans", "Helvetica Neue", Arial,
    "PingFang SC", "Hiragino Sans GB", "Noto Sans CJK SC", "Microsoft YaHei", sans-serif;
  font-size: 20px;
  line-height: 1.55;
  color: var(--fg);
  background-color: var(--bg);
  text-align: left;
}
.card.nightMode, .card.night_mode, .nightMode .card, .night_mode .card {
  --fg: #e6edf3;
  --bg: #0d1117;
  --muted: #9198a1;
  --accent: #58a6ff;
  --panel: #161b22;
  --border: #3d444d;
  --answer: #3fb950;
}
.dlkg { max-width: 38em; margin: 0 auto; padding: 0.5em 0.75em; }
.dlkg .kind {
  font-size: 0.7em;
  letter-spacing: 0.04em;
  text-transform: uppercase;
  color: var(--muted);
  text-align: center;
  margin-bottom: 0.6em;
}
.dlkg .zh { font-size: 0.95em; }
.dlkg .term { font-size: 1.7em; font-weight: 600; text-align: center; line-height: 1.3; }
.dlkg .term.zh { font-size: 1.25em; font-weight: 500; }
.dlkg .term.zh.main { font-size: 1.7em; }
.dlkg .term.answer { color: var(--answer); }
.dlkg .prompt { text-align: center; color: var(--muted); margin-top: 0.4em; }
.dlkg .definition, .dlkg .question { margin: 0.5em 0; }
.dlkg .formula {
  margin: 0.8em 0;
  padding: 0.4em 0.8em;
  background: var(--panel);
  border-radius: 6px;
  overflow-x: auto;
  text-align: center;
}
.dlkg .section { margin-top: 0.9em; padding-top: 0.5em; border-top: 1px solid var(--border); }
.dlkg .section.en-part + .section.zh-part { margin-top: 0.2em; padding-top: 0; border-top: none; }
.dlkg .label {
  font-size: 0.7em;
  color: var(--muted);
  text-transform: uppercase;
  letter-spacing: 0.04em;
}
.dlkg .example { font-style: italic; margin: 0.2em 0; }
.dlkg .example.zh { font-style: normal; }
.dlkg .legend, .dlkg .worked, .dlkg .notes { font-size: 0.9em; margin: 0.2em 0; }
.dlkg details.more { margin-top: 0.9em; }
.dlkg details.more > summary {
  cursor: pointer;
  font-size: 0.8em;
  color: var(--muted);
  padding-top: 0.5em;
  border-top: 1px solid var(--border);
}
.dlkg .items.refs .item {
  display: block;
  border: none;
  padding: 0.1em 0;
  font-size: 0.85em;
}
.dlkg .typed { text-align: center; margin-top: 0.6em; }
.dlkg .typed input { font-size: 1em; width: 90%; }
.dlkg .items .item {
  display: inline-block;
  margin: 0.15em 0.25em 0.15em 0;
  padding: 0.05em 0.55em;
  border: 1px solid var(--border);
  border-radius: 1em;
  font-size: 0.8em;
}
.dlkg .items.links .item { color: var(--accent); }
.dlkg .answer-value {
  font-size: 1.6em;
  font-weight: 600;
  color: var(--answer);
  text-align: center;
  margin: 0.3em 0;
}
.dlkg .solution { font-size: 0.9em; margin: 0.3em 0; }
.dlkg .footer { margin-top: 1em; font-size: 0.75em; color: var(--muted); text-align: right; }
.dlkg code { font-size: 0.85em; }
hr#answer { border: none; border-top: 1px solid var(--border); margin: 1em 0; }
"""

_TERM = """\
{{#Term}}<div class="term">{{Term}}</div>{{/Term}}
{{#TermZh}}<div class="term zh" lang="zh-Hans">{{TermZh}}</div>{{/TermZh}}"""

_DEFINITION = """\
{{#Definition}}<div class="definition">{{Definition}}</div>{{/Definition}}
{{#DefinitionZh}}<div class="definition zh" lang="zh-Hans">
{{DefinitionZh}}</div>{{/DefinitionZh}}"""

_MASKED_DEFINITION = (
    '{{#MaskedDefinition}}<div class="definition">{{MaskedDefinition}}</div>'
    "{{/MaskedDefinition}}\n"
    '{{#MaskedDefinitionZh}}<div class="definition zh" lang="zh-Hans">'
    "{{MaskedDefinitionZh}}</div>{{/MaskedDefinitionZh}}"
)


def _bilingual_section(field: str, label_en: str, label_zh: str, css: str) -> str:
    """A labelled section per language of ``field`` (``Legend``, ``LegendZh``)."""
    return (
        f'{{{{#{field}}}}}<div class="section en-part"><div class="label">{label_en}</div>\n'
        f'<div class="{css}">{{{{{field}}}}}</div></div>{{{{/{field}}}}}\n'
        f'{{{{#{field}Zh}}}}<div class="section zh-part"><div class="label">{label_zh}</div>\n'
        f'<div class="{css} zh" lang="zh-Hans">{{{{{field}Zh}}}}</div></div>{{{{/{field}Zh}}}}'
    )


_COMPACT = '{{#Formula}}<div class="formula">{{Formula}}</div>{{/Formula}}\n' + _bilingual_section(
    "Example", "Example", "例句", "example"
)
"""What every back shows: the formula and the example."""

_MORE = (
    '<details class="more"><summary>More · 更多</summary>\n'
    + _bilingual_section("Legend", "Symbols", "符号说明", "legend")
    + "\n"
    + _bilingual_section("WorkedExample", "Worked example", "算例", "worked")
    + "\n"
    + _bilingual_section("Notes", "Notes", "说明", "notes")
    + """
{{#Aliases}}<div class="section"><div class="label">Also called · 又称</div>
<div class="items">{{Aliases}}</div></div>{{/Aliases}}
{{#Prerequisites}}<div class="section"><div class="label">Learn first · 先修</div>
<div class="items links">{{Prerequisites}}</div></div>{{/Prerequisites}}
{{#Related}}<div class="section"><div class="label">See also · 相关</div>
<div class="items links">{{Related}}</div></div>{{/Related}}
{{#References}}<div class="section"><div class="label">References · 参考</div>
<div class="items refs">{{References}}</div></div>{{/References}}
{{#Tags}}<div class="section"><div class="items">{{Tags}}</div></div>{{/Tags}}
<div class="footer">{{Domain}}{{#Engine}} · <code>{{Engine}}</code>{{/Engine}}</div>
</details>"""
)
"""Behind the toggle: never empty, since the footer names the domain."""

_DETAILS = f"{_COMPACT}\n{_MORE}"

TYPED_FIELD = "Term"
"""The field the type-in card asks for (Anki compares what is typed with it)."""


def concept_templates() -> list[dict[str, str]]:
    """The five cards of a concept note, as genanki template dicts.

    The first three are made for every note that has the fields they show;
    English → 中文 only for notes with ``AddEnZh``, type-in only for notes
    with ``AddTyping`` (and an English term). New cards are appended: a
    card's ordinal is its template's, and must not change.

    A new list each call: genanki writes ``ord`` and defaults into the dicts.
    """
    return [
        {
            "name": "Term → definition · 术语 → 定义",
            "qfmt": (
                '<div class="dlkg"><div class="kind">Term → definition · 术语 → 定义</div>\n'
                f"{_TERM}\n</div>"
            ),
            "afmt": (
                '{{FrontSide}}\n<hr id="answer">\n<div class="dlkg">\n'
                f"{_DEFINITION}\n{_DETAILS}\n</div>"
            ),
        },
        {
            "name": "Definition → term · 定义 → 术语",
            "qfmt": (
                '<div class="dlkg"><div class="kind">Definition → term · 定义 → 术语</div>\n'
                f"{_MASKED_DEFINITION}\n</div>"
            ),
            "afmt": (
                '{{FrontSide}}\n<hr id="answer">\n<div class="dlkg">\n'
                f"{_TERM}\n{_DETAILS}\n</div>"
            ),
        },
        {
            "name": "中文 → English",
            "qfmt": (
                "{{#Term}}{{#TermZh}}"
                '<div class="dlkg"><div class="kind">中文 → English</div>\n'
                '<div class="term zh main" lang="zh-Hans">{{TermZh}}</div>\n'
                '<div class="prompt">English term? · 英文术语是什么？</div></div>'
                "{{/TermZh}}{{/Term}}"
            ),
            "afmt": (
                '{{FrontSide}}\n<hr id="answer">\n<div class="dlkg">\n'
                '<div class="term answer">{{Term}}</div>\n'
                f"{_DEFINITION}\n{_DETAILS}\n</div>"
            ),
        },
        {
            "name": "English → 中文",
            "qfmt": (
                "{{#AddEnZh}}{{#Term}}{{#TermZh}}"
                '<div class="dlkg"><div class="kind">English → 中文</div>\n'
                '<div class="term main">{{Term}}</div>\n'
                '<div class="prompt">中文术语是什么？ · Chinese term?</div></div>'
                "{{/TermZh}}{{/Term}}{{/AddEnZh}}"
            ),
            "afmt": (
                '{{FrontSide}}\n<hr id="answer">\n<div class="dlkg">\n'
                '<div class="term zh main answer" lang="zh-Hans">{{TermZh}}</div>\n'
                f"{_DEFINITION}\n{_DETAILS}\n</div>"
            ),
        },
        {
            "name": "Type the term · 输入术语",
            "qfmt": (
                "{{#AddTyping}}{{#Term}}"
                '<div class="dlkg"><div class="kind">Type the term · 输入术语</div>\n'
                f"{_MASKED_DEFINITION}\n"
                '<div class="prompt">Type the English term · 输入英文术语</div>\n'
                f'<div class="typed">{{{{type:{TYPED_FIELD}}}}}</div></div>'
                "{{/Term}}{{/AddTyping}}"
            ),
            "afmt": (
                '<div class="dlkg"><div class="kind">Type the term · 输入术语</div>\n'
                f"{_MASKED_DEFINITION}\n</div>\n"
                '<hr id="answer">\n<div class="dlkg">\n'
                f'<div class="typed">{{{{type:{TYPED_FIELD}}}}}</div>\n'
                f"{_TERM}\n{_DETAILS}\n</div>"
            ),
        },
    ]


def numeric_templates() -> list[dict[str, str]]:
    """The one card of a numeric-problem note, as a genanki template dict."""
    return [
        {
            "name": "Numeric problem · 计算题",
            "qfmt": (
                '<div class="dlkg"><div class="kind">'
                "{{#Title}}{{Title}}{{/Title}}"
                "{{#Title}}{{#TitleZh}} · {{/TitleZh}}{{/Title}}"
                "{{#TitleZh}}{{TitleZh}}{{/TitleZh}}</div>\n"
                '{{#Question}}<div class="question">{{Question}}</div>{{/Question}}\n'
                "{{#QuestionZh}}"
                '<div class="question zh" lang="zh-Hans">{{QuestionZh}}</div>'
                "{{/QuestionZh}}\n</div>"
            ),
            "afmt": (
                '{{FrontSide}}\n<hr id="answer">\n<div class="dlkg">\n'
                '<div class="answer-value">{{Answer}}</div>\n'
                '{{#Solution}}<div class="section en-part">'
                '<div class="label">Worked solution</div>\n'
                '<div class="solution">{{Solution}}</div></div>{{/Solution}}\n'
                '{{#SolutionZh}}<div class="section zh-part"><div class="label">解答</div>\n'
                '<div class="solution zh" lang="zh-Hans">{{SolutionZh}}</div></div>'
                "{{/SolutionZh}}\n"
                '<div class="footer">{{Term}}{{#Term}}{{#TermZh}} · {{/TermZh}}{{/Term}}'
                "{{TermZh}}</div>\n</div>"
            ),
        }
    ]
