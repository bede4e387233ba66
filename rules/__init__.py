"""The built-in postlint rules, installed as ``postlint.rules``."""
