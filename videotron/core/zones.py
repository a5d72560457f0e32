"""Time zone names as people type them, checked against the IANA list before anything opens a file.

`ZoneInfo("Asia")` raises IsADirectoryError (the tz database has a folder of that name), and a name of several
hundred characters reaches the file system too: a zone is only looked up when it is one of the names the tz
database lists.
"""

from __future__ import annotations

import functools
from zoneinfo import ZoneInfo, available_timezones

MAX_NAME = 64  # the longest IANA name is about 30 characters


@functools.cache
def _known() -> frozenset[str]:
    return frozenset(available_timezones())


def is_zone(name: object) -> bool:
    return isinstance(name, str) and 0 < len(name) <= MAX_NAME and name in _known()


def zone(name: str) -> ZoneInfo:
    """The ZoneInfo of a name `is_zone` accepts (ValueError otherwise, never an OS error)."""
    if not is_zone(name):
        raise ValueError(f"{name!r} is not a time zone of the IANA list")
    return ZoneInfo(name)
