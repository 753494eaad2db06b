"""Small maps drawn on the server as SVG: country outlines, dots and labels, nothing fetched.

The outlines of China and Germany are a few kilobytes of committed data
(core/data/outlines.json, made by scripts/make_outlines.py from Natural Earth, public
domain). A `Panel` draws one country in a rectangle of an SVG's coordinates: an
equirectangular projection whose longitudes are scaled by the cosine of the country's middle
latitude, so shapes look as on a globe seen from above. `place_labels` puts each dot's name
where it overlaps no other name and no other dot, inside its panel; since the SVG scales as
a whole, labels that do not overlap in its coordinates overlap at no width.

The alliance map (companies/maps.py) and the venue map on event pages build on this.
"""

import functools
import json
import math
import unicodedata
from dataclasses import dataclass, replace
from pathlib import Path

OUTLINES_FILE = Path(__file__).resolve().parent / "data" / "outlines.json"
# Outlines used for the projection but not drawn. A map of China published in mainland China
# must follow the official standard map (with its islands and borders) and carry a review
# number (审图号); Natural Earth's outline does neither, so China's panel shows the cities
# in their true positions without a border until the zone supplies an approved base map.
UNDRAWN_OUTLINES = {"CN"}

# Font size of dot labels in the SVG's units (CSS px when the SVG is drawn at its own size).
LABEL_SIZE = 13
# A label's box from its baseline, in em: room for the tallest fonts named in site.css
# (Noto Sans CJK reaches 1.16 em above the baseline and 0.29 em below).
LABEL_ASCENT = 1.2
LABEL_DESCENT = 0.3
DOT_RADIUS = 4
# Distance from a dot's centre to its label, and the free space kept around every label.
LABEL_GAP = 7
LABEL_MARGIN = 2


@functools.cache
def outlines():
    """Return the committed outlines by country code ("CN", "DE"): name, bbox and rings of (lon, lat)."""
    return json.loads(OUTLINES_FILE.read_text(encoding="utf-8"))["countries"]


def country_at(longitude, latitude):
    """Return the code of the country whose outline's bounding box holds the point, or None."""
    for code, outline in outlines().items():
        west, south, east, north = outline["bbox"]
        if west <= longitude <= east and south <= latitude <= north:
            return code
    return None


# Advance widths in em, a little wider than the common sans-serif fonts (Arial, Roboto,
# DejaVu Sans) so that an estimate errs on the side of room.
NARROW = set("fijlrtI.,:;'!|()[] -")
WIDE = set("mwMW")


def text_width(text, size=LABEL_SIZE):
    """Estimate the width of text set in the site's sans-serif at the given size."""
    em = 0.0
    for char in text:
        if unicodedata.east_asian_width(char) in ("W", "F"):
            em += 1.0  # Chinese characters and full-width punctuation are one em wide.
        elif char == " ":
            em += 0.32
        elif char in NARROW:
            em += 0.34
        elif char in WIDE:
            em += 0.95
        elif char.isupper():
            em += 0.74
        else:
            em += 0.65
    return em * size


@dataclass(frozen=True)
class Box:
    left: float
    top: float
    right: float
    bottom: float

    @property
    def width(self):
        return round(self.right - self.left, 1)

    @property
    def height(self):
        return round(self.bottom - self.top, 1)

    def intersects(self, other):
        return (
            self.left < other.right and other.left < self.right and self.top < other.bottom and other.top < self.bottom
        )

    def contains(self, other):
        return (
            self.left <= other.left
            and other.right <= self.right
            and self.top <= other.top
            and other.bottom <= self.bottom
        )

    def grown(self, by):
        return Box(self.left - by, self.top - by, self.right + by, self.bottom + by)


class Panel:
    """One country drawn inside `box` of an SVG, its outline fitted and centred with `padding` around it."""

    def __init__(self, country, box, padding=12):
        outline = outlines()[country]
        self.country = country
        self.box = box
        self.rings = outline["rings"]
        self.west, self.south, self.east, self.north = outline["bbox"]
        self.factor = math.cos(math.radians((self.south + self.north) / 2))
        span_x, span_y = (self.east - self.west) * self.factor, self.north - self.south
        self.scale = min((box.width - 2 * padding) / span_x, (box.height - 2 * padding) / span_y)
        self.origin_x = box.left + (box.width - span_x * self.scale) / 2
        self.origin_y = box.top + (box.height - span_y * self.scale) / 2

    def covers(self, longitude, latitude):
        return self.west <= longitude <= self.east and self.south <= latitude <= self.north

    def project(self, longitude, latitude):
        """Return the point's (x, y) in the SVG's coordinates."""
        x = self.origin_x + (longitude - self.west) * self.factor * self.scale
        y = self.origin_y + (self.north - latitude) * self.scale
        return round(x, 1), round(y, 1)

    @functools.cached_property
    def outline_path(self):
        """Return the outline as SVG path data, one closed subpath per ring ("" if not drawn)."""
        if self.country in UNDRAWN_OUTLINES:
            return ""
        parts = []
        for ring in self.rings:
            points = [self.project(lon, lat) for lon, lat in ring]
            parts.append("M" + " ".join(f"{x:g},{y:g}" for x, y in points) + "Z")
        return "".join(parts)


@dataclass(frozen=True)
class Label:
    """Where a dot's name goes: the text's anchor point and alignment, and the box it takes."""

    x: float
    y: float
    anchor: str  # SVG text-anchor: start, middle or end
    box: Box


