"""A real SMTP server on the loopback (aiosmtpd in a thread, on a free port) that keeps what it receives.

``SmtpSink(refuse={"someone@example.nhs.uk"})`` answers ``550`` to those recipients, as a mail
server does for an unknown mailbox. Used by the reminder tests and by ``make bench``.
"""

import email
import socket
import threading
from dataclasses import dataclass
from email import policy

from aiosmtpd.controller import Controller


@dataclass
class Received:
    mail_from: str
    rcpt_tos: list
    message: email.message.EmailMessage

    @property
    def subject(self) -> str:
        return str(self.message["Subject"])

    def part(self, content_type: str) -> str:
        """The decoded body of the first part of that type (``text/plain``, ``text/html``)."""
        for part in self.message.walk():
            if part.get_content_type() == content_type and not part.is_multipart():
                return part.get_content()
        raise AssertionError(f"No {content_type} part in {self.subject!r}")


class _Handler:
    def __init__(self, refuse, keep):
        self.refuse = {address.lower() for address in refuse}
        self.keep = keep
        self.received: list[Received] = []
        self.count = 0
        self.lock = threading.Lock()

    async def handle_RCPT(self, server, session, envelope, address, rcpt_options):
        if address.lower() in self.refuse:
            return "550 5.1.1 Mailbox unavailable"
        envelope.rcpt_tos.append(address)
        return "250 OK"

    async def handle_DATA(self, server, session, envelope):
        with self.lock:
            self.count += 1
            if self.keep:
                message = email.message_from_bytes(envelope.content, policy=policy.default)
                self.received.append(Received(envelope.mail_from, list(envelope.rcpt_tos), message))
        return "250 Message accepted for delivery"


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


class SmtpSink:
    """``with SmtpSink() as sink:`` — ``sink.port``, ``sink.received``, ``sink.count``."""

    def __init__(self, refuse=(), keep=True):
        self.handler = _Handler(refuse, keep)
        self.port = free_port()
        self.controller = Controller(self.handler, hostname="127.0.0.1", port=self.port)

    @property
    def received(self) -> list[Received]:
        return self.handler.received

    @property
    def count(self) -> int:
        return self.handler.count

    def refuse(self, *addresses):
        self.handler.refuse |= {address.lower() for address in addresses}

    def accept_all(self):
        self.handler.refuse = set()

    def clear(self):
        with self.handler.lock:
            self.handler.received.clear()
            self.handler.count = 0

    def to(self, address) -> list[Received]:
        return [r for r in self.received if address.lower() in (a.lower() for a in r.rcpt_tos)]

    def __enter__(self):
        self.controller.start()
        return self

    def __exit__(self, *exc):
        self.controller.stop()

    def email_settings(self) -> dict:
        """Django settings that send to this server."""
        return {
            "EMAIL_BACKEND": "django.core.mail.backends.smtp.EmailBackend",
            "EMAIL_HOST": "127.0.0.1",
            "EMAIL_PORT": self.port,
            "EMAIL_USE_TLS": False,
            "EMAIL_USE_SSL": False,
            "EMAIL_HOST_USER": "",
            "EMAIL_HOST_PASSWORD": "",
            "EMAIL_TIMEOUT": 10,
        }
