"""Configuration: find the nearest config file, validate it, and resolve the active rules.

Sources, nearest first when walking up from a linted file: ``postlint.toml``,
``.postlint.toml``, or ``pyproject.toml`` with a ``[tool.postlint]`` table. Every unknown key
and every wrong value is an error that names the file and the key.
"""

from __future__ import annotations

import difflib
import hashlib
import json
import re
import tomllib
from collections.abc import Iterable
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path
from typing import Any

import pathspec

from postlint.model import Severity
from postlint.registry import Registry, RegistryError, load_local_plugin
from postlint.rule import Options, Rule

CONFIG_NAMES = ("postlint.toml", ".postlint.toml", "pyproject.toml")
DEFAULT_INCLUDE = ["*.md", "*.markdown", "*.mdx"]
DEFAULT_EXCLUDE = [
    ".git",
    ".hg",
    ".svn",
    ".venv",
    "venv",
    "node_modules",
    "__pycache__",
    ".postlint_cache",
    ".tox",
    ".nox",
    "_site",
    "public",
    "site-packages",
]


class ConfigError(Exception):
    """A problem with a config file or option: exit code 2, never a traceback."""


# key -> (python type, default, help). Keys are kebab-case; snake_case is accepted too.
SCHEMA: dict[str, tuple[type, Any, str]] = {
    "select": (list, None, "rule selectors to enable (codes, prefixes, names or ALL)"),
    "extend-select": (list, [], "selectors enabled on top of `select`"),
    "ignore": (list, [], "selectors to disable"),
    "per-file-ignores": (dict, {}, "glob -> selectors to disable for matching files"),
    "include": (list, DEFAULT_INCLUDE, "file-name globs that are linted"),
    "exclude": (list, DEFAULT_EXCLUDE, "gitignore-style patterns never linted"),
    "extend-exclude": (list, [], "patterns excluded on top of `exclude`"),
    "respect-gitignore": (bool, True, "skip files that .gitignore files exclude"),
    "severity": (dict, {}, "selector -> error|warning|info overrides"),
    "fail-on": (str, "warning", "lowest severity that makes the run fail"),
    "max-file-size": (int, 5_000_000, "files larger than this many bytes are skipped"),
    "plugins": (list, [], "local rule modules (paths relative to the config file)"),
    "rules": (dict, {}, "per-rule options: [rules.<code|prefix|name>] tables"),
}


def _normalize(key: str) -> str:
    return key.replace("_", "-")


@dataclass
class Settings:
    """Validated values of one config file (or the defaults)."""

    root: Path  # the folder paths in the config are relative to
    source: Path | None = None
    values: dict[str, Any] = field(default_factory=dict)
    sections: dict[str, dict[str, Any]] = field(default_factory=dict)  # other tables
    source_text: str = ""  # the config file's text, read for the lines of error messages

    def get(self, key: str) -> Any:
        return self.values.get(key, SCHEMA[key][1])

    @cached_property
    def key_lines(self) -> dict[str, int]:
        """Dotted key -> its line in the source; worked out only when a message needs it."""
        pyproject = self.source is not None and self.source.name == "pyproject.toml"
        return toml_key_lines(self.source_text, "tool.postlint" if pyproject else "")

    def describe(self, key: str) -> str:
        """``file:line: key`` for messages about ``key`` (a dotted path such as
        ``rules.FM003.keys``); the line is that of the key, or of its table."""
        if not self.source:
            return f"defaults: {key}"
        where = shown_path(self.source)
        parts = key.split(".")
        for size in range(len(parts), 0, -1):
            line = self.key_lines.get(".".join(parts[:size]))
            if line is not None:
                where = f"{where}:{line}"
                break
        table = "[tool.postlint] " if self.source.name == "pyproject.toml" else ""
        return f"{where}: {table}{key}"

    @cached_property
    def fingerprint(self) -> str:
        blob = json.dumps(
            [str(self.source), self.values, self.sections], sort_keys=True, default=str
        )
        return hashlib.sha256(blob.encode()).hexdigest()[:16]


