"""The segment list's trend line: SVG polyline points drawn on the server."""
from audiences.pages.sparkline import HEIGHT, PAD, WIDTH, sparkline_points


def points(text: str) -> list[tuple[float, float]]:
    return [tuple(map(float, pair.split(","))) for pair in text.split()]


def test_no_line_before_there_are_two_days():
    assert sparkline_points([]) == "" and sparkline_points([5]) == ""


def test_a_growing_segment_rises_across_the_whole_width():
    line = points(sparkline_points([1, 2, 3]))
    assert [x for x, _ in line] == [PAD, WIDTH / 2, WIDTH - PAD]
    assert [y for _, y in line] == [HEIGHT - PAD, HEIGHT / 2, PAD]  # SVG's y grows downwards


def test_a_flat_segment_sits_in_the_middle():
    assert {y for _, y in points(sparkline_points([7, 7, 7, 7]))} == {HEIGHT / 2}
