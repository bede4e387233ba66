"""Read time: what a post claims in its front matter and what its prose takes to read.

Pure functions, no Markdown: the rule hands over word and image counts from the prose view.
Site engines differ in words per minute, image time and rounding; the presets below name
them (``style = "hugo"``) so the computed number matches what the site would print.
"""

from __future__ import annotations

import re
from dataclasses import dataclass


@dataclass(frozen=True)
class Style:
    words_per_minute: int
    rounding: str  # "up" or "nearest"
    images: bool  # add Medium's 12 s, 11 s, ... 3 s per image


# Medium: 265 wpm plus image time; Gatsby (gatsby-transformer-remark timeToRead): 265 wpm,
# Math.round; Ghost: 275 wpm plus the same image time; Hugo: .ReadingTime = ceil(words / 213);
# npm reading-time (Astro, Next.js blogs): 200 wpm, shown rounded up.
STYLES: dict[str, Style] = {
    "medium": Style(265, "nearest", True),
    "gatsby": Style(265, "nearest", False),
    "ghost": Style(275, "nearest", True),
    "hugo": Style(213, "up", False),
    "reading-time": Style(200, "up", False),
}
STYLES["npm"] = STYLES["reading-time"]
DEFAULT_STYLE = "gatsby"


def image_seconds(images: int) -> int:
    """Medium's schedule: 12 s for the first image, 11 s for the second, ... never under 3 s."""
    return sum(max(12 - i, 3) for i in range(images))


def compute_minutes(words: int, words_per_minute: int, rounding: str, seconds: int = 0) -> int:
    """Whole minutes to read ``words`` plus ``seconds`` of images; at least 1 for any content.

    Integer arithmetic, so 530 words at 265 wpm is exactly 2, not 2.0000001 rounded up to 3.
    """
    if words <= 0 and seconds <= 0:
        return 0
    numerator = words * 60 + seconds * words_per_minute  # minutes = numerator / denominator
    denominator = words_per_minute * 60
    if rounding == "up":
        minutes = -(-numerator // denominator)
    else:  # nearest, halves up like JavaScript's Math.round
        minutes = (2 * numerator + denominator) // (2 * denominator)
    return max(1, minutes)


# --- the claimed value --------------------------------------------------------------------
_HOURS = r"(?P<hours>\d+)\s*(?P<hunit>h|hrs?|hours?)"
_MINUTES = r"(?P<minutes>\d+(?:\.\d+)?)\s*(?P<munit>m|mins?|minutes?)?"
_LEAD = r"^(?P<prefix>\s*(?:~\s*|about\s+|approx\.?\s+)?)"
_TAIL = r"(?P<suffix>\s*(?:read|reading|to read|of reading)?)\s*$"
# "1h 5m", "1 hour, 5 minutes", "2 hours"; then "12", "12 min read", "3.5 minutes".
_CLAIMS = (
    re.compile(rf"{_LEAD}{_HOURS}(?:\s*,?\s*(?:and\s+)?{_MINUTES})?{_TAIL}", re.IGNORECASE),
    re.compile(rf"{_LEAD}{_MINUTES}{_TAIL}", re.IGNORECASE),
)
_ISO = re.compile(r"^PT(?:(?P<hours>\d+)H)?(?:(?P<minutes>\d+)M)?$", re.IGNORECASE)


@dataclass(frozen=True)
class Claim:
    """A parsed read time: its minutes and enough of its shape to write a new value alike."""

    minutes: float
    raw: object  # the front-matter value as parsed (int, float or str)
    hours_unit: str | None = None  # "h", "hour", ... when the value had an hours part
    minutes_unit: str | None = None  # "min", "minutes", "m" ... or None for a bare number
    prefix: str = ""  # text before the number ("~")
    suffix: str = ""  # text after the unit (" read")
    iso: bool = False

    def render(self, minutes: int) -> object:
        """The value that claims ``minutes`` in this claim's form (an int stays an int)."""
        if isinstance(self.raw, (int, float)) and not isinstance(self.raw, bool):
            return minutes
        if self.iso:
            hours, rest = divmod(minutes, 60)
            return "PT" + (f"{hours}H" if hours else "") + (f"{rest}M" if rest or not hours else "")
        unit = self.minutes_unit or _MINUTE_UNIT_FOR.get((self.hours_unit or "").lower(), "")
        if self.hours_unit and minutes >= 60:
            hours, rest = divmod(minutes, 60)
            text = f"{hours}{_space(self.hours_unit)}{self._unit(self.hours_unit, hours)}"
            if rest:
                text += f" {rest}{_space(unit)}{self._unit(unit, rest)}"
        else:
            text = f"{minutes}{_space(unit)}{self._unit(unit, minutes)}" if unit else str(minutes)
        return f"{self.prefix}{text}{self.suffix}"

    def _unit(self, unit: str, count: int) -> str:
        # "a 12 minute read": a singular unit used as an adjective stays singular.
        if unit.lower() in ("minute", "hour") and (self.suffix.strip() or self.minutes != 1):
            return unit
        return _plural(unit, count)


_MINUTE_UNIT_FOR = {"h": "m", "hr": "min", "hrs": "min", "hour": "minutes", "hours": "minutes"}


def _space(unit: str) -> str:
    return "" if unit.lower() in ("h", "m") else " "


def _plural(unit: str, count: int) -> str:
    """Keep the unit's spelling; fix its number ("1 minutes" -> "1 minute")."""
    lower = unit.lower()
    for singular in ("minute", "hour", "min", "hr"):
        if lower in (singular, singular + "s"):
            stem = unit[: len(singular)]
            if count == 1:
                return stem
            if lower in ("min", "hr"):  # "5 min" is already right
                return unit
            return stem + ("S" if unit.isupper() else "s")
    return unit


def parse_claim(value: object) -> Claim | None:
    """The claimed read time of a front-matter value, or None when it is not one."""
    if isinstance(value, bool):
        return None
    if isinstance(value, (int, float)):
        return Claim(float(value), value) if value >= 0 else None
    if not isinstance(value, str):
        return None
    text = value.strip()
    iso = _ISO.match(text)
    if iso and (iso.group("hours") or iso.group("minutes")):
        minutes = int(iso.group("hours") or 0) * 60 + int(iso.group("minutes") or 0)
        return Claim(float(minutes), value, iso=True)
    match = next((m for m in (p.match(value) for p in _CLAIMS) if m), None)
    if not match:
        return None
    groups = match.groupdict()
    hours = int(groups.get("hours") or 0)
    minutes = float(groups.get("minutes") or 0)
    return Claim(
        minutes=hours * 60 + minutes,
        raw=value,
        hours_unit=groups.get("hunit"),
        minutes_unit=groups.get("munit"),
        prefix=match.group("prefix") or "",
        suffix=match.group("suffix") or "",
    )


def format_minutes(minutes: float) -> str:
    whole = int(minutes) if float(minutes).is_integer() else minutes
    if isinstance(whole, int) and whole >= 60:
        hours, rest = divmod(whole, 60)
        return f"{hours} h {rest} min" if rest else f"{hours} h"
    return f"{whole} min"


def is_mismatch(
    claimed: float, computed: int, tolerance_minutes: float, tolerance_percent: float
) -> bool:
    """True when the claim is off by more than both tolerances (minutes and percent)."""
    difference = abs(claimed - computed)
    percent = 100 * difference / computed if computed else float("inf")
    return difference > tolerance_minutes and percent > tolerance_percent
