"""Dates as the people in the province see them: "today" is the date in a time zone.

The machine's clock may be UTC while the union works in Beijing time: at 02:00
in Asia/Shanghai it is still yesterday in UTC, and a parameter that changes on
a date would apply a day late. ``HECHA_TIMEZONE`` (default Asia/Shanghai) or
``--timezone`` names the zone; the nightly run takes the date of its scheduled
start in the deployment's zone.
"""
from __future__ import annotations

import os
from datetime import date, datetime, timezone
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from flows.errors import UsageError

DEFAULT_TIMEZONE = "Asia/Shanghai"


def zone(name: str | None = None) -> ZoneInfo:
    """The named time zone (default ``HECHA_TIMEZONE``, else Asia/Shanghai); UsageError if unknown."""
    name = name or os.environ.get("HECHA_TIMEZONE") or DEFAULT_TIMEZONE
    try:
        return ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError):
        raise UsageError(f"unknown time zone {name!r} (want an IANA name such as Asia/Shanghai)") from None


def local_date(moment: datetime, tz: ZoneInfo) -> date:
    """The calendar date of ``moment`` (naive means UTC) in ``tz``."""
    aware = moment if moment.tzinfo else moment.replace(tzinfo=timezone.utc)
    return aware.astimezone(tz).date()


def today(tz: ZoneInfo) -> date:
    """Today's date in ``tz``."""
    return local_date(datetime.now(timezone.utc), tz)
