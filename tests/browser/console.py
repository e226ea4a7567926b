"""What a page says in the browser's console: errors, and NHS.UK frontend's own complaints.

NHS.UK frontend reports a failed start with ``console.log(error)`` (SupportError, ElementError), not
``console.error``, so any message that names an error counts, whatever its level. Two kinds of message
are not the page's fault and are left out: a resource of another host that cannot load (this machine has
no network, and the NHS.UK stylesheet names its fonts on assets.nhs.uk), and the page's own
"the server responded with a status of 404" on an error page, which is the status it should have.
"""

import re

ERROR_WORDS = re.compile(r"\b\w*Error\b|Refused to|Content Security Policy|Uncaught")


def watch_console(page, origin):
    """Start recording ``page``'s console problems; returns the list it fills: (page URL, text)."""
    problems = []

    def on_console(message):
        text = message.text
        source = (message.location or {}).get("url", "")
        if text.startswith("Failed to load resource"):
            if not source.startswith(origin):
                return  # another host: no network here
            if "the server responded with a status of" in text and source.split("#")[0] == page.url.split("#")[0]:
                return  # an error page's own status
        if message.type == "error" or ERROR_WORDS.search(text):
            problems.append((page.url, text))

    page.on("console", on_console)
    page.on("pageerror", lambda error: problems.append((page.url, f"pageerror: {error}")))
    return problems
