"""The e-mails: an owner's reminder and the HR leads' digest, each plain text plus HTML.

Templates in ``templates/reminders/email/``: the HTML is escaped by Django's templates (user
text is inert), styled inline only (mail clients drop style sheets) and uses no images; the
text part is the same content, unescaped. Links come from ``SITE_URL``, never a request.
"""

import datetime
import logging
import smtplib

from django.conf import settings
from django.core.mail import EmailMultiAlternatives, get_connection
from django.template.loader import render_to_string
from django.urls import reverse

from . import tokens
from .models import Outcome
from .selectors import State

logger = logging.getLogger("reminders")

# RFC 3834: automatic messages; out-of-office replies should not answer them.
AUTOMATIC = {"Auto-Submitted": "auto-generated"}


def _one_line(text: str) -> str:
    return " ".join(text.split())


def _dates(lines):
    """Lines with their ISO dates as dates, for the templates' date filter."""
    read = datetime.date.fromisoformat
    return [
        {
            **line,
            "due": read(line["due"]) if line["due"] else None,
            "latest_update": read(line["latest_update"]) if line["latest_update"] else None,
        }
        for line in lines
    ]


def _message(*, subject, to, template, context, headers=None) -> EmailMultiAlternatives:
    text = render_to_string(f"reminders/email/{template}.txt", context)
    html = render_to_string(f"reminders/email/{template}.html", context)
    message = EmailMultiAlternatives(
        subject=_one_line(subject),
        body=text,
        from_email=settings.DEFAULT_FROM_EMAIL,
        to=to,
        headers={**AUTOMATIC, **(headers or {})},
    )
    message.attach_alternative(html, "text/html")
    return message


def site_url(name, *args) -> str:
    return settings.SITE_URL.rstrip("/") + reverse(name, args=args)


def reminder_message(*, entry, reminder, plan) -> EmailMultiAlternatives:
    """The owner's one message of the period: their actions, each with a link to its update form."""
    opt_out = tokens.opt_out_url(reminder)
    counts = entry.counts
    said = [f"{counts['overdue']} overdue"] if counts["overdue"] else []
    if counts["due_soon"]:
        said.append(f"{counts['due_soon']} due soon")
    if counts["stale"]:
        said.append(f"{counts['stale']} with no recent update")
    context = {
        "owner": entry.owner,
        "organisation": plan.organisation,
        "lines": _dates(entry.lines),
        "counts": counts,
        "windows": plan.settings.windows,
        "opt_out_url": opt_out,
        "opt_out_days": tokens.MAX_AGE.days,
        "my_actions_url": site_url("my_actions"),
        "on": plan.on,
    }
    subject = f"People Plan actions to update: {', '.join(said)}"
    return _message(
        subject=subject,
        to=[reminder.email],
        template="reminder",
        context=context,
        headers={"List-Unsubscribe": f"<{opt_out}>"},
    )


def digest_message(*, plan, reminders, recipients) -> EmailMultiAlternatives:
    """The HR leads' summary: who was reminded of what, whose message failed, who could not be reminded."""
    sent = [r for r in reminders if r.status == Outcome.SENT]
    failed = [r for r in reminders if r.status == Outcome.FAILED]
    context = {
        "organisation": plan.organisation,
        "on": plan.on,
        "sent": [{"owner": r.owner, "email": r.email, "lines": _dates(r.lines)} for r in sent],
        "failed": [{"owner": r.owner, "email": r.email, "lines": _dates(r.lines), "error": r.error} for r in failed],
        "no_address": [{"owner": e.owner, "lines": _dates(e.lines)} for e in plan.having(State.NO_ADDRESS)],
        "opted_out": [{"owner": e.owner, "lines": _dates(e.lines)} for e in plan.having(State.OPTED_OUT)],
        "page_url": site_url("reminders"),
    }
    subject = (
        f"People Plan reminders {plan.on:%-d %B %Y}: {len(sent)} sent, {len(failed)} failed, "
        f"{len(context['no_address'])} could not be reminded"
    )
    return _message(subject=subject, to=recipients, template="digest", context=context)


class Mailer:
    """One connection to the mail server for a whole run. A message that fails is reported, the
    connection is reset, and the next message goes on."""

    def __init__(self, connection=None):
        self.connection = connection or get_connection()
        try:
            self.connection.open()
        except (smtplib.SMTPException, OSError) as exc:  # each send will try again and report it
            logger.warning("Could not connect to the mail server: %s", exc)

    def send(self, message) -> str:
        """Send one message; '' when it went, else what went wrong (and it is logged)."""
        message.connection = self.connection
        try:
            if self.connection.send_messages([message]) != 1:
                return "The mail backend did not send the message."
            return ""
        except Exception as exc:  # noqa: BLE001 - one refused message must not stop the others
            error = f"{type(exc).__name__}: {exc}"[:500]
            logger.warning("Could not send %r to %s: %s", message.subject, ", ".join(message.to), error)
            self._reset()
            return error

    def _reset(self):
        try:
            self.connection.close()
        except Exception as exc:  # noqa: BLE001 - a broken connection may fail to close; we open a new one
            logger.debug("Closing the mail connection after a failure: %s", exc)
        try:
            self.connection.open()
        except (smtplib.SMTPException, OSError) as exc:  # the next send tries again and reports it
            logger.debug("Reconnecting to the mail server failed: %s", exc)

    def close(self):
        try:
            self.connection.close()
        except Exception as exc:  # noqa: BLE001
            logger.warning("Closing the mail connection failed: %s", exc)
