"""A size trend drawn as an SVG polyline's points, computed on the server: no chart library and no
script for a 120 × 28 px line beside each segment."""
from __future__ import annotations

WIDTH, HEIGHT, PAD = 120, 28, 2


def sparkline_points(sizes: list[int], width: int = WIDTH, height: int = HEIGHT) -> str:
    """`"x,y x,y …"` for an SVG polyline; empty for fewer than two sizes (no trend to draw yet)."""
    if len(sizes) < 2:
        return ""
    low, high = min(sizes), max(sizes)
    span = (high - low) or 1
    step = (width - 2 * PAD) / (len(sizes) - 1)
    usable = height - 2 * PAD
    points = []
    for i, size in enumerate(sizes):
        # A flat series sits in the middle rather than on the floor.
        y = PAD + usable / 2 if high == low else PAD + usable * (1 - (size - low) / span)
        points.append(f"{PAD + i * step:.1f},{y:.1f}")
    return " ".join(points)
