"""Terminal presentation: the only modules (with cli.py) that import rich."""
