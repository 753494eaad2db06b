"""The alliance map: China and Germany with the alliance cities and their partnerships.

Drawn on the server as SVG from committed outlines (core/maps.py): no tiles, nothing
third-party. Two layouts of the same map, chosen by a media query in site.css: the countries
side by side on wide screens, one above the other on a phone, each sized so that labels
(LABEL_SIZE units) are drawn at 12 CSS px or more at the width where it shows.
"""

from core.maps import (
    LABEL_ASCENT,
    LABEL_DESCENT,
    LABEL_SIZE,
    Box,
    Panel,
    curve,
    place_labels,
    target_boxes,
    text_width,
)

from .models import Country

# Panels by layout: (country, its name, its rectangle in the SVG's coordinates).
LAYOUTS = {
    # From 48em (768 px, 736 px of content): 752 units drawn at 736 px or wider.
    "wide": (752, 330, [(Country.CHINA, Box(0, 0, 440, 330)), (Country.GERMANY, Box(452, 0, 752, 330))]),
    # Below 48em: 340 units drawn across a 360 px phone's 328 px of content (13 units = 12.5 px).
    "narrow": (340, 540, [(Country.CHINA, Box(0, 0, 340, 262)), (Country.GERMANY, Box(0, 272, 340, 540))]),
}
COUNTRY_NAME_SIZE = 15
COUNTRY_NAME_INSET = 10
NAME_BAND = 22


def alliance_map(cities):
    """Return both layouts of the map for templates/companies/includes/map.html, or None without any dot.

    `cities` are City objects with `partner_cities` prefetched; those without coordinates or
    outside China's and Germany's outlines are left off (the list below the map names them).
    """
    layouts = [draw_layout(name, cities) for name in LAYOUTS]
    if not any(panel["dots"] for panel in layouts[0]["panels"]):
        return None
    return {"layouts": layouts}


def draw_layout(name, cities):
    width, height, specs = LAYOUTS[name]
    panels, positions = [], {}
    for country, box in specs:
        # The outline below a band for the country's name, so the name never covers it.
        panel = Panel(country, Box(box.left, box.top + NAME_BAND, box.right, box.bottom))
        label = Country(country).label
        # The country's name in the panel's top left corner, where neither outline reaches.
        name_box = Box(
            box.left + COUNTRY_NAME_INSET,
            box.top + COUNTRY_NAME_INSET,
            # Bold: a tenth wider than the estimate for regular text.
            box.left + COUNTRY_NAME_INSET + 1.1 * text_width(str(label), COUNTRY_NAME_SIZE),
            box.top + COUNTRY_NAME_INSET + (LABEL_ASCENT + LABEL_DESCENT) * COUNTRY_NAME_SIZE,
        )
        shown = []
        for city in cities:
            if city.country != country or city.latitude is None or city.longitude is None:
                continue
            lon, lat = float(city.longitude), float(city.latitude)
            if panel.covers(lon, lat):
                shown.append((city, panel.project(lon, lat)))
        marks = [(x, y, str(city.name)) for city, (x, y) in shown]
        labels = place_labels(marks, bounds=[box.grown(-2)] * len(marks), obstacles=[name_box])
        targets = target_boxes(marks, labels)
        dots = []
        for (city, (x, y)), placed, target in zip(shown, labels, targets, strict=True):
            positions[city.pk] = (x, y)
            dots.append({"city": city, "x": x, "y": y, "label": placed, "target": target})
        panels.append(
            {
                "country": country,
                "name": label,
                # Half a unit inside the panel, so the frame's 1-unit stroke is not clipped at the SVG's edge.
                "frame": box.grown(-0.5),
                "outline": panel.outline_path,
                "name_x": name_box.left,
                "name_y": round(box.top + COUNTRY_NAME_INSET + LABEL_ASCENT * COUNTRY_NAME_SIZE, 1),
                "dots": dots,
            }
        )
    pairs = []
    for city in cities:
        for partner in city.partner_cities.all():
            if city.pk < partner.pk and city.pk in positions and partner.pk in positions:
                start, end = sorted([positions[city.pk], positions[partner.pk]])
                pairs.append(curve(start, end))
    return {
        "name": name,
        "width": width,
        "height": height,
        "panels": panels,
        "pairs": pairs,
        "label_size": LABEL_SIZE,
        "country_name_size": COUNTRY_NAME_SIZE,
    }
