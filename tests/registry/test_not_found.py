"""Another prefecture's person id is answered like an unknown one (issue 7: a 403 told that the person
existed), while the refusal is still audited as denied."""

import pytest

from menkyo.audit.models import AuditEvent
from menkyo.core.errors import NotFound, NotPermitted
from menkyo.registry import services

pytestmark = pytest.mark.django_db

REQUESTS = [
    ("get", "/api/v1/persons/{id}?purpose=窓口事務", None, "registry.person.read", "registry.read_holder"),
    ("patch", "/api/v1/persons/{id}", {"alias": "ヤマ", "reason": "届出", "expected_version": 1},
     "registry.person.change", "registry.change_particulars"),
    ("post", "/api/v1/persons/{id}/provisional-licences", {"kind": "普通仮"},
     "registry.provisional.register", "registry.issue_licence"),
]


@pytest.mark.parametrize("method, path, body, action, rule", REQUESTS, ids=[r[3] for r in REQUESTS])
def test_another_prefectures_person_and_an_unknown_id_get_the_same_404_over_the_api(
        client, login_as, osaka_counter, hyogo_licence, method, path, body, action, rule):
    login_as(client, osaka_counter)
    kwargs = {"content_type": "application/json", "data": body} if body else {}
    other = getattr(client, method)(path.format(id=hyogo_licence.person_id), **kwargs)
    unknown = getattr(client, method)(path.format(id=hyogo_licence.person_id + 1000), **kwargs)
    assert other.status_code == unknown.status_code == 404
    assert other.json() == unknown.json()
    assert other.json()["error"]["message"] == "指定された運転者は登録されていません。"
    denial = AuditEvent.objects.get(action=action)  # the unknown id is not a person: nothing to audit
    assert (denial.outcome, denial.actor, denial.person_id) == ("denied", "osaka_counter", hyogo_licence.person_id)
    assert denial.detail == {"rule": rule} and denial.subject_prefecture_code == "28"


def test_another_prefectures_person_and_an_unknown_id_get_the_same_page(client, login_as, osaka_counter,
                                                                       hyogo_licence):
    login_as(client, osaka_counter)
    other = client.get(f"/registry/persons/{hyogo_licence.person_id}/particulars/")
    unknown = client.get(f"/registry/persons/{hyogo_licence.person_id + 1000}/particulars/")
    assert other.status_code == unknown.status_code == 404
    for response in (other, unknown):
        assert "指定された運転者は登録されていません。" in response.content.decode()
    assert AuditEvent.objects.get(action="registry.person.read").outcome == "denied"


def test_an_actor_without_the_role_is_refused_alike_whether_or_not_the_person_exists(make_actor, hyogo_licence):
    auditor = make_actor("audit")
    for person_id in (hyogo_licence.person_id, hyogo_licence.person_id + 1000):
        with pytest.raises(NotPermitted):
            services.read_person(auditor, person_id, purpose="窓口事務")
    assert list(AuditEvent.objects.filter(action="registry.person.read").values_list("outcome", flat=True)) == [
        "denied", "denied"]


def test_the_service_raises_not_found_for_another_prefectures_person(osaka_counter, hyogo_licence):
    with pytest.raises(NotFound) as err:
        services.read_person(osaka_counter, hyogo_licence.person_id, purpose="窓口事務")
    assert err.value.field == "person_id"
