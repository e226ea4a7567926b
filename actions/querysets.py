"""Query sets of the models: the rules of ``actions.rules`` as chainable methods."""

from django.db import models

from actions.rules import (
    active_q,
    effective_due_expression,
    is_overdue_expression,
    seen_by_its_organisation_q,
    visible_q,
)
from actions.statuses import Status


class ResponseQuerySet(models.QuerySet):
    def of(self, organisation):
        """An organisation's responses to the actions it sees (never another organisation's local actions)."""
        return self.filter(organisation=organisation).filter(visible_q(organisation, prefix="action__"))

    def of_any(self, organisations_q):
        """Responses of every organisation ``organisations_q`` selects (``owners.access.within_q`` /
        ``readable_q``), each to the actions its own organisation sees."""
        return self.filter(organisations_q).filter(seen_by_its_organisation_q())

    def active(self):
        """Responses to actions not withdrawn by a plan version."""
        return self.filter(active_q(prefix="action__"))

    def with_due(self, on):
        """Annotate ``effective_due`` and ``is_overdue`` (judged on day ``on``)."""
        return self.annotate(effective_due=effective_due_expression(), is_overdue=is_overdue_expression(on))

    def open(self):
        """Not closed (complete, for noting, no further action, not applicable)."""
        return self.exclude(status__in=Status.closed())
