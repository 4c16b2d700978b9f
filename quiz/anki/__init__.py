"""Anki interchange: notes and templates, the genanki adapter, package writer and reader, drafts.

Builds on :mod:`quiz`'s questions; never imports :mod:`quiz.study`.
"""
