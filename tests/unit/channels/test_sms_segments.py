"""SMS length as carriers bill it: GSM-7 (160 / 153 per part) or UCS-2 (70 / 67 per part)."""
import pytest

from channels_app.templating.sms import sms_stats


@pytest.mark.parametrize("text, encoding, units, segments", [
    ("", "GSM-7", 0, 0),
    ("a" * 160, "GSM-7", 160, 1),
    ("a" * 161, "GSM-7", 161, 2),
    ("a" * 306, "GSM-7", 306, 2),
    ("a" * 307, "GSM-7", 307, 3),
    ("€" * 80, "GSM-7", 160, 1),  # extension characters cost two septets
    ("€" * 81, "GSM-7", 162, 2),
    ("Ärger über Öl? ñ à é", "GSM-7", 20, 1),  # accented letters of the basic set stay GSM-7
    ("ы" * 70, "UCS-2", 70, 1),
    ("ы" * 71, "UCS-2", 71, 2),
    ("ы" * 134, "UCS-2", 134, 2),
    ("ы" * 135, "UCS-2", 135, 3),
    ("Hi 👋", "UCS-2", 5, 1),  # an emoji is a surrogate pair: two UTF-16 units
    ("ç", "UCS-2", 1, 1),  # lower-case ç is not in GSM-7 (only Ç is)
])
def test_encoding_units_and_segments(text, encoding, units, segments):
    stats = sms_stats(text)
    assert (stats.encoding, stats.units, stats.segments) == (encoding, units, segments)
    assert stats.characters == len(text)


def test_a_two_septet_character_is_not_split_across_parts():
    # 152 plain septets then "€" (2): the first part can hold only 153, so "€" opens the second
    assert sms_stats("a" * 152 + "€" + "a" * 10).segments == 2
    assert sms_stats("a" * 152 + "€" + "a" * 152).segments == 3  # 306 septets, yet three parts


def test_a_surrogate_pair_is_not_split_across_parts():
    assert sms_stats("ы" * 66 + "👋" + "ы" * 66).segments == 3
    assert sms_stats("ы" * 65 + "👋" + "ы" * 66).segments == 2


def test_per_segment_capacity_is_reported():
    assert sms_stats("a").per_segment == 160 and sms_stats("a" * 200).per_segment == 153
    assert sms_stats("ы").per_segment == 70 and sms_stats("ы" * 100).per_segment == 67
