"""dlkg: a bilingual knowledge graph of deep-learning concepts.

This package is the command line only. The work is done by ``kg`` (the graph),
``quiz`` (questions and study) and ``engine`` (NumPy implementations).
"""

__version__ = "0.1.0"
