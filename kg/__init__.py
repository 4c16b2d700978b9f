"""The knowledge graph: concept model, validated loading, the DiGraph, learning paths.

``kg`` knows an engine function only by its dotted name in a concept file; it
never imports ``engine`` except to check that such a name resolves.
"""
