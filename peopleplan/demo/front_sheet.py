"""The demo trust's lists for board papers' front sheets, as on seed 003's paper (November 2023):
its four strategic objectives and the Board Assurance Framework risks the paper links to."""

from reports.models import BafRisk, StrategicObjective

# name, how seed 003's paper says the report supports it
OBJECTIVES = [
    (
        "Provide outstanding care",
        "The report demonstrates that the Trust and its leaders monitor the actions that keep staffing safe.",
    ),
    (
        "Be collaborative",
        "Demonstrates close working with the integrated care system, other NHS and care organisations and "
        "education partners, where appropriate.",
    ),
    ("Be an excellent employer", "The report identifies improvements in line with the People Plan."),
    (
        "Be sustainable",
        "The report identifies how the Trust seeks to ensure a sustainable workforce supply to meet future "
        "staffing needs.",
    ),
]
BAF_RISKS = [
    ("BAF 1", "Staff morale and workforce challenges"),
    ("BAF 2", "Compliance with Care Quality Commission standards"),
]


def ensure_front_sheet_lists(organisation):
    """Create the demo objectives and BAF risks that are missing (never changes existing ones).
    Returns (objectives, risks) in order."""
    objectives = [
        StrategicObjective.objects.get_or_create(organisation=organisation, name=name, defaults={"order": order})[0]
        for order, (name, _) in enumerate(OBJECTIVES)
    ]
    risks = [
        BafRisk.objects.get_or_create(
            organisation=organisation, title=title, defaults={"reference": reference, "order": order}
        )[0]
        for order, (reference, title) in enumerate(BAF_RISKS)
    ]
    return objectives, risks


def demo_front_sheet(organisation) -> dict:
    """The front sheet's text and links for the demo report (keyword arguments of ``report_create``)."""
    objectives, risks = ensure_front_sheet_lists(organisation)
    supports = dict(OBJECTIVES)
    return {
        "executive_summary": (
            "This report gives the Trust Board an update on, and assurance about, the Trust's response to the "
            "NHS People Plan: the actions to recruit, retain, develop and support our people.\n\n"
            "It shows every action's status as at the date below, the actions that are off track, at risk or "
            "overdue with their owners and latest updates, and what has changed since the last report."
        ),
        "recommendation": "The Board is asked to note and discuss the information and actions in this report.",
        "assurance_action": "No action required beyond the recovery actions listed under Exceptions.",
        "equality_objectives": "An update on the equality and diversity actions is included in this report.",
        "legal_requirements": "CQC outcomes\nNHS Constitution: staff rights and pledges",
        "objectives": [(objective, supports[objective.name]) for objective in objectives],
        "baf_risks": risks,
    }
