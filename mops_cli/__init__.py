"""mops: help directory and office-hours checker for MOPS Wrocław."""

# A literal, so that `mops --version` needs no importlib.metadata at start-up.
__version__ = "0.1.0"
