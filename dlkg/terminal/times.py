"""Times as the learner reads them: in their own zone, and "in 10 min" / "3 天后".

Stored times stay UTC (:mod:`quiz.study.clock`); only what is printed moves to
the learner's zone: the zone of ``$DLKG_NOW`` when it is set (a fixed clock
says where its user is: ``2026-01-30T21:00:00+08:00``), else the system's.

Relative times use one scheme: minutes under an hour, hours under a day, then
days.

Examples
--------
>>> from datetime import UTC, datetime, timedelta
>>> start = datetime(2026, 1, 30, 13, 0, tzinfo=UTC)
>>> [relative(start + timedelta(minutes=m), start, "en") for m in (0, 10, 90, 23 * 60, 49 * 60)]
['now', 'in 10 min', 'in 2 h', 'in 23 h', 'in 2 days']
>>> relative(start + timedelta(hours=23, minutes=40), start, "zh")
'1 天后'
>>> from datetime import timezone
>>> clock_text(start, timezone(timedelta(hours=8)))
'2026-01-30 21:00 UTC+08:00'
"""

from __future__ import annotations

import os
from datetime import UTC, datetime, timedelta, tzinfo

from dlkg.terminal.messages import message

NOW_ENV = "DLKG_NOW"


def display_zone() -> tzinfo | None:
    """The zone times are shown in: ``$DLKG_NOW``'s when it has one, else None (the system's)."""
    text = os.environ.get(NOW_ENV, "").strip()
    if not text:
        return None
    try:
        moment = datetime.fromisoformat(text.replace("z", "Z"))
    except ValueError:
        return None
    return moment.tzinfo


def in_zone(moment: datetime, zone: tzinfo | None) -> datetime:
    """``moment`` (UTC) in ``zone``; the system's zone when ``zone`` is None."""
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=UTC)
    return moment.astimezone(zone) if zone is not None else moment.astimezone()


def zone_label(moment: datetime) -> str:
    """``UTC`` or ``UTC+08:00``: the offset of an aware ``moment``."""
    offset = moment.utcoffset() or timedelta(0)
    if not offset:
        return "UTC"
    sign = "+" if offset >= timedelta(0) else "-"
    minutes = abs(int(offset.total_seconds())) // 60
    return f"UTC{sign}{minutes // 60:02d}:{minutes % 60:02d}"


def clock_text(moment: datetime, zone: tzinfo | None = None) -> str:
    """``2026-01-30 21:10 UTC+08:00``: ``moment`` in the learner's zone."""
    local = in_zone(moment, zone)
    return f"{local:%Y-%m-%d %H:%M} {zone_label(local)}"


def relative(moment: datetime, now: datetime, lang: str) -> str:
    """``moment`` from ``now``: minutes under an hour, hours under a day, then days."""
    seconds = (moment - now).total_seconds()
    if seconds < 30:
        return message("time.now", lang)
    minutes = round(seconds / 60)
    if minutes < 60:
        return message("time.minutes", lang, n=max(1, minutes))
    hours = round(seconds / 3600)
    if hours < 24:
        return message("time.hours", lang, n=hours)
    return message("time.days", lang, n=max(1, round(seconds / 86400)))
