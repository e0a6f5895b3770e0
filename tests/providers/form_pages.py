"""Submit a page's form as a browser would: every input, textarea, checked box and selected option."""

from __future__ import annotations

from html.parser import HTMLParser


class _FormReader(HTMLParser):
    """The name/value pairs of each form on a page."""

    def __init__(self):
        super().__init__()
        self.forms: list[list[tuple[str, str]]] = []
        self.inside = False
        self._textarea: str | None = None
        self._select: str | None = None
        self._select_first: str | None = None
        self._select_chosen = False
        self._text = ""

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if tag == "form":
            self.forms.append([])
            self.inside = True
        if not self.inside:
            return
        name = a.get("name")
        if tag == "input" and name and a.get("type") not in ("submit", "button", "file"):
            if a.get("type") in ("checkbox", "radio"):
                if "checked" in a:
                    self.forms[-1].append((name, a.get("value", "on")))
            else:
                self.forms[-1].append((name, a.get("value") or ""))
        elif tag == "textarea" and name:
            self._textarea, self._text = name, ""
        elif tag == "select" and name:
            self._select, self._select_first, self._select_chosen = name, None, False
        elif tag == "option" and self._select:
            value = a.get("value", "")
            if self._select_first is None:
                self._select_first = value
            if "selected" in a:
                self.forms[-1].append((self._select, value))
                self._select_chosen = True

    def handle_data(self, data):
        if self._textarea is not None:
            self._text += data

    def handle_endtag(self, tag):
        if tag == "textarea" and self._textarea is not None:
            self.forms[-1].append((self._textarea, self._text.removeprefix("\n")))
            self._textarea = None
        elif tag == "select" and self._select:
            if not self._select_chosen and self._select_first is not None:
                self.forms[-1].append((self._select, self._select_first))
            self._select = None
        elif tag == "form" and self.inside:
            self.inside = False


def form_data(html: str, containing: str, **changes) -> dict[str, str | list[str]]:
    """What the page's first form with a field named `containing` would post, with some fields changed."""
    reader = _FormReader()
    reader.feed(html)
    pairs = next(f for f in reader.forms if any(name == containing for name, _ in f))
    data: dict[str, str | list[str]] = {}
    for name, value in pairs:
        if name in data:
            previous = data[name]
            data[name] = [*previous, value] if isinstance(previous, list) else [previous, value]
        else:
            data[name] = value
    data.pop("csrfmiddlewaretoken", None)
    return {**data, **changes}
