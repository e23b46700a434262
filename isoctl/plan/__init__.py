"""The plan file: its model, loading, schema checks, schedule grammar, citations and activities."""
