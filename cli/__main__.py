"""`python -m cli` runs `tca`."""

from cli.main import main

main()
