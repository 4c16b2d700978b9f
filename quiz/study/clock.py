"""The clock: every time dlkg keeps is timezone-aware UTC, and a clock is injected.

Stored times stay UTC; only what is shown on screen is converted to local time.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime

__all__ = ["Clock", "fixed_clock", "parse_utc", "system_clock", "utc"]

Clock = Callable[[], datetime]
"""A function returning the current time, timezone-aware UTC."""


def utc(moment: datetime) -> datetime:
    """``moment`` in UTC, refusing a naive datetime.

    Raises
    ------
    ValueError
        If ``moment`` has no time zone: guessing one would shift the schedule.

    Examples
    --------
    >>> from datetime import timedelta, timezone
    >>> utc(datetime(2025, 1, 1, 17, tzinfo=timezone(timedelta(hours=8)))).isoformat()
    '2025-01-01T09:00:00+00:00'
    """
    if moment.tzinfo is None or moment.utcoffset() is None:
        raise ValueError(f"{moment.isoformat()} has no time zone; dlkg keeps every time in UTC")
    return moment.astimezone(UTC)


def system_clock() -> datetime:
    """The real time now, in UTC."""
    return datetime.now(UTC)


def fixed_clock(moment: datetime) -> Clock:
    """A clock that always says ``moment``: for tests and ``DLKG_NOW``.

    Examples
    --------
    >>> clock = fixed_clock(datetime(2025, 1, 1, 9, tzinfo=UTC))
    >>> clock() == clock() == datetime(2025, 1, 1, 9, tzinfo=UTC)
    True
    """
    fixed = utc(moment)
    return lambda: fixed


def parse_utc(text: str) -> datetime:
    """An ISO-8601 time with a zone (``2025-01-01T09:00:00Z``), in UTC.

    Raises
    ------
    ValueError
        If ``text`` is not an ISO-8601 time or has no zone.

    Examples
    --------
    >>> parse_utc("2025-01-01T17:00:00+08:00").isoformat()
    '2025-01-01T09:00:00+00:00'
    """
    try:
        moment = datetime.fromisoformat(text.strip())
    except ValueError:
        raise ValueError(f"{text!r} is not an ISO-8601 time such as 2025-01-01T09:00:00Z") from None
    return utc(moment)
