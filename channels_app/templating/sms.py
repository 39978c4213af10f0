"""SMS length and segment count as carriers bill them, for the template preview."""
from __future__ import annotations

from dataclasses import dataclass

# GSM 03.38: the basic set costs one septet, the extension set two (escape + char).
GSM7_BASIC = set(
    "@£$¥èéùìòÇ\nØø\rÅåΔ_ΦΓΛΩΠΨΣΘΞÆæßÉ !\"#¤%&'()*+,-./0123456789:;<=>?¡ABCDEFGHIJKLMNOPQRSTUVWXYZÄÖÑÜ§¿"
    "abcdefghijklmnopqrstuvwxyzäöñüà")
GSM7_EXTENSION = set("^{}\\[~]|€\f")


@dataclass(frozen=True)
class SmsStats:
    encoding: str  # "GSM-7" or "UCS-2"
    characters: int
    units: int  # septets (GSM-7) or UTF-16 code units (UCS-2)
    segments: int
    per_segment: int  # capacity of each segment at this length

    def as_dict(self) -> dict:
        return {"encoding": self.encoding, "characters": self.characters, "units": self.units,
                "segments": self.segments, "per_segment": self.per_segment}


def sms_stats(text: str) -> SmsStats:
    """Length and segment count as carriers bill it: 160/153 septets in GSM-7, 70/67 UTF-16 units in UCS-2."""
    if all(ch in GSM7_BASIC or ch in GSM7_EXTENSION for ch in text):
        encoding, costs, single, multi = "GSM-7", [2 if ch in GSM7_EXTENSION else 1 for ch in text], 160, 153
    else:
        encoding, costs, single, multi = "UCS-2", [2 if ord(ch) > 0xFFFF else 1 for ch in text], 70, 67
    units = sum(costs)
    if units == 0:
        return SmsStats(encoding, 0, 0, 0, single)
    if units <= single:
        return SmsStats(encoding, len(text), units, 1, single)
    # A two-unit character (GSM escape pair, UTF-16 surrogate pair) is never split across segments.
    segments, used = 1, 0
    for cost in costs:
        if used + cost > multi:
            segments, used = segments + 1, 0
        used += cost
    return SmsStats(encoding, len(text), units, segments, multi)
