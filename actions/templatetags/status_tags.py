"""How a status looks in a template, read from the one table in ``actions.statuses``."""

from django import template

from actions.statuses import display

register = template.Library()


@register.filter
def status_tag(status):
    """The NHS.UK tag modifier class of a status value (``nhsuk-tag--green``)."""
    return display(status).tag_class


@register.filter
def status_colour(status):
    """The chart colour of a status value, as ``#RRGGBB``."""
    return f"#{display(status).chart}"