def read_config_file(path: Path) -> Settings:
    """Parse and validate one config file."""
    try:
        raw = path.read_bytes().decode("utf-8")
        document = tomllib.loads(raw)
    except FileNotFoundError:
        raise ConfigError(f"{shown_path(path)}: config file not found") from None
    except OSError as exc:
        raise ConfigError(f"{shown_path(path)}: cannot read config file: {exc.strerror}") from None
    except UnicodeDecodeError:
        raise ConfigError(f"{shown_path(path)}: config file is not UTF-8") from None
    except tomllib.TOMLDecodeError as exc:
        raise ConfigError(_toml_problem(path, raw, exc)) from None
    pyproject = path.name == "pyproject.toml"
    table = document.get("tool", {}).get("postlint", {}) if pyproject else document
    return settings_from_table(table, path.parent.resolve(), path, raw)


def shown_path(path: Path) -> str:
    """``path`` as a message shows it: relative to the working directory when inside it."""
    try:
        return str(path.resolve().relative_to(Path.cwd().resolve()))
    except (OSError, ValueError):
        return str(path)


_TOML_AT = re.compile(r"\s*\(at line (\d+), column (\d+)\)$")
_TOML_HEADER = re.compile(r"^\s*\[(\[?)\s*([^\[\]]+?)\s*\]\]?\s*(?:#.*)?$")
_TOML_KEY = re.compile(
    r"""^\s*((?:"[^"]*"|'[^']*'|[A-Za-z0-9_-]+)(?:\s*\.\s*(?:"[^"]*"|'[^']*'|[A-Za-z0-9_-]+))*)\s*="""
)


def _toml_problem(path: Path, raw: str, exc: tomllib.TOMLDecodeError) -> str:
    """``file:line:column: invalid TOML: problem``, the place read off tomllib's message."""
    message = str(exc)
    at = _TOML_AT.search(message)
    if at:
        return f"{shown_path(path)}:{at[1]}:{at[2]}: invalid TOML: {message[: at.start()]}"
    if message.endswith("(at end of document)"):
        line = raw.count("\n") + (0 if raw.endswith("\n") else 1)
        problem = message.removesuffix("(at end of document)").rstrip()
        return f"{shown_path(path)}:{max(line, 1)}: invalid TOML: {problem} at the end of the file"
    return f"{shown_path(path)}: invalid TOML: {message}"


def _dotted(name: str) -> str:
    parts = re.findall(r'"([^"]*)"|\'([^\']*)\'|([^.\s"\']+)', name)
    return ".".join(a or b or c for a, b, c in parts)


def toml_key_lines(raw: str, prefix: str = "") -> dict[str, int]:
    """The line of every table header and key of a TOML document, by dotted path relative to
    the table ``prefix`` (``tool.postlint`` in pyproject.toml). tomllib gives values only; a
    message about a key should still say where it is. A line-based reading: good enough to
    point at a key, never used to read a value."""
    lines: dict[str, int] = {}
    table = ""
    for number, line in enumerate(raw.splitlines(), 1):
        header = _TOML_HEADER.match(line)
        if header:
            table = _dotted(header[2])
            if header[1]:  # an array of tables: its keys are not the config's
                continue
            key = table
        else:
            found = _TOML_KEY.match(line)
            if not found:
                continue
            key = f"{table}.{_dotted(found[1])}" if table else _dotted(found[1])
        if prefix:
            if key != prefix and not key.startswith(prefix + "."):
                continue
            key = key[len(prefix) + 1 :]
        if key:
            lines.setdefault(key, number)
    return lines


