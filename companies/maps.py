"""A map of the alliance cities drawn on the server as SVG: no tiles, nothing third-party.

Two panels, China and Germany, each an equirectangular projection of its bounding box
(longitude to x, latitude to y, the same scale in both directions within a panel).
"""

from django.utils.translation import gettext_lazy as _

from .models import Country

PANEL_HEIGHT = 220
PADDING = 12
# (country, label, west, east, south, north)
PANELS = [
    (Country.CHINA, _("China"), 73.0, 135.5, 18.0, 53.5),
    (Country.GERMANY, _("Germany"), 5.5, 15.5, 47.0, 55.2),
]


def alliance_map(cities):
    """Return the panels with each city's dot position, ready for templates/companies/includes/map.html."""
    panels, offset = [], 0
    for country, label, west, east, south, north in PANELS:
        scale = (PANEL_HEIGHT - 2 * PADDING) / (north - south)
        width = round((east - west) * scale + 2 * PADDING)
        dots = []
        for city in cities:
            if city.country != country or city.latitude is None or city.longitude is None:
                continue
            lon, lat = float(city.longitude), float(city.latitude)
            if not (west <= lon <= east and south <= lat <= north):
                continue
            x = offset + PADDING + (lon - west) * scale
            y = PADDING + (north - lat) * scale
            dots.append({"city": city, "x": round(x, 1), "y": round(y, 1), "label_x": round(x + 6, 1)})
        panels.append({"label": label, "x": offset, "width": width, "label_x": offset + PADDING, "dots": dots})
        offset += width + PADDING
    return {"width": offset - PADDING, "height": PANEL_HEIGHT, "panels": panels}
