"""Demo content of the events app."""


def load():
    """Create or update the demo events; return a one-line summary."""
    return "no events yet"
