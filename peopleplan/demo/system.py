"""The demo organisation tree: region → integrated care system → trusts.

The demo trust RYV sits in NHS Cambridgeshire and Peterborough ICS (``QUE``) in the East of England
region (``Y61``), beside two generated member trusts whose names say they are demo data; the second
trust ZZ001 sits in another (demo) system of the same region. Everything here only creates what is
missing: an organisation that exists keeps its name and kind, a parent is only filled in where
there is none, and responses are only generated for actions an organisation has no response to.
"""

from dataclasses import dataclass

from actions.services import ensure_responses
from owners.models import Organisation

from .generated import generate_responses

Kind = Organisation.Kind
REGION = ("Y61", "East of England", Kind.REGION)
SYSTEM = ("QUE", "NHS Cambridgeshire and Peterborough Integrated Care System", Kind.SYSTEM)
OTHER_SYSTEM = ("QZZ", "Demo Other Integrated Care System (demo data)", Kind.SYSTEM)
# Member trusts of QUE besides RYV: generated, plausible, clearly named as demo data.
GENERATED_TRUSTS = [
    ("ZZ101", "Demo Fenland Hospitals Trust (demo data)"),
    ("ZZ102", "Demo Nene Valley Mental Health Trust (demo data)"),
]


@dataclass
class DemoTree:
    region: Organisation
    system: Organisation
    other_system: Organisation
    members: list  # the system's trusts, RYV first
    generated: int = 0  # responses generated on this run

    def __str__(self):
        codes = ", ".join(o.ods_code for o in self.members)
        return (
            f"region {self.region.ods_code} > system {self.system.ods_code} (trusts {codes}); "
            f"system {self.other_system.ods_code}; generated responses={self.generated}"
        )


def _ensure(ods_code, name, kind, parent=None) -> Organisation:
    organisation, _ = Organisation.objects.get_or_create(
        ods_code=ods_code, defaults={"name": name, "kind": kind, "parent": parent}
    )
    return organisation


def _attach(organisation, parent) -> None:
    """Fill in a missing parent; never move an organisation somebody has placed."""
    if organisation.parent_id is None and organisation.pk != parent.pk:
        organisation.parent = parent
        organisation.save(update_fields=["parent"])


def ensure_demo_tree(*, plan, demo_trust: Organisation, other_trust: Organisation) -> DemoTree:
    """The demo region, its two systems and the member trusts, with generated responses."""
    region = _ensure(*REGION)
    system = _ensure(*SYSTEM, parent=region)
    other_system = _ensure(*OTHER_SYSTEM, parent=region)
    for organisation, parent in ((system, region), (other_system, region), (demo_trust, system)):
        _attach(organisation, parent)
    _attach(other_trust, other_system)
    tree = DemoTree(region=region, system=system, other_system=other_system, members=[demo_trust])
    for ods_code, name in GENERATED_TRUSTS:
        trust = _ensure(ods_code, name, Kind.TRUST, parent=system)
        tree.members.append(trust)
        tree.generated += generate_responses(organisation=trust, plan=plan)
    # The system's own responses to the actions for systems; the other system's left as new.
    tree.generated += generate_responses(organisation=system, plan=plan)
    ensure_responses(organisation=other_system, plan=plan)
    return tree
