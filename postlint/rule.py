"""The rule API: what every check, built-in or third-party, declares and implements."""

from __future__ import annotations

import inspect
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from types import SimpleNamespace
from typing import TYPE_CHECKING, Any, ClassVar

from postlint.model import Edit, Fix, Severity, Violation

if TYPE_CHECKING:
    from postlint.document import Document


@dataclass(frozen=True)
class Option:
    """A typed, documented rule option. ``type`` is one of bool, int, float, str, list, dict."""

    name: str
    type: type
    default: Any
    help: str
    choices: tuple[Any, ...] | None = None

    def validate(self, value: Any, where: str) -> Any:
        """Check and convert a config value; raise ValueError naming ``where`` when it is wrong."""
        expected = self.type
        if expected is float and isinstance(value, int) and not isinstance(value, bool):
            value = float(value)
        ok = isinstance(value, expected) and not (expected is int and isinstance(value, bool))
        if expected is list and ok:
            ok = all(isinstance(item, (str, int, float)) for item in value)
        if not ok:
            raise ValueError(
                f"{where}: expected {_type_name(expected)}, got {_type_name(type(value))} {value!r}"
            )
        if self.choices is not None and value not in self.choices:
            allowed = ", ".join(repr(c) for c in self.choices)
            raise ValueError(f"{where}: {value!r} is not one of {allowed}")
        return value


def _type_name(t: type) -> str:
    return {
        bool: "a boolean",
        int: "an integer",
        float: "a number",
        str: "a string",
        list: "a list",
        dict: "a table",
    }.get(t, t.__name__)


class Options(SimpleNamespace):
    """Resolved option values of one rule, read as attributes (``options.max_words``).

    A namespace rather than a mapping, so option names never collide with methods.
    ``options.root`` is the folder of the config file the values came from; relative paths
    in options (a vocabulary file, say) are relative to it.
    """

    def __init__(self, values: dict[str, Any] | None = None, root: Path | None = None) -> None:
        super().__init__(**(values or {}))
        object.__setattr__(self, "root", root or Path.cwd())

    def values(self) -> dict[str, Any]:
        return {k: v for k, v in vars(self).items() if k != "root"}


class Rule:
    """Base class of every rule. The subclass docstring is the rule's published documentation.

    Subclasses set the class attributes below and implement ``check``, which yields
    ``Violation`` objects (the engine fills in code, name and severity).
    """

    code: ClassVar[str]  # stable, e.g. "FM001"; the prefix is the family
    name: ClassVar[str]  # kebab-case, e.g. "missing-tags"
    summary: ClassVar[str]  # one line, shown in `postlint rules`
    severity: ClassVar[Severity] = Severity.WARNING
    fixable: ClassVar[str | None] = None  # None, "safe" or "unsafe"
    default_enabled: ClassVar[bool] = True
    options: ClassVar[tuple[Option, ...]] = ()
    # A `[tool.postlint.<config_section>]` table that holds this rule's options, if any.
    config_section: ClassVar[str | None] = None
    # True when the finding is about the whole post wherever it is reported (a read time that
    # no longer matches the word count): `--diff-base` then reports it for any changed file,
    # not only when its own line changed.
    file_level: ClassVar[bool] = False
    # False when a result depends on more than the file and the options (a server's answer,
    # a vocabulary file): the result cache then never keeps this rule set's results.
    cacheable: ClassVar[bool] = True
    # True when the rule calls a network service (LanguageTool): the warm-up never runs it on
    # its sample post, and the fuzz script and property tests leave it out.
    needs_network: ClassVar[bool] = False

    def check(self, doc: Document, options: Options) -> Iterable[Violation]:
        raise NotImplementedError

    # --- helpers for rule authors ----------------------------------------------------------
    @classmethod
    def documentation(cls) -> str:
        return inspect.cleandoc(cls.__doc__ or cls.summary)

    @classmethod
    def default_options(cls) -> dict[str, Any]:
        return {option.name: option.default for option in cls.options}

    @staticmethod
    def at_line(doc: Document, line: int, message: str, *, fix: Fix | None = None) -> Violation:
        """A violation spanning a whole line (its first to last non-blank character)."""
        text = doc.index.line_text(line) if doc.text else ""
        stripped = text.strip()
        column = text.index(stripped[0]) + 1 if stripped else 1
        end_column = column + len(stripped) if stripped else 1
        return Violation(line, column, message, line, end_column, fix=fix)

    @staticmethod
    def at_offsets(
        doc: Document, start: int, end: int, message: str, *, fix: Fix | None = None
    ) -> Violation:
        """A violation spanning ``doc.text[start:end]``."""
        line, column = doc.position(start)
        end_line, end_column = doc.position(max(start, end))
        return Violation(line, column, message, end_line, end_column, fix=fix)

    def at_prose(
        self,
        doc: Document,
        block: Any,
        start: int,
        end: int,
        message: str,
        *,
        fix: Fix | None = None,
    ) -> Violation:
        """A violation spanning ``block.text[start:end]`` of a prose block."""
        source_start, source_end = block.source_span(start, end)
        return self.at_offsets(doc, source_start, source_end, message, fix=fix)

    @staticmethod
    def key_violation(
        doc: Document, key: str | None, message: str, *, fix: Fix | None = None
    ) -> Violation:
        """A violation on a front-matter key's line, or on line 1 when the key is absent."""
        line = (doc.key_line(key) if key else None) or 1
        return Rule.at_line(doc, line, message, fix=fix)


__all__ = ["Edit", "Fix", "Option", "Options", "Rule", "Severity", "Violation"]
