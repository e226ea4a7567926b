"""A logging filter that redacts API keys from any log line (``api_key=…``, ``Api-Key …``).

Attached to every handler in ``LOGGING``. The key is taken out of requests before the app logs
them (``api.middleware``); this catches what is logged from the raw request line — Django's
development server — or anywhere else.
"""

import logging
import re

PATTERNS = [
    (re.compile(r"(api_key=)[^&\s\"']*", re.IGNORECASE), r"\1[redacted]"),
    (re.compile(r"(Api-Key\s+)[^\s\"']+", re.IGNORECASE), r"\1[redacted]"),
]


def redact(text: str) -> str:
    for pattern, replacement in PATTERNS:
        text = pattern.sub(replacement, text)
    return text


class RedactApiKeys(logging.Filter):
    def filter(self, record):
        message = record.getMessage()
        redacted = redact(message)
        if redacted != message:
            record.msg, record.args = redacted, ()
        return True
