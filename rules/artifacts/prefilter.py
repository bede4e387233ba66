"""What every match of a phrase regex must contain: the literal pre-check of one phrase line.

A family's phrasings are run as one alternation, and Python's ``re`` tries every alternative
at every position of a sentence, so a family of forty lines costs forty attempts per word.
Most lines spell out a word or two that any match holds ("search results", "I'll now"), so a
sentence that holds none of a line's words cannot match that line. ``required_literals``
reads those words off the parsed regex, so the data files stay plain regexes, one a line.

The answer is a set of lowercase ASCII strings of which every match holds at least one (as
a substring of the lowercased match), or None when the regex promises no such string
(``\\w+:``). It is only ever a necessary condition: a line is still matched by its regex.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

try:  # re's private parser, as in Python 3.11 to 3.14
    from re import _compiler, _parser
    from re import _constants as _c
except ImportError:  # pragma: no cover - a Python without it: no pre-checks, same matches
    _compiler = _parser = _c = None  # type: ignore[assignment]

# A set of alternative strings grows by cross products ("(?:I'll|I will) now" is two
# strings); past this size it is cut where it stands.
_LIMIT = 24
# A character class of at most this many letters is spelled out ("summari[sz]e").
_CLASS_LIMIT = 4
_ZERO_WIDTH = frozenset({""})
_SHORTEST = 3
_COMMON = "a an and as at be but by for from i if in is it its of on or so the this that to we with"
# ... and "ing", a suffix: a third of all sentences hold one.
_FUNCTION_WORDS = frozenset([*_COMMON.split(), "you", "your", "ing"])
_REPEATS = tuple(
    op
    for op in (
        getattr(_c, "MAX_REPEAT", None),
        getattr(_c, "MIN_REPEAT", None),
        getattr(_c, "POSSESSIVE_REPEAT", None),
    )
    if op
)


@dataclass(frozen=True)
class _Info:
    """``exact``: the node matches exactly one of these strings (lowercased), or None.
    ``needed``: every match of the node contains one of these strings, or None."""

    exact: frozenset[str] | None
    needed: frozenset[str] | None

    def best(self) -> frozenset[str] | None:
        if self.exact is not None and "" not in self.exact:
            return _better(self.exact, self.needed)
        return self.needed


_NOTHING = _Info(None, None)


def compile_line(
    pattern: str, flags: int = 0
) -> tuple[re.Pattern[str], frozenset[str] | None, bool]:
    """The compiled regex, the strings of which every match holds one (None: no promise), and
    whether a match may be empty. The pattern is parsed once for all three: parsing is most of
    the start-up time of a run over one post. Raises ``re.error`` on a bad pattern."""
    flags = int(flags)  # a RegexFlag would make every flag test of the compiler an enum call
    if _parser is None:
        return re.compile(pattern, flags), None, True
    parsed = _parser.parse(pattern, flags)
    needed, empty = _facts(parsed)
    try:
        regex = _compiler.compile(parsed, flags)  # the parse above, not a second one
    except Exception:  # noqa: BLE001 - a private compiler: compile the pattern as usual
        regex = re.compile(pattern, flags)
    return regex, needed, empty


def analyse(pattern: str, flags: int = 0) -> tuple[frozenset[str] | None, bool]:
    """(the strings of which every match holds one, whether a match may be empty)."""
    if _parser is None:
        return None, True
    return _facts(_parser.parse(pattern, int(flags)))


def _facts(parsed) -> tuple[frozenset[str] | None, bool]:
    try:
        empty = parsed.getwidth()[0] == 0
        if getattr(_c, "SRE_FLAG_VERBOSE", 0) & parsed.state.flags:
            return None, empty  # whitespace in a verbose pattern is no literal; never used here
        needed = _sequence(list(parsed)).best()
    except Exception:  # noqa: BLE001 - a private parser: no pre-check rather than no rule
        return None, True
    if needed is None:
        return None, empty
    # A string that holds another of the set adds nothing: "from my training" covers
    # "from my training data".
    return frozenset(a for a in needed if not any(b != a and b in a for b in needed)), empty


def required_literals(pattern: str, flags: int = 0) -> frozenset[str] | None:
    """Lowercase strings of which every match of ``pattern`` contains one (None: unknown)."""
    return analyse(pattern, flags)[0]


def _better(a: frozenset[str] | None, b: frozenset[str] | None) -> frozenset[str] | None:
    """The more selective of two necessary sets: the rarer shortest string, then fewer; a set
    with a string shorter than three characters or a function word is no pre-check (a "," or
    a "the " is in nearly every text, and every occurrence costs time)."""
    if not _usable(a):
        return b if _usable(b) else None
    if not _usable(b):
        return a
    assert a is not None and b is not None
    key_a, key_b = (min(map(_rarity, a)), -len(a)), (min(map(_rarity, b)), -len(b))
    return a if key_a >= key_b else b


def _usable(needed: frozenset[str] | None) -> bool:
    return bool(needed) and all(_rarity(s) >= _SHORTEST for s in needed)  # type: ignore[union-attr]


def _rarity(literal: str) -> int:
    """How rare a literal is in prose, roughly: its length, but a function word ("the ",
    "with the") is as common as a letter."""
    return 1 if set(literal.split()) <= _FUNCTION_WORDS else len(literal)


def _sequence(items: list) -> _Info:
    run: frozenset[str] = _ZERO_WIDTH  # the strings the literal run so far spells
    exact = True
    needed: frozenset[str] | None = None
    for op, av in _joined_literals(items, _c.LITERAL):
        info = _Info(frozenset({av}), None) if isinstance(av, str) else _node(op, av)
        if info.exact is not None:
            if len(run) * len(info.exact) <= _LIMIT:
                run = frozenset([a + b for a in run for b in info.exact])
                continue
            needed = _better(needed, run)  # too many spellings: the run so far is needed
            run = info.exact
            exact = False
            continue
        exact = False
        needed = _better(_better(needed, run), info.needed)
        run = _ZERO_WIDTH
    if exact:
        return _Info(run, None)
    return _Info(None, _better(needed, run))


def _joined_literals(items: list, literal) -> list:
    """The items with each run of ASCII literal characters as one (LITERAL, lowercase str)."""
    out: list = []
    chars: list[str] = []
    for op, av in items:
        if op is literal and av < 128:
            chars.append(chr(av))
            continue
        if chars:
            out.append((literal, "".join(chars).lower()))
            chars = []
        out.append((op, av))
    if chars:
        out.append((literal, "".join(chars).lower()))
    return out


def _node(op, av) -> _Info:
    if op is _c.LITERAL:
        char = chr(av)
        # A letter outside ASCII may match case variants whose lowercase differs: no promise.
        return _Info(frozenset({char.lower()}), None) if char.isascii() else _NOTHING
    if op is _c.IN:
        chars: set[str] = set()
        for item_op, item in av:
            if item_op is _c.LITERAL and chr(item).isascii():
                chars.add(chr(item).lower())
            elif item_op is _c.RANGE and item[1] - item[0] < _CLASS_LIMIT and item[1] < 128:
                chars.update(chr(c).lower() for c in range(item[0], item[1] + 1))
            else:
                return _NOTHING
        return _Info(frozenset(chars), None) if 0 < len(chars) <= _CLASS_LIMIT else _NOTHING
    if op is _c.AT or op is _c.ASSERT or op is _c.ASSERT_NOT:
        return _Info(_ZERO_WIDTH, None)  # consumes nothing: the strings around it touch
    if op is _c.SUBPATTERN:
        return _sequence(list(av[-1]))
    if op is getattr(_c, "ATOMIC_GROUP", None):
        return _sequence(list(av))
    if op is _c.BRANCH:
        return _branch([_sequence(list(alt)) for alt in av[1]])
    if op in _REPEATS:
        low, high, sub = av
        inner = _sequence(list(sub))
        if low == high == 1:
            return inner
        if low == 0 and high == 1 and inner.exact is not None and len(inner.exact) < _LIMIT:
            return _Info(inner.exact | _ZERO_WIDTH, None)  # "(?:web )?"
        return _Info(None, inner.best() if low >= 1 else None)
    return _NOTHING


def _branch(alternatives: list[_Info]) -> _Info:
    if all(a.exact is not None for a in alternatives):
        union = frozenset().union(*(a.exact for a in alternatives))  # type: ignore[misc]
        if len(union) <= _LIMIT:
            return _Info(union, None)
    needed: set[str] = set()
    for alternative in alternatives:
        best = alternative.best()
        if best is None:
            return _NOTHING
        needed.update(best)
    return _Info(None, frozenset(needed))
