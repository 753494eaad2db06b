"""Write core/data/outlines.json: simplified outlines of China and Germany for the maps.

The portal draws its maps on the server from this small committed file (core/maps.py);
nothing is fetched at run time. Run this script only to regenerate the file:

    npm pack world-atlas@2.0.2            # from the npm registry, into the current folder
    python scripts/make_outlines.py world-atlas-2.0.2.tgz

(The tarball's SHA-1, as the registry lists it: 4bca4a578f3a413bd409c3f07f2054fe7375824f.)

Source: Natural Earth 1:50m Admin 0 countries, version 4.1.0 (public domain), as TopoJSON
in the npm package world-atlas 2.0.2 (ISC licence, Mike Bostock). The countries' shapes
are merged where a panel shows several of them (shared borders dropped), islands below a
minimum area are left out, and each ring is simplified with the Ramer-Douglas-Peucker
algorithm in the panel's own projection (longitude scaled by the cosine of the middle
latitude), then rounded to hundredths of a degree.
"""

import argparse
import json
import math
import tarfile
from pathlib import Path

OUTPUT = Path(__file__).resolve().parent.parent / "core" / "data" / "outlines.json"
MEMBER = "package/countries-50m.json"

# ISO 3166-1 numeric ids of the Natural Earth shapes drawn as one country. The China panel
# follows the position of the People's Republic of China, whose portal this is: Hong Kong,
# Macao and Taiwan are drawn as part of China. Natural Earth's default view (de facto
# control) is kept for the land borders; the South China Sea islands are not drawn.
COUNTRIES = {
    "CN": {"name": "China", "ids": ["156", "344", "446", "158"], "tolerance": 0.15, "min_area": 0.3},
    "DE": {"name": "Germany", "ids": ["276"], "tolerance": 0.03, "min_area": 0.02},
}


def load_topology(path):
    """Read countries-50m.json from the npm tarball or from an already extracted file."""
    path = Path(path)
    if path.suffix == ".tgz":
        with tarfile.open(path) as archive:
            return json.load(archive.extractfile(MEMBER))
    return json.loads(path.read_text())


def decode_arcs(topology):
    """Return every arc as a list of integer (x, y) points (undoing the delta encoding)."""
    arcs = []
    for arc in topology["arcs"]:
        x = y = 0
        points = []
        for dx, dy in arc:
            x, y = x + dx, y + dy
            points.append((x, y))
        arcs.append(points)
    return arcs


def merged_rings(geometries, arcs):
    """Merge polygons into rings of quantized points, dropping the arcs two of them share.

    An arc used by two rings of the set is a border between them; the other arcs are
    stitched end to start into closed rings (as topojson-client's merge does).
    """
    used = {}
    for geometry in geometries:
        polygons = geometry["arcs"] if geometry["type"] == "MultiPolygon" else [geometry["arcs"]]
        for polygon in polygons:
            for ring in polygon:
                for index in ring:
                    key = index if index >= 0 else ~index
                    used.setdefault(key, []).append(index)
    pieces = []
    for uses in used.values():
        if len(uses) == 1:
            index = uses[0]
            points = arcs[index] if index >= 0 else arcs[~index][::-1]
            pieces.append(points)
    by_start = {}
    for number, points in enumerate(pieces):
        by_start.setdefault(points[0], []).append(number)
    rings, done = [], set()
    for number, points in enumerate(pieces):
        if number in done:
            continue
        done.add(number)
        ring = list(points)
        while ring[-1] != ring[0]:
            following = [n for n in by_start.get(ring[-1], []) if n not in done]
            if not following:
                raise ValueError(f"open ring ending at {ring[-1]}")
            done.add(following[0])
            ring.extend(pieces[following[0]][1:])
        rings.append(ring)
    return rings


def to_degrees(topology, ring):
    (scale_x, scale_y), (translate_x, translate_y) = topology["transform"]["scale"], topology["transform"]["translate"]
    return [(x * scale_x + translate_x, y * scale_y + translate_y) for x, y in ring]


def area(ring, factor):
    """Return the ring's area in projected square degrees (shoelace formula)."""
    total = 0.0
    for (x1, y1), (x2, y2) in zip(ring, ring[1:] + ring[:1], strict=True):
        total += x1 * factor * y2 - x2 * factor * y1
    return abs(total) / 2


