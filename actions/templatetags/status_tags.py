"""How a status looks in a template, read from the one table in ``actions.statuses``."""

from django import template

from actions.statuses import DISPLAY, display

register = template.Library()


@register.filter
def status_tag(status):
    """The NHS.UK tag modifier class of a status value (``nhsuk-tag--green``)."""
    return display(status).tag_class


@register.filter
def status_colour(status):
    """The colour of a status value, as ``#RRGGBB``."""
    return f"#{display(status).colour}"


@register.filter
def status_display(status):
    """The display row (colour, ink, pattern, label) of a status value."""
    return display(status)


@register.inclusion_tag("includes/status_patterns.html")
def status_patterns():
    """The SVG patterns of the statuses, once on a page that draws status bars or swatches."""
    return {"statuses": DISPLAY}
