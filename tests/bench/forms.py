"""Reading HTML forms the way a browser submits them, for the load clients.

Only the ``<form>…</form>`` parts of a page are parsed (a regular expression cuts them
out first), so the clients spend little CPU on the 2 cores they share with the server.

- ``find_update_form``: our action page's progress-update form (the POST form with
  ``note`` and ``status`` fields; its hidden ``revision`` and CSRF token kept).
- ``find_admin_form``: the Django admin change form with every value a browser would
  send: inputs (hidden, text, number, date, checked boxes), selected options, textareas —
  so the inlines' management form and any hidden ``revision`` field go back as served.
"""

import re
from html import unescape
from html.parser import HTMLParser
from urllib.parse import urljoin

FORM_RE = re.compile(r"<form\b.*?</form>", re.DOTALL | re.IGNORECASE)
UNCHECKED_TYPES = {"checkbox", "radio"}
NOT_SENT_TYPES = {"submit", "button", "reset", "file", "image"}


class FormParser(HTMLParser):
    """Every form: action, method, field names, and the values a browser would submit."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.forms, self._form, self._select, self._textarea = [], None, None, None

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "form":
            self._form = {
                "action": attrs.get("action") or "",
                "method": (attrs.get("method") or "get").lower(),
                "id": attrs.get("id") or "",
                "names": set(),
                "hidden": {},
                "values": [],
                "selects": {},
            }
            self.forms.append(self._form)
            return
        if self._form is None:
            return
        name = attrs.get("name")
        if tag == "input" and name:
            self._input(name, attrs)
        elif tag == "select" and name:
            self._form["names"].add(name)
            self._select = {"name": name, "first": None, "chosen": None}
        elif tag == "option" and self._select is not None:
            value = attrs.get("value") or ""
            if self._select["first"] is None:
                self._select["first"] = value
            if "selected" in attrs:
                self._select["chosen"] = value
            self._form["selects"].setdefault(self._select["name"], []).append(value)
        elif tag == "textarea" and name:
            self._form["names"].add(name)
            self._textarea = {"name": name, "text": ""}

    def _input(self, name, attrs):
        kind = (attrs.get("type") or "text").lower()
        self._form["names"].add(name)
        if kind in NOT_SENT_TYPES:
            return
        if kind in UNCHECKED_TYPES and "checked" not in attrs:
            return
        value = attrs.get("value")
        if value is None:
            value = "on" if kind in UNCHECKED_TYPES else ""
        self._form["values"].append((name, value))
        if kind == "hidden":
            self._form["hidden"][name] = value

    def handle_data(self, data):
        if self._textarea is not None:
            self._textarea["text"] += data

    def handle_endtag(self, tag):
        if tag == "form":
            self._form = None
        elif tag == "select" and self._select is not None:
            chosen = self._select["chosen"] if self._select["chosen"] is not None else self._select["first"]
            if chosen is not None and self._form is not None:
                self._form["values"].append((self._select["name"], chosen))
            self._select = None
        elif tag == "textarea" and self._textarea is not None:
            if self._form is not None:
                # A browser drops the one newline that follows <textarea>.
                self._form["values"].append((self._textarea["name"], self._textarea["text"].removeprefix("\n")))
            self._textarea = None


def parse_forms(html: str) -> list[dict]:
    parser = FormParser()
    parser.feed("".join(FORM_RE.findall(html)))
    parser.close()
    return parser.forms


def find_update_form(html: str, page_path: str):
    """Our progress-update form: {action, hidden, note, status} (a Django prefix such as ``update-`` allowed)."""
    found = find_update_form_and_status(html, page_path)
    return found[0] if found else None


def find_update_form_and_status(html: str, page_path: str):
    """``(find_update_form's dict, the status selected in it)``, or None."""
    for form in parse_forms(html):
        if form["method"] != "post":
            continue
        by_role = {name.rsplit("-", 1)[-1]: name for name in form["names"]}
        if {"note", "status"} <= by_role.keys():
            found = {
                "action": urljoin(page_path, unescape(form["action"]) or page_path),
                "hidden": form["hidden"],
                "note": by_role["note"],
                "status": by_role["status"],
            }
            return found, dict(form["values"]).get(by_role["status"], "")
    return None


def find_admin_form(html: str, page_path: str):
    """The admin change form (``<form id="…_form">`` posting to itself): {action, values, status_choices}.

    ``values`` is the list of (name, value) pairs a browser would send, in page order.
    """
    for form in parse_forms(html):
        if form["method"] == "post" and form["id"].endswith("_form") and "status" in form["names"]:
            return {
                "action": urljoin(page_path, unescape(form["action"]) or page_path),
                "values": form["values"],
                "status_choices": [v for v in form["selects"].get("status", []) if v],
            }
    return None
