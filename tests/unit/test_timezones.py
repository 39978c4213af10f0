"""Resolving a stored time zone never raises: anything that is not a valid IANA name falls back to UTC."""
from datetime import datetime, timezone

import pytest

from journeys.graph.fields import is_timezone
from journeys.graph.timeofday import quiet_until, zone, zone_name

NOON_UTC = datetime(2026, 6, 1, 12, 0, tzinfo=timezone.utc)


@pytest.mark.parametrize("name", [
    "Europe",  # a directory of the zone database: IsADirectoryError
    "x" * 300,  # OSError: file name too long
    "Europe/\x00Berlin",  # NUL
    "../etc/passwd", "/etc/localtime", "Europe/", "", None, 42, ["UTC"], {"tz": "UTC"}, "Not/AZone",
])
def test_an_invalid_zone_falls_back_to_utc_everywhere(name):
    assert zone_name(name) == "UTC" and zone(name).key == "UTC" and not is_timezone(name)
    # quiet hours 11:00–13:00 in the (fallen back) zone: noon UTC is inside
    assert quiet_until(NOON_UTC, "11:00", "13:00", name) == NOON_UTC.replace(hour=13)


def test_a_valid_zone_is_kept():
    assert zone_name("Asia/Tokyo") == "Asia/Tokyo" and is_timezone("Europe/Berlin")
    assert quiet_until(NOON_UTC, "11:00", "13:00", "Asia/Tokyo") is None  # 21:00 in Tokyo
