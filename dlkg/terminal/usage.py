"""click's own command-line errors (a missing argument, a bad value, no such option) in 中文.

click writes these messages itself, in English, through ``gettext``; dlkg does
not install a gettext catalogue for click (that would change every program in
the process that uses click). Instead, when the command line asks for Chinese
(``--lang zh`` among its words, else ``$DLKG_LANG``), the error click raised is
caught where dlkg's group parses and invokes (:mod:`dlkg.cli`) and shown again
by :class:`ChineseUsageError`: the usage line, the help hint and the message,
the message translated by matching click's English templates
(:data:`TEMPLATES`). A message no template matches keeps its English words
inside the Chinese frame, so nothing is lost.

Examples
--------
>>> chinese("Missing argument 'CONCEPT'.")
"缺少参数 'CONCEPT'。"
>>> chinese("Invalid value for '--n': 0 is not in the range 1<=x<=1000.")
"'--n' 的值无效：0 不在范围 1<=x<=1000 内。"
>>> chinese("No such option '--jsn'. Did you mean '--json'?")
"没有选项 '--jsn'。你是不是要找 '--json'？"
>>> chinese("Invalid value for '--lang' (env var: 'DLKG_LANG'): 'fr' is not one of 'en', 'zh'.")
"'--lang'（环境变量 'DLKG_LANG'）的值无效：'fr' 不是 'en'、'zh' 之一。"
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from typing import IO, Any

import click

from dlkg.terminal.screen import default_lang

_VALUE = r"(?P<value>.+?)"
TEMPLATES: list[tuple[re.Pattern[str], str]] = [
    (re.compile(p), zh)
    for p, zh in [
        (r"^Missing argument (?P<hint>.+)\.$", "缺少参数 {hint}。"),
        (r"^Missing option (?P<hint>.+)\.$", "缺少选项 {hint}。"),
        (r"^Missing parameter (?P<hint>.+)\.$", "缺少参数 {hint}。"),
        (
            r"^No such option:? (?P<name>\S+?)\.? Did you mean (?P<maybe>.+)\?$",
            "没有选项 {name}。你是不是要找 {maybe}？",
        ),
        (
            r"^No such option:? (?P<name>\S+?)\.? \(Possible options: (?P<maybe>.+)\)$",
            "没有选项 {name}（可能的选项：{maybe}）。",
        ),
        (r"^No such option:? (?P<name>\S+?)\.?$", "没有选项 {name}。"),
        (r"^Option (?P<name>\S+) requires an argument\.$", "选项 {name} 需要一个值。"),
        (r"^Option (?P<name>\S+) requires (?P<n>\d+) arguments\.$", "选项 {name} 需要 {n} 个值。"),
        (r"^Got unexpected extra arguments? \((?P<args>.*)\)$", "多余的参数（{args}）。"),
        (
            r"^Invalid value for (?P<hint>.+?) \(env var: (?P<env>.+?)\): (?P<inner>.+)$",
            "{hint}（环境变量 {env}）的值无效：{inner}",
        ),
        (r"^Invalid value for (?P<hint>.+?): (?P<inner>.+)$", "{hint} 的值无效：{inner}"),
        (r"^Invalid value: (?P<inner>.+)$", "值无效：{inner}"),
    ]
]
"""click's error messages (as :meth:`click.UsageError.format_message` gives them), each
with its Chinese; ``{inner}`` is translated again by :data:`INNER`."""

INNER: list[tuple[re.Pattern[str], str]] = [
    (re.compile(p), zh)
    for p, zh in [
        (rf"^{_VALUE} is not one of (?P<choices>.+)\.$", "{value} 不是 {choices} 之一。"),
        (rf"^{_VALUE} is not (?P<choices>'[^']*')\.$", "{value} 不是 {choices}。"),
        (rf"^{_VALUE} is not in the range (?P<range>.+)\.$", "{value} 不在范围 {range} 内。"),
        (rf"^{_VALUE} is not a valid integer( range)?\.$", "{value} 不是有效的整数。"),
        (rf"^{_VALUE} is not a valid float( range)?\.$", "{value} 不是有效的数。"),
        (rf"^{_VALUE} is not a valid boolean\.$", "{value} 不是有效的布尔值。"),
        (r"^(?:File|Directory|Path) (?P<name>.+) does not exist\.$", "{name} 不存在。"),
        (r"^(?:File|Directory|Path) (?P<name>.+) is a file\.$", "{name} 是一个文件。"),
        (r"^(?:File|Directory|Path) (?P<name>.+) is a directory\.$", "{name} 是一个文件夹。"),
        (r"^(?:File|Directory|Path) (?P<name>.+) is not readable\.$", "{name} 不可读。"),
        (r"^(?:File|Directory|Path) (?P<name>.+) is not writable\.$", "{name} 不可写。"),
    ]
]


def _join_choices(text: str) -> str:
    """``'en', 'zh'`` -> ``'en'、'zh'`` (a Chinese list)."""
    return re.sub(r"(?<=')\s*,\s*(?=')", "、", text)


def _apply(table: list[tuple[re.Pattern[str], str]], text: str) -> str | None:
    for pattern, template in table:
        match = pattern.match(text)
        if match:
            values = {name: value or "" for name, value in match.groupdict().items()}
            if "choices" in values:
                values["choices"] = _join_choices(values["choices"])
            if "inner" in values:
                values["inner"] = _apply(INNER, values["inner"]) or values["inner"]
            return template.format(**values)
    return None


def chinese(message: str) -> str:
    """click's English ``message`` in Chinese; as it is when no template matches."""
    return _apply(TEMPLATES, message.strip()) or message


