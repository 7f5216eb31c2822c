"""GB 11643-1999 resident identity numbers: checksum and embedded birth date."""

from __future__ import annotations

import datetime as dt
import re

_WEIGHTS = (7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2)
_CHECK = "10X98765432"  # index = weighted sum mod 11
_SHAPE = re.compile(r"^\d{17}[\dX]$")


def check_digit(first17: str) -> str:
    """The check character (0-9 or X) for the first 17 digits."""
    total = sum(int(d) * w for d, w in zip(first17, _WEIGHTS, strict=True))
    return _CHECK[total % 11]


def birth_date(id_number: str) -> dt.date | None:
    """The birth date encoded in positions 7-14, or None when it is not a real date."""
    try:
        return dt.date(int(id_number[6:10]), int(id_number[10:12]), int(id_number[12:14]))
    except ValueError:
        return None


def id_problem(id_number: str, *, today: dt.date | None = None) -> str | None:
    """Why ``id_number`` is not a valid 18-character ID, or None when it is valid."""
    s = id_number.strip().upper()
    if not _SHAPE.match(s):
        return "must be 18 characters: 17 digits then a digit or X"
    born = birth_date(s)
    if born is None:
        return f"birth date {s[6:14]} in the number is not a real date"
    if born.year < 1900 or born > (today or dt.date.today()):
        return f"birth date {born.isoformat()} in the number is out of range"
    expected = check_digit(s[:17])
    if s[17] != expected:
        return f"check digit is {s[17]}, GB 11643 gives {expected}"
    return None


def is_valid_id(id_number: str | None) -> bool:
    return bool(id_number) and id_problem(id_number) is None  # type: ignore[arg-type]


def normalize_id(id_number: str) -> str:
    return id_number.strip().upper()
