"""The timeline and status of a plan, and recording progress (done/set), as data."""
