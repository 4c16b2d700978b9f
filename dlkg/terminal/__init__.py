"""How dlkg prints to a terminal: wrapped text, Unicode math, one language, local time.

- :mod:`dlkg.terminal.wrap`: line breaking at the terminal width, by display
  width (CJK characters take two columns), never inside a number, a vector or
  an identifier, with hanging indents.
- :mod:`dlkg.terminal.formula`: a concept's LaTeX formula as Unicode lines
  (``m̂ₜ = mₜ/(1 − β₁ᵗ)``), or its source when the conversion is unsure.
- :mod:`dlkg.terminal.messages`: every interface string in English and 中文.
- :mod:`dlkg.terminal.times`: local times and "in 10 min" / "3 天后".
- :mod:`dlkg.terminal.screen`: the object commands print through, holding the
  language, the width and whether formulas stay LaTeX.
- :mod:`dlkg.terminal.usage`: click's own command-line errors in 中文.

Nothing here imports click at the top but :mod:`~dlkg.terminal.screen` and
:mod:`~dlkg.terminal.usage`, and nothing here is imported by ``dlkg --help``.
"""
