"""The progress export: one row per response, the columns of the stable CSV interface."""

from collections.abc import Iterator

from actions.selectors import checklist_text, owner_initials, response_list

COLUMNS = [
    "Plan",
    "Theme",
    "Ref",
    "Action",
    "Who",
    "Timeline",
    "Start date",
    "Due date",
    "Organisation",
    "Local owners",
    "Additional actions",
    "Status",
    "Latest update",
    "Updated on",
]


def progress_row(response) -> list:
    """One response as the export's row (values, not yet made spreadsheet-safe)."""
    action = response.action
    return [
        action.theme.plan.name,
        action.theme.name,
        action.ref,
        action.text,
        action.who,
        action.timeline,
        action.start_date,
        response.effective_due,
        response.organisation.name,
        owner_initials(response),
        checklist_text(response),
        response.get_status_display(),
        response.latest_update_note or "",
        response.latest_update_date,
    ]


def progress_rows(*, organisation, plan=None, filters=None) -> Iterator[list]:
    """Rows of the organisation's responses, filtered exactly as the action list filters them."""
    queryset = response_list(organisation=organisation, plan=plan, filters=filters)
    for response in queryset.iterator(chunk_size=500):
        yield progress_row(response)
