"""Plumbing that knows nothing of dlkg: atomic writes, checked files, the parallel map, deflate.

Nothing here imports another dlkg module (a layering contract checks it). Every
speed trick here can be switched off at its call sites and dlkg stays correct:
``DLKG_JOBS=1`` runs the parallel map in one process, ``DLKG_NO_CACHE=1`` skips
the caches built on checked files.
"""
