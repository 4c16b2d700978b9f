"""Questions and learning: generators, grading, scheduling, the review store, Anki decks."""
