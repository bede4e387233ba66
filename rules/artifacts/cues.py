"""Scored cue families: a sentence is an artifact of a kind when its cues add up.

Each cue is a small word family (``phrases/cue_<name>.txt``: the prompter, the produced text,
the writer's own research or drafting, an offer, …). Alone none proves anything; a sentence in
which several meet, at the place in the post where leftovers sit, rarely comes from a person.
``phrases/cue_scores.toml`` gives, per kind, the weight of every cue, the factor of every zone
(start of the body, the first heading, end of the body, anywhere, front-matter fields), bonuses
for context (a ``---`` right after the block), vetoes (negative weights: an author's intro, a
call to readers) and the threshold. One line of that file tunes one weight.

A kind is used like a phrase family (``family("cues:preamble")``), so the matcher in
``base.py`` applies its zones, runs, quotations and fixes to it unchanged.
"""

from __future__ import annotations

import tomllib
from dataclasses import dataclass, field
from functools import cache
from importlib import resources
from typing import Any

from .literals import INDEX
from .phrases import SECTIONS, Family, family

# How many answers of ``ScoredKind._bound`` a kind keeps (one per set of strings held).
_BOUNDS_KEPT = 4096
# Zones a kind may name: the matcher's sections plus the first heading and front-matter fields.
ZONES = (*SECTIONS, "heading", "field")


class CueFileError(Exception):
    """``cue_scores.toml`` names an unknown zone or cue, or misses a threshold."""


@dataclass(frozen=True)
class CueMatch:
    """The span from the first to the last positive cue (quacks like ``re.Match``)."""

    text: str
    begin: int
    finish: int
    score: float = 0.0
    cues: tuple[str, ...] = ()

    def group(self, index: int = 0) -> str:
        return self.text[self.begin : self.finish]

    def start(self) -> int:
        return self.begin

    def end(self) -> int:
        return self.finish


@dataclass(frozen=True)
class ScoredKind:
    """The cue weights of one kind, with the interface ``base.PhraseRule`` expects of a family."""

    name: str
    threshold: float
    min_cues: int
    zones: dict[str, float]
    bonus: dict[str, float]
    cues: tuple[tuple[Family, float], ...]  # positive weights
    vetoes: tuple[tuple[Family, float], ...]  # negative weights
    # In the middle of a post at least one of these must occur (all keywords, for one scan).
    anchors: tuple[str, ...] = ()
    patterns: dict[str, Any] = field(default_factory=dict)
    total: float = field(init=False, default=0.0)  # the sum of the positive weights
    # (strings held, zone factor, bonus) -> whether the cues held can reach the threshold
    _bounds: dict[tuple[frozenset[str], float, float], bool] = field(
        init=False, default_factory=dict, repr=False, compare=False
    )

    def __post_init__(self) -> None:
        # The matcher asks whether a section has patterns at all before it walks it.
        for section in SECTIONS:
            self.patterns[section] = True if self.zones.get(section) else None
        object.__setattr__(self, "_anchor_set", frozenset(self.anchors))
        object.__setattr__(self, "total", sum(w for _, w in self.cues))
        INDEX.add(self.anchors)

    # --- cheap bounds: can the cues whose keywords occur reach the threshold? ---------------
    def _bound(self, present: frozenset[str], factor: float, extra: float = 0.0) -> bool:
        """``present``: the registered strings (``literals.INDEX``) in the text."""
        if factor <= 0:
            return False
        # Most sentences hold the same few strings (often none): answer each set once.
        key = (present, factor, extra)
        known = self._bounds.get(key)
        if known is None:
            if len(self._bounds) >= _BOUNDS_KEPT:
                self._bounds.clear()
            known = self._bounds[key] = self._reaches(present, factor, extra)
        return known

    def _reaches(self, present: frozenset[str], factor: float, extra: float) -> bool:
        need = (self.threshold - extra) / factor
        cues = self.cues
        remaining = self.total
        total, count = 0.0, 0
        # Cues with short keyword lists come first (see parse_scores), so a block that cannot
        # reach the threshold is given up on before the long lists are scanned.
        for cue, weight in cues:
            if total + remaining < need:
                return False
            remaining -= weight
            if cue.may_match_present(present):
                total += weight
                count += 1
                if total >= need and count >= self.min_cues:
                    return True
        return total >= need and count >= self.min_cues

    def may_match(self, lowered: str) -> bool:
        """Whether a post (or field) is worth walking. The start and end zones are a few short
        sentences, bound-checked one by one, so only the walk over every block is gated here."""
        if not self.zones.get("anywhere") or not self.anchors:
            return bool(self.zones)
        return self._anchored(lowered)

    def _anchored(self, lowered: str) -> bool:
        return not self._anchor_set.isdisjoint(INDEX.present(lowered))  # type: ignore[attr-defined]

    def may_match_in_present(self, section: str, present: frozenset[str]) -> bool:
        """Whether a text whose registered strings (``literals.INDEX``) are ``present`` may
        match the kind's cues of ``section``."""
        if section == "anywhere" and self.anchors and self._anchor_set.isdisjoint(present):  # type: ignore[attr-defined]
            return False
        return self._bound(present, self.zones.get(section, 0.0))

    def may_match_sections(self, present: frozenset[str], sections: tuple[str, ...]) -> bool:
        """Whether a text whose registered strings are ``present`` may reach the threshold in
        one of ``sections`` with no context bonus; so may no piece of it, as a piece holds no
        string the text does not (the bound only grows with the strings held)."""
        return any(self._bound(present, self.zones.get(section, 0.0)) for section in sections)

    def gate(self, section: str) -> frozenset[str] | None:
        """As ``Family.gate``: in the middle of a post, a text must hold an anchor."""
        if section == "anywhere" and self.anchors:
            return self._anchor_set  # type: ignore[attr-defined]
        return None

    # --- scoring ----------------------------------------------------------------------------
    def search(
        self,
        section: str,
        text: str,
        context: tuple[str, ...] = (),
        present: frozenset[str] | None = None,
    ) -> CueMatch | None:
        """The match of one sentence (or heading, or field piece) in ``section``; ``present``:
        its registered strings (``literals.INDEX``), when the caller has them."""
        return self.search_parts(section, (text,), context, None if present is None else (present,))

    def search_parts(
        self,
        section: str,
        parts: tuple[str, ...],
        context: tuple[str, ...] = (),
        strings: tuple[frozenset[str], ...] | None = None,
    ) -> CueMatch | None:
        """The match of neighbouring sentences scored together: each sentence is matched on
        its own (anchors keep their meaning), every cue counts once, and every sentence must
        add a cue of its own. Offsets are into ``" ".join(parts)``. ``strings``: the
        registered strings (``literals.INDEX``) of each part, when the caller has them."""
        factor = self.zones.get(section, 0.0)
        extra = sum([self.bonus.get(c, 0.0) for c in context]) if context else 0.0
        # A cue counts only when one part holds it (below), so the cues of the parts bound
        # the score; each part's strings are known from the post's one pass (literals.py).
        if len(parts) == 1:  # one sentence, most calls: no lists to build before the bound
            present = INDEX.present(parts[0].lower()) if strings is None else strings[0]
            if not self._bound(present, factor, extra):
                return None  # most sentences end here
            held = [present]
        else:
            held = [INDEX.present(part.lower()) for part in parts] if strings is None else strings
            if not self._bound(held[0].union(*held[1:]), factor, extra):
                return None
        spans: dict[str, tuple[int, int]] = {}
        total = 0.0
        offset = 0
        for part, present in zip(parts, held, strict=True):
            added = False
            for cue, weight in self.cues:
                if cue.may_match_present(present) and (
                    found := cue.search("anywhere", part, present=present)
                ):
                    added = True
                    if cue.name not in spans:
                        spans[cue.name] = (offset + found.start(), offset + found.end())
                        total += weight
            if not added:
                return None
            offset += len(part) + 1
        if len(spans) < self.min_cues:
            return None
        score = total * factor + extra
        if score < self.threshold:
            return None
        for cue, weight in self.vetoes:
            if any(
                cue.may_match_present(present) and cue.search("anywhere", p, present=present)
                for p, present in zip(parts, held, strict=True)
            ):
                score += weight
                if score < self.threshold:
                    return None
        begin = min(s for s, _ in spans.values())
        finish = max(e for _, e in spans.values())
        return CueMatch(" ".join(parts), begin, finish, score, tuple(spans))


