"""``{% from_here %}``: the ``?from=`` a link to an action page carries, so the action page's
breadcrumb leads back to the page the person came from (``actions.navigation``)."""

from django import template

from actions.navigation import from_query

register = template.Library()


@register.simple_tag(takes_context=True)
def from_here(context):
    request = context.get("request")
    if request is None:
        return ""
    return "?" + from_query(request.get_full_path())
