"""Find rules: the `postlint.rules` entry-point group (built-ins and third parties alike) and
local plugin modules a repository names in its own config."""

from __future__ import annotations

import importlib
import importlib.util
import inspect
import re
import sys
from collections.abc import Iterable
from importlib.metadata import entry_points
from pathlib import Path
from types import ModuleType

from postlint.rule import Rule

ENTRY_POINT_GROUP = "postlint.rules"
_CODE = re.compile(r"^[A-Z]{1,4}[0-9]{3}$")


class RegistryError(Exception):
    pass


class Registry:
    """All known rules by code, in code order."""

    def __init__(self, rules: Iterable[type[Rule]] = ()) -> None:
        self.rules: dict[str, type[Rule]] = {}
        for rule in rules:
            self.add(rule)

    def add(self, rule: type[Rule], origin: str = "") -> None:
        code = getattr(rule, "code", None)
        if not isinstance(code, str) or not _CODE.match(code):
            raise RegistryError(f"{origin or rule.__qualname__}: invalid rule code {code!r}")
        existing = self.rules.get(code)
        if existing is not None and existing is not rule:
            raise RegistryError(
                f"rule code {code} is defined twice: by {existing.__module__}."
                f"{existing.__qualname__} and {rule.__module__}.{rule.__qualname__}"
            )
        self.rules[code] = rule
        self.rules = dict(sorted(self.rules.items()))

    def add_module(self, module: ModuleType) -> None:
        for rule in rules_in(module):
            self.add(rule, module.__name__)

    def __iter__(self):
        return iter(self.rules.values())

    def __len__(self) -> int:
        return len(self.rules)

    def get(self, code_or_name: str) -> type[Rule] | None:
        key = code_or_name.strip()
        if key.upper() in self.rules:
            return self.rules[key.upper()]
        for rule in self.rules.values():
            if rule.name == key:
                return rule
        return None

    def match(self, selector: str) -> list[type[Rule]]:
        """Rules a selector names: ``ALL``, a code prefix (``AI``, ``FM00``), a code or a name."""
        selector = selector.strip()
        if selector.upper() == "ALL":
            return list(self.rules.values())
        upper = selector.upper()
        by_prefix = [r for c, r in self.rules.items() if c.startswith(upper)]
        if by_prefix:
            return by_prefix
        named = self.get(selector)
        return [named] if named else []


def rules_in(module: ModuleType) -> list[type[Rule]]:
    """Rule classes a module defines (or lists in ``RULES``)."""
    listed = getattr(module, "RULES", None)
    if listed is not None:
        return list(listed)
    return [
        obj
        for _, obj in inspect.getmembers(module, inspect.isclass)
        if issubclass(obj, Rule)
        and obj is not Rule
        and obj.__module__ == module.__name__
        and getattr(obj, "code", None)
    ]


_DEFAULT: Registry | None = None


def default_registry() -> Registry:
    """Rules from every installed distribution's `postlint.rules` entry points (loaded once)."""
    global _DEFAULT
    if _DEFAULT is None:
        registry = Registry()
        for entry in sorted(entry_points(group=ENTRY_POINT_GROUP), key=lambda e: e.name):
            try:
                loaded = entry.load()
            except Exception as exc:  # a broken plugin must not take the linter down
                raise RegistryError(
                    f"cannot load rule plugin {entry.name!r} ({entry.value}): "
                    f"{type(exc).__name__}: {exc}"
                ) from exc
            if isinstance(loaded, ModuleType):
                registry.add_module(loaded)
            elif inspect.isclass(loaded) and issubclass(loaded, Rule):
                registry.add(loaded, entry.value)
            else:
                raise RegistryError(f"entry point {entry.name!r} is neither a module nor a Rule")
        _DEFAULT = registry
    return _DEFAULT


def load_local_plugin(path: Path) -> ModuleType:
    """Import a rule module from a file path a repo's config names."""
    name = "postlint_local_" + re.sub(r"\W", "_", str(path.resolve()))
    if name in sys.modules:
        return sys.modules[name]
    spec = importlib.util.spec_from_file_location(name, path)
    if spec is None or spec.loader is None:
        raise RegistryError(f"cannot import plugin {path}")
    module = importlib.util.module_from_spec(spec)
    sys.modules[name] = module
    try:
        spec.loader.exec_module(module)
    except Exception as exc:
        del sys.modules[name]
        raise RegistryError(f"plugin {path} failed to import: {type(exc).__name__}: {exc}") from exc
    return module
