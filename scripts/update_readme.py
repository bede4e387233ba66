"""Regenerate the rules table in README.md from the rule registry.

usage: python scripts/update_readme.py
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

README = Path(__file__).resolve().parent.parent / "README.md"
START, END = "<!-- rules-table:start -->", "<!-- rules-table:end -->"


def main() -> None:
    table = subprocess.run(
        [sys.executable, "-m", "postlint", "rules", "--output-format", "markdown"],
        check=True,
        capture_output=True,
        text=True,
    ).stdout.strip()
    text = README.read_text(encoding="utf-8")
    head, rest = text.split(START, 1)
    _, tail = rest.split(END, 1)
    README.write_text(f"{head}{START}\n{table}\n{END}{tail}", encoding="utf-8")


if __name__ == "__main__":
    main()
