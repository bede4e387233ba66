"""postlint: a content-quality linter for blog posts."""

__version__ = "0.1.0"