def settings_from_table(
    table: dict[str, Any],
    root: Path,
    source: Path | None,
    source_text: str = "",
) -> Settings:
    settings = Settings(root=root, source=source, source_text=source_text)
    for raw_key, value in table.items():
        key = _normalize(raw_key)
        if key not in SCHEMA:
            if isinstance(value, dict):
                settings.sections[key] = value  # a rule's config section, checked on resolve
                continue
            raise ConfigError(
                f"{settings.describe(raw_key)}: unknown option{_did_you_mean(key, SCHEMA)} "
                f"(known: {', '.join(sorted(SCHEMA))})"
            )
        expected, _default, _help = SCHEMA[key]
        if not isinstance(value, expected) or (expected is int and isinstance(value, bool)):
            raise ConfigError(
                f"{settings.describe(raw_key)}: expected {expected.__name__}, "
                f"got {type(value).__name__} {value!r}"
            )
        if expected is list and not all(isinstance(item, str) for item in value):
            raise ConfigError(f"{settings.describe(raw_key)}: expected a list of strings")
        settings.values[key] = value
    fail_on = settings.get("fail-on")
    try:
        Severity.parse(fail_on)
    except ValueError as exc:
        raise ConfigError(f"{settings.describe('fail-on')}: {exc}") from None
    for selector, level in settings.get("severity").items():
        try:
            Severity.parse(str(level))
        except ValueError as exc:
            raise ConfigError(f"{settings.describe('severity')}.{selector}: {exc}") from None
    for pattern, codes in settings.get("per-file-ignores").items():
        if not isinstance(codes, list) or not all(isinstance(c, str) for c in codes):
            raise ConfigError(
                f"{settings.describe('per-file-ignores')}.{pattern!r}: "
                "expected a list of rule selectors"
            )
    return settings


def find_config_file(directory: Path) -> Path | None:
    """The nearest config file at or above ``directory``."""
    for folder in (directory, *directory.parents):
        for name in CONFIG_NAMES:
            candidate = folder / name
            if not candidate.is_file():
                continue
            if name != "pyproject.toml" or _has_postlint_table(candidate):
                return candidate
    return None


def _has_postlint_table(pyproject: Path) -> bool:
    try:
        text = pyproject.read_text(encoding="utf-8", errors="replace")
    except OSError:
        return False
    return "[tool.postlint" in text


@dataclass
class CliOverrides:
    """Options given on the command line; they win over config files."""

    select: list[str] | None = None
    extend_select: list[str] = field(default_factory=list)
    ignore: list[str] = field(default_factory=list)
    fail_on: str | None = None
    rule_options: dict[str, dict[str, Any]] = field(default_factory=dict)  # e.g. LT url

    def fingerprint(self) -> str:
        return json.dumps(
            [self.select, self.extend_select, self.ignore, self.rule_options],
            sort_keys=True,
            default=str,
        )


@dataclass
class ActiveRule:
    rule: Rule
    options: Options
    severity: Severity

    @property
    def code(self) -> str:
        return self.rule.code


