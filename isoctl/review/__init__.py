"""Comparing plans: semantic diff, textconv, git access, review of a change and the year rollover."""
