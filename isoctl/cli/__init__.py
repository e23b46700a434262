"""The command line: the entry point, the typer app and plain terminal output."""
