"""Dates as the listings write them, turned into sortable day numbers for filters (YYYYMMDD)."""

from __future__ import annotations

import datetime
import re

_MONTHS = ["jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"]
_ISO = re.compile(r"\b(\d{4})-(\d{2})(?:-(\d{2}))?\b")
_WORDY = re.compile(r"\b([A-Za-z]{3})[a-z]*\.? (\d{1,2})(?:st|nd|rd|th)?,? (\d{4})\b")


def day_number(text: str) -> int | None:
    """A listing's or arXiv's date as YYYYMMDD; None when it has no full date.

    Example:
        >>> day_number("May 19, 2023"), day_number("Monday, May 22nd 2023")
        (20230519, 20230522)
        >>> day_number("2024-01-07"), day_number("Dec 9")
        (20240107, None)
    """
    if m := _ISO.search(text):
        return int(m[1]) * 10000 + int(m[2]) * 100 + int(m[3] or 0)
    if (m := _WORDY.search(text)) and m[1].lower() in _MONTHS:
        return int(m[3]) * 10000 + (_MONTHS.index(m[1].lower()) + 1) * 100 + int(m[2])
    return None


def bounds(since: str, until: str) -> tuple[int | None, int | None]:
    """Inclusive day-number bounds from "2023", "2023-05" or "2023-05-19"; ValueError if neither.

    Example:
        >>> bounds("2023", "2023-06")
        (20230000, 20230699)
    """
    return _bound(since, low=True), _bound(until, low=False)


def _bound(text: str, low: bool) -> int | None:
    text = text.strip()
    if not text:
        return None
    m = re.fullmatch(r"(\d{4})(?:-(\d{2}))?(?:-(\d{2}))?", text)
    if not m:
        raise ValueError(f"{text!r} is not a date: write 2023, 2023-05 or 2023-05-19")
    year, month, day = int(m[1]), m[2], m[3]
    if (month and not 1 <= int(month) <= 12) or (day and not 1 <= int(day) <= 31):
        raise ValueError(f"{text!r} is not a date: write 2023, 2023-05 or 2023-05-19")
    if day:
        try:
            datetime.date(year, int(month), int(day))
        except ValueError:
            raise ValueError(
                f"{text!r} is not a day of the calendar: write 2023, 2023-05 or 2023-05-19"
            ) from None
        return year * 10000 + int(month) * 100 + int(day)
    if month:
        return year * 10000 + int(month) * 100 + (0 if low else 99)
    return year * 10000 + (0 if low else 9999)
