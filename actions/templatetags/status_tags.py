from django import template

from actions.models import Status

register = template.Library()

TAG_CLASSES = {"red": "nhsuk-tag--red", "amber": "nhsuk-tag--orange", "green": "nhsuk-tag--green",
               "blue": "nhsuk-tag--blue", "grey": "nhsuk-tag--grey"}


@register.filter
def brag_tag(status):
    """NHS.UK tag modifier for a status value."""
    return TAG_CLASSES[Status.brag_colour(status)]


@register.filter
def brag(status):
    return Status.brag_colour(status)
