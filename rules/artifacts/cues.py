"""Cue combinations: artifacts found by what a sentence does, not by its exact words.

A cue is a small word family (``phrases/cue_<name>.txt``): an acknowledgement opener, a
hand-off, a reference to the produced text, the prompter as addressee, the writer's own
writing or research, an offer, an edit. One cue proves nothing; leftovers of a model combine
several in one sentence at a telling place ("Right, here's the finished piece for your coffee
blog." opens the body: acknowledgement + hand-off + text + prompter). ``phrases/cue_combos.txt``
lists which cues must meet, where, and which cues veto the combination.

A kind's combinations behave like a phrase family (``family("cues:preamble")``), so the
matcher in ``base.py`` applies its zones, runs, quotations and fixes to them unchanged.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache
from importlib import resources

from .phrases import SECTIONS, Family, family


class CueFileError(Exception):
    """A line of ``cue_combos.txt`` names an unknown zone or has no cues."""


@dataclass(frozen=True)
class CueMatch:
    """The span from the first to the last cue of a combination (quacks like ``re.Match``)."""

    text: str
    begin: int
    finish: int

    def group(self, index: int = 0) -> str:
        return self.text[self.begin : self.finish]

    def start(self) -> int:
        return self.begin

    def end(self) -> int:
        return self.finish


@dataclass(frozen=True)
class Combo:
    zone: str
    needs: tuple[tuple[Family, ...], ...]  # every group must match; any family of a group
    vetoes: tuple[Family, ...]

    def may_match(self, lowered: str, seen: dict[str, bool] | None = None) -> bool:
        """Keyword pre-check of every needed cue; ``seen`` shares answers between combos."""
        seen = {} if seen is None else seen
        return all(any(_present(f, lowered, seen) for f in group) for group in self.needs)

    def match(
        self, text: str, lowered: str, seen: dict[str, bool] | None = None
    ) -> CueMatch | None:
        seen = {} if seen is None else seen
        spans = []
        for group in self.needs:
            found = next(
                (
                    m
                    for f in group
                    if _present(f, lowered, seen) and (m := f.search("anywhere", text))
                ),
                None,
            )
            if found is None:
                return None
            spans.append(found.span())
        if any(_present(v, lowered, seen) and v.search("anywhere", text) for v in self.vetoes):
            return None
        return CueMatch(text, min(s for s, _ in spans), max(e for _, e in spans))


def _present(cue: Family, lowered: str, seen: dict[str, bool]) -> bool:
    if cue.name not in seen:
        seen[cue.name] = cue.may_match(lowered)
    return seen[cue.name]


class CueFamily:
    """The combinations of one kind, with the interface ``base.PhraseRule`` expects of a family."""

    def __init__(self, name: str, combos: list[Combo]) -> None:
        self.name = name
        self.combos = combos
        # The matcher asks whether a zone has patterns at all before it walks that zone.
        self.patterns = {s: (True if any(c.zone == s for c in combos) else None) for s in SECTIONS}
        self.by_zone = {s: [c for c in combos if c.zone == s] for s in SECTIONS}

    def may_match(self, lowered: str) -> bool:
        seen: dict[str, bool] = {}
        return any(c.may_match(lowered, seen) for c in self.combos)

    def may_match_in(self, section: str, lowered: str) -> bool:
        seen: dict[str, bool] = {}
        return any(c.may_match(lowered, seen) for c in self.by_zone.get(section, ()))

    def search(self, section: str, text: str) -> CueMatch | None:
        combos = self.by_zone.get(section)
        if not combos:
            return None
        lowered = text.lower()
        seen: dict[str, bool] = {}
        for combo in combos:
            if combo.may_match(lowered, seen):
                found = combo.match(text, lowered, seen)
                if found is not None:
                    return found
        return None


def _cue(name: str) -> Family:
    return family(name if name == "reader_call" else f"cue_{name}")


def parse_combos(text: str) -> dict[str, list[Combo]]:
    """kind -> its combinations, from the lines of ``cue_combos.txt``."""
    kinds: dict[str, list[Combo]] = {}
    for number, raw in enumerate(text.splitlines(), start=1):
        line = raw.split("#", 1)[0].split()
        if not line:
            continue
        if len(line) < 3 or line[1] not in SECTIONS:
            raise CueFileError(f"phrases/cue_combos.txt:{number}: expected KIND ZONE CUE …")
        kind, zone, words = line[0], line[1], line[2:]
        needs = tuple(tuple(_cue(n) for n in w.split("|")) for w in words if w[0] != "-")
        vetoes = tuple(_cue(w[1:]) for w in words if w[0] == "-")
        if not needs:
            raise CueFileError(f"phrases/cue_combos.txt:{number}: no cue to look for")
        kinds.setdefault(kind, []).append(Combo(zone, needs, vetoes))
    return kinds


@cache
def _combos() -> dict[str, list[Combo]]:
    source = resources.files(__package__).joinpath("phrases", "cue_combos.txt")
    return parse_combos(source.read_text(encoding="utf-8"))


@cache
def cue_family(kind: str) -> CueFamily:
    """The cue combinations of one kind (``preamble``, ``trace``, …), loaded once per process."""
    return CueFamily(f"cues:{kind}", _combos().get(kind, []))
