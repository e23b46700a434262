"""The linter: engine, configuration, suppressions, baselines, fixes, reports and the rules."""
