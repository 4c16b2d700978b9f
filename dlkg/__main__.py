"""``python -m dlkg`` runs the command line."""

from dlkg.cli import main

if __name__ == "__main__":
    main()
