"""The Django admin of the actions app: plans and actions (``plans``), responses (``responses``).

Each app registers how its rows reach an organisation (``owners.admin_scoping``).
"""

from actions.rules import plan_visible_q, visible_q
from owners.admin_scoping import register_scope

from . import plans, responses  # noqa: F401  (registration)

register_scope("actions.plan", plan_visible_q)
register_scope("actions.planversion", lambda organisation: plan_visible_q(organisation, prefix="plan__"))
register_scope("actions.theme", lambda organisation: plan_visible_q(organisation, prefix="plan__"))
register_scope("actions.response", "organisation")
register_scope("actions.responseowner", "response__organisation")
register_scope("actions.progressupdate", "response__organisation")
register_scope("actions.additionalaction", "response__organisation")
register_scope("actions.action", visible_q)
register_scope("actions.actionchange", lambda organisation: visible_q(organisation, prefix="action__"))
