"""evenhand: balanced debate briefs from a library of structured argument files."""

__version__ = "0.1.0"
