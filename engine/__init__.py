"""NumPy reference implementations of the computations behind deep-learning concepts.

One small module per family (losses, optim, attention, ...). Imports numpy only.
The contract (names, semantics, PyTorch counterparts) is engine/README.md.
"""
