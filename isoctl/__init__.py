"""isoctl: yearly ISO 9001 quality-management plans of Vietnamese public agencies as validated YAML."""

__version__ = "0.1.0"
