"""Spaced repetition: the review store, FSRS ratings, the clock, what is learned, sessions.

Builds on :mod:`quiz`'s questions; never imports :mod:`quiz.anki`.
"""
