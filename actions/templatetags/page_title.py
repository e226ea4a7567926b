"""The page's <title>, prefixed "Error: " when the page shows a form with errors (NHS.UK pattern).

``base.html`` wraps its title block in ``{% page_title %}…{% endpage_title %}``, so no page has to
remember the prefix: any bound form (or list of forms, or formset) in the context that has errors,
an edit conflict, or an upload's ``field_error`` makes the title start with "Error: ".
"""

from django import forms, template

register = template.Library()

# Context names that, when set, mean the page is showing an error summary.
ERROR_FLAGS = ("conflict", "field_error", "problems")


def _has_errors(value) -> bool:
    if isinstance(value, forms.BaseForm):
        return value.is_bound and bool(value.errors)
    if isinstance(value, forms.BaseFormSet):
        return value.is_bound and (any(value.errors) or bool(value.non_form_errors()))
    if isinstance(value, list | tuple):
        return any(isinstance(item, forms.BaseForm | forms.BaseFormSet) and _has_errors(item) for item in value)
    return False


def page_has_errors(context) -> bool:
    values = context.flatten()
    if any(values.get(flag) for flag in ERROR_FLAGS):
        return True
    return any(_has_errors(value) for value in values.values())


class PageTitleNode(template.Node):
    def __init__(self, nodelist):
        self.nodelist = nodelist

    def render(self, context):
        title = self.nodelist.render(context).strip()
        if page_has_errors(context) and not title.startswith("Error:"):
            title = f"Error: {title}"
        return title


@register.tag
def page_title(parser, token):
    nodelist = parser.parse(("endpage_title",))
    parser.delete_first_token()
    return PageTitleNode(nodelist)