def label_box(x, y, width, size, side):
    """Return the Label for a dot at (x, y) with its name on the given side."""
    height = (LABEL_ASCENT + LABEL_DESCENT) * size
    gap = LABEL_GAP
    diagonal = gap * 0.7
    if side == "right":
        left, top = x + gap, y - height / 2
    elif side == "left":
        left, top = x - gap - width, y - height / 2
    elif side == "above":
        left, top = x - width / 2, y - gap - height
    elif side == "below":
        left, top = x - width / 2, y + gap
    elif side == "above-right":
        left, top = x + diagonal, y - diagonal - height
    elif side == "below-right":
        left, top = x + diagonal, y + diagonal
    elif side == "above-left":
        left, top = x - diagonal - width, y - diagonal - height
    else:  # below-left
        left, top = x - diagonal - width, y + diagonal
    horizontal = side.split("-")[-1]
    anchor_x = {"right": left, "left": left + width}.get(horizontal, left + width / 2)
    anchor = {"right": "start", "left": "end"}.get(horizontal, "middle")
    baseline = top + LABEL_ASCENT * size
    box = Box(round(left, 1), round(top, 1), round(left + width, 1), round(top + height, 1))
    return Label(round(anchor_x, 1), round(baseline, 1), anchor, box)


SIDES = ("right", "left", "above", "below", "above-right", "below-right", "above-left", "below-left")


def place_labels(marks, *, bounds, obstacles=(), size=LABEL_SIZE):
    """Place a label beside each mark so that no two labels, and no label and dot, overlap.

    `marks` is a list of (x, y, text); `bounds` maps each mark's index to the Box its label
    must stay inside (its panel); `obstacles` are further boxes to keep clear (a panel's
    name). Greedy: the most crowded marks choose first, each the first free side of right,
    left, above, below and the diagonals. Return a Label or None (no free side) per mark.
    """
    dots = [Box(x - DOT_RADIUS, y - DOT_RADIUS, x + DOT_RADIUS, y + DOT_RADIUS) for x, y, _ in marks]

    def crowding(index):
        x, y, text = marks[index]
        near = sum(1 for i, (ox, oy, _) in enumerate(marks) if i != index and math.hypot(ox - x, oy - y) < 80)
        return (-near, -text_width(text, size), index)

    taken = [box.grown(LABEL_MARGIN) for box in obstacles]
    labels = [None] * len(marks)
    for index in sorted(range(len(marks)), key=crowding):
        x, y, text = marks[index]
        width = text_width(text, size)
        others = [dot for i, dot in enumerate(dots) if i != index]
        for side in SIDES:
            label = label_box(x, y, width, size, side)
            clear = label.box.grown(LABEL_MARGIN)
            if not bounds[index].contains(label.box):
                continue
            if any(clear.intersects(box) for box in taken) or any(clear.intersects(dot) for dot in others):
                continue
            labels[index] = label
            taken.append(label.box)
            break
    return labels


def target_boxes(marks, labels, *, size=26):
    """Return each mark's tap target: its label and a square of `size` around its dot.

    Where two targets would overlap they are cut apart halfway between their dots, on the
    axis on which the dots lie farther apart, so a tap goes to the nearer city; a target
    cut shorter than `size` grows by as much on its other side.
    """
    half = size / 2
    boxes = []
    for (x, y, _), label in zip(marks, labels, strict=True):
        box = Box(x - half, y - half, x + half, y + half)
        if label is not None:
            box = Box(
                min(box.left, label.box.left),
                min(box.top, label.box.top),
                max(box.right, label.box.right),
                max(box.bottom, label.box.bottom),
            )
        boxes.append(box)
    for i in range(len(marks)):
        for j in range(i + 1, len(marks)):
            if not boxes[i].intersects(boxes[j]):
                continue
            (xi, yi, _), (xj, yj, _) = marks[i], marks[j]
            if abs(xj - xi) >= abs(yj - yi):
                near, far = ("left", "right")
                first, second = (i, j) if xi <= xj else (j, i)
                middle = (xi + xj) / 2
            else:
                near, far = ("top", "bottom")
                first, second = (i, j) if yi <= yj else (j, i)
                middle = (yi + yj) / 2
            a, b = boxes[first], boxes[second]
            a_far = min(getattr(a, far), middle)
            a = replace(a, **{far: a_far, near: min(getattr(a, near), a_far - size)})
            b_near = max(getattr(b, near), middle)
            b = replace(b, **{near: b_near, far: max(getattr(b, far), b_near + size)})
            boxes[first], boxes[second] = a, b
    return [Box(*(round(value, 1) for value in (box.left, box.top, box.right, box.bottom))) for box in boxes]


def curve(start, end, bend=0.2):
    """Return SVG path data for a gentle arc from start to end, bowing to the left of its direction."""
    (x1, y1), (x2, y2) = start, end
    dx, dy = x2 - x1, y2 - y1
    cx, cy = (x1 + x2) / 2 + dy * bend, (y1 + y2) / 2 - dx * bend
    return f"M{x1:g},{y1:g}Q{round(cx, 1):g},{round(cy, 1):g} {x2:g},{y2:g}"


def location_map(longitude, latitude, *, label=None, width=220, height=170):
    """Return a small map of the country holding the point, with its dot and label, or None.

    For templates/includes/location_map.html; None when the point lies in no outlined country,
    or in one whose outline is not drawn (a dot in an empty frame shows nobody the way).
    """
    longitude, latitude = float(longitude), float(latitude)
    country = country_at(longitude, latitude)
    if country is None or country in UNDRAWN_OUTLINES:
        return None
    box = Box(0, 0, width, height)
    panel = Panel(country, box, padding=8)
    x, y = panel.project(longitude, latitude)
    placed = place_labels([(x, y, label)], bounds=[box.grown(-2)])[0] if label else None
    return {
        "country": country,
        "width": width,
        "height": height,
        "outline": panel.outline_path,
        "x": x,
        "y": y,
        "label": label if placed else None,
        "label_position": placed,
        "label_size": LABEL_SIZE,
    }
