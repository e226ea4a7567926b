"""API isolation: nothing of the other trust (ZZ001) or the other system reaches a key or user of the
demo trust (RYV) or of RYV's system, and the other side's own key does see its rows (positive control).

Uses ``tests.test_isolation``'s ZZ001 data: a local action, checklist item, progress note, owner and
board report, each carrying a word no RYV row has (the report is issued here, so the API publishes it).
"""

import pytest
from django.test import Client
from django.urls import reverse

from owners.models import Organisation
from reports import services as report_services
from tests.api_helpers import all_pages, clear_rate_limits, key_client, new_key, systems
from tests.test_isolation import WORDS, zz  # noqa: F401  (the other trust's data, a fixture)

pytestmark = pytest.mark.django_db
MODEL_BACKEND = "django.contrib.auth.backends.ModelBackend"
LISTS = ["plan", "theme", "action", "organisation", "response", "update", "report"]


@pytest.fixture(autouse=True)
def _fresh_rate_limits():
    clear_rate_limits()


@pytest.fixture
def zz_issued(request, other_hr):
    data = request.getfixturevalue("zz")
    data["report"] = report_services.report_issue(report=data["report"], user=other_hr)
    return data


def _everything(client, ods="RYV") -> str:
    """Every row of every list (all pages), a search for each word, and the organisation's feeds."""
    texts = []
    for name in LISTS:
        texts.append(str(all_pages(client, reverse(f"api:{name}-list") + "?page_size=200")))
    for word in WORDS:
        texts.append(str(all_pages(client, reverse("api:response-list") + f"?q={word.split()[0]}")))
    for report in all_pages(client, reverse("api:report-list")):
        texts.append(str(all_pages(client, report["lines"] + "?page_size=200")))
    for fmt in ("csv", "json"):
        answer = client.get(reverse(f"api:feed-{fmt}", args=[ods]))
        texts.append(b"".join(answer.streaming_content).decode())
    return "\n".join(texts)


def _leaked(text):
    return [word for word in WORDS if word in text]


def _principals(trust, hr_lead):
    signed_in = Client()
    signed_in.force_login(hr_lead, backend=MODEL_BACKEND)
    return {
        "RYV key": key_client(new_key(trust)),
        "RYV's system key": key_client(new_key(systems()["QUE"])),
        "RYV HR lead": signed_in,
    }


def test_nothing_of_the_other_trust_reaches_ryv_its_system_or_its_people(zz_issued, trust, hr_lead):
    for who, client in _principals(trust, hr_lead).items():
        text = _everything(client)
        assert not _leaked(text), who
        assert "Health and wellbeing" in text, who  # positive control: its own rows are there


def test_the_other_trusts_own_key_and_system_see_its_rows_but_nothing_of_ryv(zz_issued, other_trust):
    for client in (key_client(new_key(other_trust)), key_client(new_key(systems()["QZZ"]))):
        text = _everything(client, ods="ZZ001")
        assert set(_leaked(text)) == set(WORDS) - {"Xylophant Owner"}  # owners show as initials: XO is unused
        assert "Cambridgeshire Community Services" not in text


def test_the_other_trusts_objects_are_404_by_id(zz_issued, trust, hr_lead):
    urls = [
        reverse("api:response-detail", args=[zz_issued["response"].pk]),
        reverse("api:action-detail", args=[zz_issued["action"].pk]),
        reverse("api:update-detail", args=[zz_issued["update"].pk]),
        reverse("api:report-detail", args=[zz_issued["report"].pk]),
        reverse("api:report-lines", args=[zz_issued["report"].pk]),
        reverse("api:organisation-detail", args=["ZZ001"]),
        reverse("api:organisation-detail", args=["QZZ"]),
        reverse("api:feed-csv", args=["ZZ001"]),
        reverse("api:feed-json", args=["QZZ"]),
    ]
    for who, client in _principals(trust, hr_lead).items():
        for url in urls:
            answer = client.get(url)
            assert answer.status_code == 404, (who, url)
            assert not _leaked(answer.content.decode())


def test_filters_cannot_reach_across(zz_issued, trust):
    client = key_client(new_key(systems()["QUE"]))
    for query in ["organisation=ZZ001", f"owner={zz_issued['owner'].pk}", "q=Quokkafrond"]:
        answer = client.get(reverse("api:response-list") + "?" + query)
        assert answer.status_code in (200, 400)
        assert not _leaked(answer.content.decode())
        if answer.status_code == 200:
            assert answer.json()["count"] == 0, query
    updates = client.get(reverse("api:update-list") + f"?response={zz_issued['response'].pk}").json()
    assert updates["count"] == 0


def test_a_systems_key_reads_its_trusts_and_a_trusts_key_not_its_system(trust):
    system = systems()["QUE"]
    codes = [o["ods_code"] for o in key_client(new_key(system)).get(reverse("api:organisation-list")).json()["results"]]
    members = Organisation.objects.filter(parent__ods_code="QUE").values_list("ods_code", flat=True)
    assert "RYV" in members and len(members) > 1  # the demo system has more trusts than RYV
    assert sorted(codes) == sorted(["QUE", *members])
    codes = [o["ods_code"] for o in key_client(new_key(trust)).get(reverse("api:organisation-list")).json()["results"]]
    assert codes == ["RYV"]
    assert key_client(new_key(trust)).get(reverse("api:organisation-detail", args=["QUE"])).status_code == 404
