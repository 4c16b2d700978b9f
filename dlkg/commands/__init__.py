"""One module per area of the command line; each defines click commands only."""
