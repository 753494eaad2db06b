"""Maps drawn on the server (core/maps.py): the committed outlines, text widths, label placement."""

import json

import pytest

from core.maps import (
    LABEL_SIZE,
    OUTLINES_FILE,
    Box,
    Panel,
    country_at,
    curve,
    location_map,
    outlines,
    place_labels,
    target_boxes,
    text_width,
)


def test_outlines_are_small_committed_data_naming_their_source_and_licence():
    data = json.loads(OUTLINES_FILE.read_text(encoding="utf-8"))
    assert OUTLINES_FILE.stat().st_size < 10_000
    assert "Natural Earth" in data["source"] and "world-atlas 2.0.2" in data["source"]
    assert "public domain" in data["licence"]
    assert set(data["countries"]) == {"CN", "DE"}
    # China with Hainan and Taiwan; Germany with Rügen: each ring a closed shape of several points.
    assert len(data["countries"]["CN"]["rings"]) == 3
    assert all(len(ring) >= 4 for country in data["countries"].values() for ring in country["rings"])


@pytest.mark.parametrize(
    ("place", "longitude", "latitude", "country"),
    [
        ("Foshan", 113.12, 23.02, "CN"),
        ("Harbin", 126.63, 45.75, "CN"),
        ("Ludwigshafen", 8.44, 49.48, "DE"),
        ("Flensburg", 9.43, 54.78, "DE"),
        ("Paris", 2.35, 48.86, None),
        ("Sydney", 151.2, -33.87, None),
    ],
)
def test_country_at_finds_the_country_whose_outline_frames_the_point(place, longitude, latitude, country):
    assert country_at(longitude, latitude) == country


def test_the_projection_keeps_shapes_and_puts_north_up_and_east_right():
    panel = Panel("DE", Box(0, 0, 300, 330))
    west, south, east, north = outlines()["DE"]["bbox"]
    # The outline fills the panel's height (less its padding), centred across its width.
    assert panel.project(west, north)[1] == 12
    assert panel.project(west, south)[1] == 318
    left, right = panel.project(west, north)[0], panel.project(east, north)[0]
    assert left == pytest.approx(300 - right, abs=0.2)
    # A degree of longitude is shorter than a degree of latitude at 51° north.
    hannover, east_of_it, north_of_it = (
        panel.project(9.74, 52.37),
        panel.project(10.74, 52.37),
        panel.project(9.74, 53.37),
    )
    assert east_of_it[0] - hannover[0] == pytest.approx(0.63 * (hannover[1] - north_of_it[1]), rel=0.02)
    assert panel.outline_path.count("M") == panel.outline_path.count("Z") == len(outlines()["DE"]["rings"])


def test_chinese_characters_are_estimated_one_em_wide_and_latin_letters_narrower():
    assert text_width("佛山", 13) == 26
    assert text_width("揭阳", 13) < text_width("Jieyang", 13) < 7 * 13
    assert text_width("Ludwigshafen am Rhein", LABEL_SIZE) > text_width("Region Stuttgart", LABEL_SIZE)


def test_labels_of_close_dots_go_to_different_sides_and_overlap_nothing():
    bounds = Box(0, 0, 340, 262)
    marks = [(216.2, 213.1, "Foshan"), (233.0, 209.8, "Jieyang"), (224.0, 211.0, "Shantou")]
    labels = place_labels(marks, bounds=[bounds] * 3)
    assert all(labels)
    boxes = [label.box for label in labels]
    dots = [Box(x - 4, y - 4, x + 4, y + 4) for x, y, _ in marks]
    for i, box in enumerate(boxes):
        assert bounds.contains(box)
        assert not any(box.intersects(other) for j, other in enumerate(boxes) if j != i)
        assert not any(box.intersects(dot) for j, dot in enumerate(dots) if j != i)


def test_a_label_that_fits_nowhere_is_left_out_rather_than_overlapping():
    bounds = Box(0, 0, 60, 40)
    labels = place_labels([(30, 20, "Ludwigshafen am Rhein")], bounds=[bounds])
    assert labels == [None]


def test_a_label_stays_clear_of_obstacles():
    bounds = Box(0, 0, 200, 100)
    corner = Box(100, 0, 200, 100)
    (label,) = place_labels([(100, 50, "Foshan")], bounds=[bounds], obstacles=[corner])
    assert label.anchor == "end" and label.box.right < corner.left


def test_curve_bows_to_one_side_of_the_straight_line():
    assert curve((0, 100), (100, 100)) == "M0,100Q50,80 100,100"


def test_location_map_draws_the_country_holding_the_point_or_nothing():
    venue = location_map(9.8046, 52.3225, label="Hannover")
    assert venue["country"] == "DE" and venue["outline"].startswith("M")
    assert 0 < venue["x"] < venue["width"] and 0 < venue["y"] < venue["height"]
    assert venue["label"] == "Hannover" and venue["label_position"].anchor in ("start", "end", "middle")
    assert location_map(2.35, 48.86) is None  # Paris: no outline to draw it on


def test_chinas_outline_is_not_drawn_until_the_zone_has_an_approved_base_map():
    # Maps of China published there must follow the official standard map (审图号).
    assert location_map(113.1427, 22.8987, label="佛山") is None
    panels = Panel("CN", Box(0, 0, 340, 262)), Panel("DE", Box(0, 0, 340, 262))
    assert panels[0].outline_path == "" and panels[1].outline_path.startswith("M")


def test_tap_targets_cover_dot_and_label_and_are_cut_apart_between_close_dots():
    marks = [(216.2, 213.1, "Foshan"), (233.0, 209.8, "Jieyang"), (100.0, 100.0, "Weifang")]
    labels = place_labels(marks, bounds=[Box(0, 0, 340, 262)] * 3)
    foshan, jieyang, weifang = target_boxes(marks, labels)
    assert foshan.right == jieyang.left == 224.6  # halfway between the two dots
    assert foshan.left == labels[0].box.left and jieyang.right == labels[1].box.right
    assert all(box.width >= 24 and box.height >= 24 for box in (foshan, jieyang, weifang))
    assert weifang == Box(87.0, 87.0, labels[2].box.right, 113.0)