class RuleSet:
    """The rules in force for the files under one config, with their options and severities."""

    def __init__(
        self,
        settings: Settings,
        registry: Registry,
        overrides: CliOverrides,
        working_dir: Path | None = None,
    ) -> None:
        self.settings = settings
        self.registry = registry
        self.overrides = overrides
        # Plugins are code: only the configs of the project postlint runs in may load them
        # (None: any config, e.g. one named with --config).
        self.working_dir = working_dir
        self._load_plugins()
        self.active = self._resolve()
        self.fail_on = Severity.parse(overrides.fail_on or settings.get("fail-on"))
        self._per_file = [
            (pathspec.GitIgnoreSpec.from_lines([pattern]), self._expand(codes, key))
            for key, (pattern, codes) in (
                (f"per-file-ignores.{p!r}", (p, c))
                for p, c in settings.get("per-file-ignores").items()
            )
        ]

    @cached_property
    def fingerprint(self) -> str:
        """Changes whenever anything that can change a result changes (for the cache)."""
        parts = [self.settings.fingerprint, self.overrides.fingerprint()]
        parts += [
            f"{a.code}:{a.severity}:{sorted(a.options.values().items())!r}" for a in self.active
        ]
        return hashlib.sha256("|".join(parts).encode()).hexdigest()[:16]

    def _load_plugins(self) -> None:
        plugins = self.settings.get("plugins")
        if not plugins:
            return
        where = self.settings.describe("plugins")
        source = self.settings.source
        if self.working_dir and source and not _trusted_config(source, self.working_dir):
            raise ConfigError(
                f"{where}: refusing to run plugins named by a config outside the repository "
                f"being worked in ({repository_root(self.working_dir)}); run postlint from that "
                "config's repository or name the config with --config"
            )
        repository = repository_root(self.settings.root)
        registry = Registry(self.registry)  # local plugins extend a copy, never the global one
        for entry in plugins:
            path = (self.settings.root / entry).resolve()
            if not _within(path, repository):
                raise ConfigError(
                    f"{where}: {entry!r} resolves to {path}, outside the "
                    f"repository {repository}; local plugins must live in the "
                    "repository whose config names them"
                )
            if not path.is_file():
                raise ConfigError(f"{where}: {entry!r} does not exist")
            try:
                registry.add_module(load_local_plugin(path))
            except RegistryError as exc:
                raise ConfigError(f"{self.settings.describe('plugins')}: {exc}") from None
        self.registry = registry

    def _expand(self, selectors: list[str], key: str, *, enabling: bool = False) -> set[str]:
        """Codes that config ``key`` names (``--flag`` keys are command-line options)."""
        where = key if key.startswith("--") else self.settings.describe(key)
        codes: set[str] = set()
        for selector in selectors:
            matched = self.registry.match(selector)
            if not matched:
                raise ConfigError(
                    f"{where}: unknown rule selector {selector!r} (see `postlint rules`)"
                )
            if enabling:
                matched = _enabled_by(selector, matched)
            codes.update(rule.code for rule in matched)
        return codes

    def _resolve(self) -> list[ActiveRule]:
        settings, overrides = self.settings, self.overrides
        if overrides.select is not None:
            enabled = self._expand(overrides.select, "--select", enabling=True)
        elif settings.get("select") is not None:
            enabled = self._expand(settings.get("select"), "select", enabling=True)
        else:
            enabled = {r.code for r in self.registry if r.default_enabled}
        enabled |= self._expand(settings.get("extend-select"), "extend-select", enabling=True)
        enabled |= self._expand(overrides.extend_select, "--extend-select", enabling=True)
        enabled -= self._expand(settings.get("ignore"), "ignore")
        enabled -= self._expand(overrides.ignore, "--ignore")

        severities: list[tuple[str, Severity]] = []
        for selector, level in settings.get("severity").items():
            self._expand([selector], f"severity.{selector}")
            severities.append((selector.upper(), Severity.parse(str(level))))
        severities.sort(key=lambda item: len(item[0]))  # longer, more specific prefixes win

        options = self._rule_options()
        active = []
        for code in sorted(enabled):
            rule_class = self.registry.rules[code]
            severity = rule_class.severity
            for prefix, level in severities:
                if code.startswith(prefix) or prefix == rule_class.name.upper():
                    severity = level
            active.append(ActiveRule(rule_class(), Options(options[code], settings.root), severity))
        return active

    def _rule_options(self) -> dict[str, dict[str, Any]]:
        """Option values for every rule: defaults, then config tables, then CLI overrides."""
        values = {code: rule.default_options() for code, rule in self.registry.rules.items()}
        tables: list[tuple[str, str, dict[str, Any]]] = []
        for selector, table in self.settings.get("rules").items():
            if not isinstance(table, dict):
                raise ConfigError(f"{self.settings.describe('rules')}.{selector}: expected a table")
            tables.append((f"rules.{selector}", selector, table))
        sections = {r.config_section: r for r in self.registry if r.config_section}
        for section, table in self.settings.sections.items():
            owners = [r for r in self.registry if r.config_section == section]
            if not owners:
                known = ", ".join(sorted(SCHEMA) + sorted(sections))
                raise ConfigError(
                    f"{self.settings.describe(section)}: unknown option"
                    f"{_did_you_mean(section, [*SCHEMA, *sections])} (known: {known})"
                )
            for owner in owners:
                tables.append((section, owner.code, table))
        for selector, table in self.overrides.rule_options.items():
            tables.append((f"command line {selector}", selector, table))

        for where, selector, table in tables:
            targets = self.registry.match(selector)
            if not targets:
                raise ConfigError(
                    f"{self._describe(where)}: unknown rule selector "
                    f"{selector!r} (see `postlint rules`)"
                )
            for raw_key, value in table.items():
                key = raw_key.replace("-", "_")
                applied = False
                for rule in targets:
                    option = next((o for o in rule.options if o.name == key), None)
                    if option is None:
                        continue
                    try:
                        values[rule.code][key] = option.validate(
                            value, self._describe(f"{where}.{raw_key}")
                        )
                    except ValueError as exc:
                        raise ConfigError(str(exc)) from None
                    applied = True
                if not applied:
                    names = sorted({o.name.replace("_", "-") for r in targets for o in r.options})
                    raise ConfigError(
                        f"{self._describe(f'{where}.{raw_key}')}: unknown option for "
                        f"{selector}{_did_you_mean(raw_key.replace('_', '-'), names)} "
                        f"(known: {', '.join(names) or 'none'})"
                    )
        return values

    def _describe(self, where: str) -> str:
        # Options given with --rule-option come from the command line, not the config file.
        return where if where.startswith("command line") else self.settings.describe(where)

    def ignored_codes(self, relative_path: str) -> set[str]:
        """Codes that `per-file-ignores` turns off for a path relative to the config root."""
        ignored: set[str] = set()
        for spec, codes in self._per_file:
            if spec.match_file(relative_path):
                ignored |= codes
        return ignored


