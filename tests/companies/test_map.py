"""The alliance map on /cities/ with the demo's cities: labels that overlap nothing in either
layout and any language, partner pairs drawn, links that are not inside an image."""

import pytest
from django.utils import translation
from lxml import html as lxml_html

from companies.maps import LAYOUTS, alliance_map
from companies.models import City
from core.maps import DOT_RADIUS, Box
from tests.factories import CityFactory
from zone_portal.demo import Loader, read_demo_data

pytestmark = pytest.mark.django_db

LANGUAGES = ["en", "de", "zh-hans"]
SVG = "{http://www.w3.org/2000/svg}"


@pytest.fixture
def demo_cities():
    data = read_demo_data()
    Loader(data).load_cities(data["cities"])
    return data["cities"]


def drawn_map(language):
    with translation.override(language):
        cities = list(City.objects.prefetch_related("partner_cities").order_by("country", "name_en"))
        return alliance_map(cities)


@pytest.mark.parametrize("language", LANGUAGES)
def test_no_label_overlaps_another_label_or_dot_and_each_stays_in_its_panel(demo_cities, language):
    for layout in drawn_map(language)["layouts"]:
        dots, labels = [], []
        for panel in layout["panels"]:
            for dot in panel["dots"]:
                assert dot["label"] is not None, f"{dot['city'].name} has no room in {layout['name']}"
                assert panel["frame"].contains(dot["label"].box)
                dots.append(
                    (
                        dot["city"].pk,
                        Box(
                            dot["x"] - DOT_RADIUS, dot["y"] - DOT_RADIUS, dot["x"] + DOT_RADIUS, dot["y"] + DOT_RADIUS
                        ),
                    )
                )
                labels.append((dot["city"].pk, dot["label"].box))
        assert len(labels) == len(demo_cities)
        for pk, box in labels:
            assert not [other for other_pk, other in labels if other_pk != pk and box.intersects(other)]
            assert not [dot for dot_pk, dot in dots if dot_pk != pk and box.intersects(dot)]


@pytest.mark.parametrize("language", LANGUAGES)
def test_each_city_is_a_tap_target_of_26_units_or_more_that_no_other_overlaps(demo_cities, language):
    for layout in drawn_map(language)["layouts"]:
        targets = [dot["target"] for panel in layout["panels"] for dot in panel["dots"]]
        assert all(box.width >= 26 and box.height >= 26 for box in targets)
        assert not [(a, b) for i, a in enumerate(targets) for b in targets[i + 1 :] if a.intersects(b)]


def test_partner_pairs_are_drawn_once_each_in_both_layouts(demo_cities):
    pairs = {frozenset((entry["slug"], partner)) for entry in demo_cities for partner in entry["partner_cities"]}
    assert len(pairs) == 8
    for layout in drawn_map("en")["layouts"]:
        assert len(layout["pairs"]) == len(pairs)


def test_foshan_and_jieyang_are_labelled_on_opposite_sides(demo_cities):
    for layout in drawn_map("en")["layouts"]:
        dots = {dot["city"].slug: dot for panel in layout["panels"] for dot in panel["dots"]}
        assert dots["foshan"]["label"].anchor == "end" and dots["jieyang"]["label"].anchor == "start"


def test_a_city_without_coordinates_is_left_off_and_no_city_means_no_map():
    assert alliance_map([]) is None
    assert alliance_map([CityFactory(latitude=None, longitude=None)]) is None


@pytest.mark.parametrize("language", LANGUAGES)
def test_the_map_is_a_group_of_named_links_described_by_its_caption(client, demo_cities, language):
    page = lxml_html.fromstring(client.get(f"/{language}/cities/").content.decode())
    figure = page.xpath("//figure[@class='alliance-map']")[0]
    svgs = figure.xpath(".//svg")
    assert [svg.get("class") for svg in svgs] == [f"map map-{name}" for name in LAYOUTS]
    caption = figure.xpath("./figcaption")[0]
    for svg in svgs:
        assert svg.get("role") == "group"
        assert svg.get("aria-describedby") == caption.get("id")
        assert page.get_element_by_id(svg.get("aria-labelledby")).text
        # Nothing inside is an image that would hide its links.
        assert not svg.xpath(".//*[@role='img']")
        links = svg.xpath(".//a")
        assert sorted(link.get("href") for link in links) == sorted(
            f"/{language}/cities/{entry['slug']}/" for entry in demo_cities
        )
        # Each link is named by its visible label; outlines and lines are hidden decoration.
        assert all(link.xpath("string(.//text[@class='map-label'])").strip() for link in links)
        assert svg.xpath("./g[@aria-hidden='true']//path[@class='map-outline']")
        assert len(svg.xpath("./g[@aria-hidden='true']//path[@class='map-pair']")) == 8
    # Numbers stay numbers in German (no decimal commas in coordinates).
    assert "," not in figure.xpath(".//circle/@cx")[0]


def test_the_list_names_each_citys_partners(client, demo_cities):
    page = lxml_html.fromstring(client.get("/de/cities/").content.decode())
    foshan = page.xpath("//li[@class='card'][.//a[@href='/de/cities/foshan/']]")[0]
    assert foshan.xpath("string(.//p[@class='card-body'])") == (
        "Partnerstädte: Ludwigshafen am Rhein, Region Hannover, Region Stuttgart"
    )
