"""Helpers shared by tests: read a rendered form back the way a browser would submit it."""

from html.parser import HTMLParser


class _FormReader(HTMLParser):
    def __init__(self, form_id):
        super().__init__(convert_charrefs=True)
        self.form_id = form_id
        self.inside = form_id is None
        self.data = {}
        self.select = None
        self.textarea = None

    def _add(self, name, value):
        self.data.setdefault(name, []).append(value)

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "form" and self.form_id is not None:
            self.inside = attrs.get("id") == self.form_id
        if not self.inside:
            return
        name = attrs.get("name")
        if tag == "input" and name and "disabled" not in attrs:
            kind = attrs.get("type", "text")
            if kind in {"submit", "button", "image", "file", "reset"}:
                return
            if kind in {"checkbox", "radio"}:
                if "checked" in attrs:
                    self._add(name, attrs.get("value", "on"))
                return
            self._add(name, attrs.get("value", ""))
        elif tag == "select" and name:
            self.select = {"name": name, "chosen": [], "first": None, "multiple": "multiple" in attrs}
        elif tag == "option" and self.select is not None:
            value = attrs.get("value", "")
            if self.select["first"] is None:
                self.select["first"] = value
            if "selected" in attrs:
                self.select["chosen"].append(value)
        elif tag == "textarea" and name:
            self.textarea = {"name": name, "text": ""}

    def handle_data(self, data):
        if self.textarea is not None:
            self.textarea["text"] += data

    def handle_endtag(self, tag):
        if tag == "select" and self.select is not None:
            chosen = self.select["chosen"]
            if not chosen and not self.select["multiple"] and self.select["first"] is not None:
                chosen = [self.select["first"]]
            for value in chosen:
                self._add(self.select["name"], value)
            self.select = None
        elif tag == "textarea" and self.textarea is not None:
            # Browsers drop the one newline that follows <textarea>.
            text = self.textarea["text"]
            self._add(self.textarea["name"], text[1:] if text.startswith("\n") else text)
            self.textarea = None
        elif tag == "form" and self.form_id is not None:
            self.inside = False


def form_data(html, form_id=None):
    """Return what a browser would submit from the form in ``html``, unchanged, as a dict.

    Fields with several values (multiple selects, repeated names) map to lists.
    """
    reader = _FormReader(form_id)
    reader.feed(html)
    return {name: values if len(values) > 1 else values[0] for name, values in reader.data.items()}
