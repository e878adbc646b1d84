"""The `tca` command line: Typer commands per job and terminal rendering."""