def _cue(name: str) -> Family:
    return family(name if name == "reader_call" else f"cue_{name}")


def parse_scores(text: str, source: str = "cue_scores.toml") -> dict[str, ScoredKind]:
    """kind -> its scoring, from the text of ``cue_scores.toml``."""
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        raise CueFileError(f"phrases/{source}: {exc}") from None
    kinds: dict[str, ScoredKind] = {}
    for kind, table in data.items():
        where = f"phrases/{source} [{kind}]"
        if not isinstance(table, dict) or "threshold" not in table:
            raise CueFileError(f"{where}: needs a threshold")
        zones = {str(k): float(v) for k, v in table.get("zones", {}).items()}
        unknown = [z for z in zones if z not in ZONES]
        if unknown:
            raise CueFileError(f"{where}: unknown zone {unknown[0]!r} (zones: {', '.join(ZONES)})")
        weights = {str(k): float(v) for k, v in table.get("cues", {}).items()}
        if not any(w > 0 for w in weights.values()):
            raise CueFileError(f"{where}: no cue with a positive weight")
        try:
            # Cheapest pre-check first: fewest keywords.
            cues = tuple(
                sorted(
                    ((_cue(n), w) for n, w in weights.items() if w > 0),
                    key=lambda cw: len(cw[0].keywords),
                )
            )
            vetoes = tuple((_cue(n), w) for n, w in weights.items() if w < 0)
        except FileNotFoundError as exc:
            raise CueFileError(f"{where}: unknown cue ({exc.filename})") from None
        anchors = [str(a) for a in table.get("anywhere_anchors", [])]
        missing = [a for a in anchors if a not in weights or weights[a] <= 0]
        if missing:
            raise CueFileError(f"{where}: anchor {missing[0]!r} is no positive cue of the kind")
        kinds[kind] = ScoredKind(
            f"cues:{kind}",
            float(table["threshold"]),
            int(table.get("min_cues", 2)),
            zones,
            {str(k): float(v) for k, v in table.get("bonus", {}).items()},
            cues,
            vetoes,
            tuple(k for a in anchors for k in _cue(a).keywords),
        )
    return kinds


@cache
def _scores() -> dict[str, ScoredKind]:
    source = resources.files(__package__).joinpath("phrases", "cue_scores.toml")
    return parse_scores(source.read_text(encoding="utf-8"))


def cue_kinds() -> list[str]:
    """The kinds ``cue_scores.toml`` scores."""
    return list(_scores())


@cache
def cue_family(kind: str) -> ScoredKind:
    """The scoring of one kind (``preamble``, ``trace``, …), loaded once per process."""
    found = _scores().get(kind)
    if found is None:
        return ScoredKind(f"cues:{kind}", 1.0, 1, {}, {}, (), ())
    return found
