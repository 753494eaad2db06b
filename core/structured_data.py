"""Pieces of schema.org JSON-LD that pages of both apps describe alike."""

from django.utils import timezone

# Country codes of the portal (ISO 3166-1 alpha-2) except "XX", the portal's own "other".
UNKNOWN_COUNTRY = "XX"


def schema_datetime(moment, zone=None):
    """Return ``moment`` in ISO 8601 with its offset and whole seconds (2027-04-20T09:30:00+08:00)."""
    return timezone.localtime(moment, zone).isoformat(timespec="seconds")


def postal_address(*, street="", city=None):
    """Return a schema.org PostalAddress of a street address and an alliance city, or None without either."""
    parts = {"streetAddress": " ".join((street or "").split())}
    if city is not None:
        parts.update(addressLocality=city.name, addressRegion=city.region)
        if city.country != UNKNOWN_COUNTRY:
            parts["addressCountry"] = city.country
    parts = {name: value for name, value in parts.items() if value}
    return {"@type": "PostalAddress", **parts} if parts else None


def geo_coordinates(place):
    """Return the schema.org GeoCoordinates of an object with latitude and longitude, or None."""
    if place.latitude is None or place.longitude is None:
        return None
    return {"@type": "GeoCoordinates", "latitude": float(place.latitude), "longitude": float(place.longitude)}