def simplify(points, tolerance, factor):
    """Ramer-Douglas-Peucker on (lon, lat) points, distances measured with lon scaled by factor."""
    if len(points) < 3:
        return list(points)
    keep = [False] * len(points)
    keep[0] = keep[-1] = True
    stack = [(0, len(points) - 1)]
    while stack:
        first, last = stack.pop()
        (ax, ay), (bx, by) = points[first], points[last]
        ax, bx = ax * factor, bx * factor
        length = math.hypot(bx - ax, by - ay)
        farthest, index = 0.0, None
        for i in range(first + 1, last):
            px, py = points[i][0] * factor, points[i][1]
            if length == 0:
                distance = math.hypot(px - ax, py - ay)
            else:
                distance = abs((bx - ax) * (ay - py) - (ax - px) * (by - ay)) / length
            if distance > farthest:
                farthest, index = distance, i
        if index is not None and farthest > tolerance:
            keep[index] = True
            stack.extend([(first, index), (index, last)])
    return [point for point, kept in zip(points, keep, strict=True) if kept]


def simplify_ring(ring, tolerance, factor):
    # A closed ring has no natural end points: split it at its point farthest from the start.
    start = ring[0]
    far = max(range(len(ring)), key=lambda i: math.hypot((ring[i][0] - start[0]) * factor, ring[i][1] - start[1]))
    return simplify(ring[: far + 1], tolerance, factor)[:-1] + simplify(ring[far:], tolerance, factor)[:-1]


def country_outline(topology, arcs, spec):
    geometries = [g for g in topology["objects"]["countries"]["geometries"] if g.get("id") in spec["ids"]]
    if len(geometries) != len(spec["ids"]):
        raise ValueError(f"missing shapes for {spec['name']}: found {[g.get('id') for g in geometries]}")
    rings = [to_degrees(topology, ring)[:-1] for ring in merged_rings(geometries, arcs)]
    lats = [lat for ring in rings for _, lat in ring]
    factor = math.cos(math.radians((min(lats) + max(lats)) / 2))
    kept = []
    for ring in sorted(rings, key=lambda r: -area(r, factor)):
        if area(ring, factor) < spec["min_area"]:
            continue
        simple = simplify_ring(ring, spec["tolerance"], factor)
        if len(simple) >= 3:
            kept.append([[round(lon, 2), round(lat, 2)] for lon, lat in simple])
    lons = [lon for ring in kept for lon, _ in ring]
    lats = [lat for ring in kept for _, lat in ring]
    return {
        "name": spec["name"],
        "natural_earth_ids": spec["ids"],
        "bbox": [min(lons), min(lats), max(lons), max(lats)],
        "rings": kept,
    }


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("source", help="world-atlas-2.0.2.tgz (npm pack world-atlas@2.0.2) or its countries-50m.json")
    parser.add_argument("--output", default=OUTPUT, type=Path)
    options = parser.parse_args()
    topology = load_topology(options.source)
    arcs = decode_arcs(topology)
    data = {
        "source": "Natural Earth 1:50m Admin 0 countries 4.1.0, from countries-50m.json of the npm package "
        "world-atlas 2.0.2 (https://www.npmjs.com/package/world-atlas)",
        "licence": "Natural Earth data is in the public domain "
        "(https://www.naturalearthdata.com/about/terms-of-use/); "
        "the world-atlas packaging is under the ISC licence, copyright 2013-2019 Michael Bostock.",
        "made_by": "scripts/make_outlines.py: shapes merged per country, small islands left out, "
        "simplified (Ramer-Douglas-Peucker), coordinates in degrees (longitude, latitude) to two decimals.",
        "note": "CN is Natural Earth's China, Hong Kong, Macao and Taiwan merged; land borders as in Natural "
        "Earth's default view; the South China Sea islands are not drawn.",
        "countries": {code: country_outline(topology, arcs, spec) for code, spec in COUNTRIES.items()},
    }
    options.output.parent.mkdir(parents=True, exist_ok=True)
    text = json.dumps(data, ensure_ascii=False, separators=(",", ":"))
    options.output.write_text(text + "\n")
    for code, country in data["countries"].items():
        points = sum(len(ring) for ring in country["rings"])
        print(f"{code}: {len(country['rings'])} rings, {points} points")
    print(f"{options.output}: {len(text)} bytes")


if __name__ == "__main__":
    main()