def repository_root(folder: Path) -> Path:
    """The nearest folder at or above ``folder`` holding ``.git``; ``folder`` if there is none."""
    folder = folder.resolve()
    for candidate in (folder, *folder.parents):
        if (candidate / ".git").exists():
            return candidate
    return folder


def _within(path: Path, folder: Path) -> bool:
    return path == folder or folder in path.parents


def _trusted_config(config: Path, working_dir: Path) -> bool:
    """A config of the project being worked in: inside the working directory's repository,
    or in a folder at or above the working directory (the config that governs it)."""
    config = config.resolve()
    working_dir = working_dir.resolve()
    return _within(config, repository_root(working_dir)) or _within(working_dir, config.parent)


def _enabled_by(selector: str, matched: list[type[Rule]]) -> list[type[Rule]]:
    """Rules a selector turns on: opt-in rules (off by default) need to be named.

    A code or name selects its rule; a prefix or ``ALL`` selects the default rules it covers,
    or its opt-in rules when it covers nothing else (``LT`` turns on the LanguageTool rules,
    ``RT`` does not turn on the opt-in RT003).
    """
    if len(matched) == 1 and selector.strip().upper() in (matched[0].code, matched[0].name.upper()):
        return matched
    default_on = [rule for rule in matched if rule.default_enabled]
    return default_on or matched


class ConfigResolver:
    """Finds and caches the settings and rule set that apply to each folder."""

    def __init__(
        self,
        registry: Registry,
        overrides: CliOverrides,
        config_file: Path | None = None,
        cwd: Path | None = None,
    ) -> None:
        self.registry = registry
        self.overrides = overrides
        self.cwd = (cwd or Path.cwd()).resolve()
        self._fixed = read_config_file(config_file) if config_file else None
        self._by_dir: dict[Path, RuleSet] = {}
        self._by_file: dict[Path | None, RuleSet] = {}

    def for_directory(self, directory: Path) -> RuleSet:
        directory = directory.resolve()
        found = self._by_dir.get(directory)
        if found is None:
            source = None if self._fixed else find_config_file(directory)
            found = self._by_file.get(source if not self._fixed else self._fixed.source)
            if found is None:
                if self._fixed:
                    settings = self._fixed
                elif source:
                    settings = read_config_file(source)
                else:
                    settings = Settings(root=self.cwd)
                working_dir = None if self._fixed else self.cwd
                found = RuleSet(settings, self.registry, self.overrides, working_dir)
                self._by_file[settings.source] = found
            self._by_dir[directory] = found
        return found


def _did_you_mean(key: str, known: Iterable[str]) -> str:
    close = difflib.get_close_matches(key, list(known), n=1, cutoff=0.75)
    return f"; did you mean '{close[0]}'?" if close else ""
