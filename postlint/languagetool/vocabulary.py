"""The project vocabulary: words LanguageTool's spell checker does not know but the blog uses.

A UTF-8 text file, one word (or phrase) a line; blank lines and lines starting with ``#`` are
ignored. An entry written all in lowercase accepts any capitalization ("kubectl" accepts
"Kubectl" at the start of a sentence); any other entry must match exactly ("GitHub").
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path


@dataclass(frozen=True)
class Vocabulary:
    exact: frozenset[str] = field(default_factory=frozenset)
    folded: frozenset[str] = field(default_factory=frozenset)

    def accepts(self, word: str) -> bool:
        word = word.strip()
        return word in self.exact or word.lower() in self.folded

    @classmethod
    def from_lines(cls, lines: Iterable[str]) -> Vocabulary:
        words = [w for w in (line.strip() for line in lines) if w and not w.startswith("#")]
        return cls(frozenset(words), frozenset(w for w in words if w == w.lower()))


def load_vocabulary(path: Path) -> Vocabulary:
    """The vocabulary in ``path``; empty when the file does not exist."""
    try:
        stamp = path.stat().st_mtime_ns
    except OSError:
        return Vocabulary()
    return _load(path, stamp)


@lru_cache(maxsize=8)
def _load(path: Path, stamp: int) -> Vocabulary:
    return Vocabulary.from_lines(path.read_text(encoding="utf-8-sig").splitlines())


def add_words(path: Path, words: Iterable[str]) -> list[str]:
    """Append the words ``path`` does not accept yet; returns those added (file created if
    missing). Existing lines and comments are kept as they are."""
    known = load_vocabulary(path)
    added: list[str] = []
    for word in words:
        word = word.strip()
        if word and not known.accepts(word) and word not in added:
            added.append(word)
    if added:
        path.parent.mkdir(parents=True, exist_ok=True)
        existing = path.read_text(encoding="utf-8-sig") if path.exists() else ""
        if existing and not existing.endswith("\n"):
            existing += "\n"
        path.write_text(existing + "".join(f"{w}\n" for w in added), encoding="utf-8")
    return added


def project_vocabulary(cwd: Path, config_file: Path | None = None) -> Path | None:
    """The vocabulary file the LT rules use for files in ``cwd`` (None when turned off).

    Resolved like a lint run resolves options, so ``postlint add-words`` writes to the file
    that ``postlint check`` reads. Raises ConfigError or RegistryError on a bad config.
    """
    from postlint.config import CliOverrides, ConfigResolver
    from postlint.registry import default_registry

    registry = default_registry()
    if registry.get("LT001") is None:
        return None
    resolver = ConfigResolver(
        registry, CliOverrides(select=["LT001"]), config_file=config_file, cwd=cwd
    )
    active = next(a for a in resolver.for_directory(cwd).active if a.code == "LT001")
    name = str(active.options.vocabulary).strip()
    return Path(active.options.root) / name if name else None
