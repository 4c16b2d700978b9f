"""``python -m dlkg`` runs the command line."""

from dlkg.cli import main

main()
