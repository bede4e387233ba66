"""postlint test suite."""