def requested_lang(args: Sequence[str]) -> str:
    """The language a command line asks for: its last ``--lang`` (``--lang zh`` or
    ``--lang=zh``; the last wins, as in click), else ``$DLKG_LANG``, else both (as
    :func:`dlkg.terminal.screen.default_lang`).

    >>> requested_lang(["show", "adam", "--lang", "zh"]), requested_lang(["quiz", "--lang=en"])
    ('zh', 'en')
    """
    words = list(args)
    found = None
    for index, word in enumerate(words):
        if word == "--":
            break
        if word == "--lang" and index + 1 < len(words):
            found = words[index + 1]
        elif word.startswith("--lang="):
            found = word.partition("=")[2]
    return found.strip().lower() if found is not None else default_lang()


class ChineseUsageError(click.UsageError):
    """A command-line error shown in Chinese: ``用法：``, the help hint, ``错误：``."""

    def show(self, file: IO[Any] | None = None) -> None:
        if self.ctx is not None:
            usage = self.ctx.get_usage()
            usage = re.sub(r"^Usage:\s*", "用法：", usage)
            names = self.ctx.command.get_help_option_names(self.ctx)
            hint = ""
            if names:
                hint = f"运行 '{self.ctx.command_path} {max(names, key=len)}' 查看帮助。\n"
            click.echo(f"{usage}\n{hint}", err=True, color=self.ctx.color)
        click.echo(f"错误：{self.format_message()}", err=True)


class ChineseError(click.ClickException):
    """A command's failure (``click.ClickException``) framed in Chinese: ``错误：``."""

    def show(self, file: IO[Any] | None = None) -> None:
        click.echo(f"错误：{self.format_message()}", err=True)


def localized(error: click.ClickException, lang: str) -> click.ClickException:
    """``error`` shown in Chinese when ``lang`` is zh: click's usage errors translated
    (:class:`ChineseUsageError`), a plain failure framed (:class:`ChineseError`; its
    message is dlkg's, already in the screen's language). Anything else as it is."""
    if lang != "zh":
        return error
    if isinstance(error, click.UsageError):
        if isinstance(error, ChineseUsageError):
            return error
        return ChineseUsageError(chinese(error.format_message()), ctx=error.ctx)
    if type(error) is click.ClickException:  # subclasses (dlkg's own) show themselves
        return ChineseError(error.format_message())  # exit status 1, as a ClickException
    return error


__all__ = ["ChineseError", "ChineseUsageError", "chinese", "localized", "requested_lang"]
