"""Who may see and change what. Every view starts from these helpers.

A user belongs to one organisation (``Membership``) and WRITES only there. They READ their own
organisation and, when it is a system (ICS) or a region, every organisation below it: a system's
member trusts, a region's systems and their trusts. Anything else does not exist as far as they
can tell (404). The tree is region → system → trust, so "below" is at most two levels down and
one join path (``within_q``) says it, without a query of its own.
"""

from django.db.models import Q
from django.http import Http404

# How far below an organisation its members read: region → system → trust.
TREE_DEPTH = 2


def organisation_for(user):
    """The organisation a signed-in user belongs to, or None."""
    if not user.is_authenticated:
        return None
    if not hasattr(user, "_organisation_cache"):
        from .models import Membership

        membership = Membership.objects.select_related("organisation").filter(user=user).first()
        user._organisation_cache = membership.organisation if membership else None
    return user._organisation_cache


def require_organisation(user):
    """The user's organisation; a user with none sees nothing (404)."""
    organisation = organisation_for(user)
    if organisation is None:
        raise Http404("You are not a member of any organisation.")
    return organisation


def within_q(root, *, field: str = "organisation") -> Q:
    """Rows whose ``field`` (an organisation) is ``root`` or below it. ``field=""`` filters
    organisations themselves. A trust has nothing below it, so its Q is one equality."""
    prefix = f"{field}__" if field else ""
    q = Q(**{field: root}) if field else Q(pk=root.pk)
    if root.kind == root.Kind.TRUST:
        return q
    for depth in range(1, TREE_DEPTH + 1):
        q |= Q(**{prefix + "__".join(["parent"] * depth): root})
    return q


def readable_q(user, *, field: str = "organisation") -> Q:
    """What ``user`` may read: rows of their own organisation or one below it (nothing without one)."""
    organisation = organisation_for(user)
    if organisation is None:
        return Q(pk__in=[])
    return within_q(organisation, field=field)


def may_write(user, organisation) -> bool:
    """Only the user's own organisation is theirs to change (roles decide what, within it)."""
    own = organisation_for(user)
    return own is not None and organisation is not None and own.pk == getattr(organisation, "pk", organisation)


def organisation_to_read(user, ods_code: str):
    """The organisation with this ODS code if ``user`` may read it, else 404 — one query."""
    from .models import Organisation

    require_organisation(user)
    found = Organisation.objects.filter(readable_q(user, field=""), ods_code=ods_code).select_related("parent").first()
    if found is None:
        raise Http404("No such organisation.")
    return found


def subtree(root):
    """``root`` and every organisation below it, in tree order: each organisation, then its
    children by name (a system, then its trusts; a region, then each system and its trusts).
    ``root=None``: every organisation (the nation). One query."""
    from .models import Organisation

    queryset = Organisation.objects.all() if root is None else Organisation.objects.filter(within_q(root, field=""))
    rows = list(queryset.order_by("name", "pk"))
    children: dict = {}
    for organisation in rows:
        children.setdefault(organisation.parent_id, []).append(organisation)
    ids = {o.pk for o in rows}
    roots = [root] if root is not None else [o for o in rows if o.parent_id not in ids]
    ordered = []
    stack = list(reversed(roots))
    while stack:
        organisation = stack.pop()
        ordered.append(organisation)
        stack.extend(reversed(children.get(organisation.pk, [])))
    return ordered
