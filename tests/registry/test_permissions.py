"""The register's permission rules: a matrix per rule, and each rule's denial end to end.

Matrix cells are checked with :func:`allowed` on a real 兵庫 holder (its licence
and its person: services check both kinds of record). "other" is an actor of
大阪. Devices hold only 窓口・審査・照会 (NA for the other roles).
"""

import pytest

from menkyo.core.actors import SystemActor
from menkyo.core.errors import NotPermitted
from menkyo.core.permissions import REGISTRY, allowed
from menkyo.registry import services
from menkyo.registry.models import Licence, Person

pytestmark = pytest.mark.django_db

Y, N, NA = True, False, None

MATRIX = {
    # Opening the lookup screen takes no record, so the actor's prefecture does not matter.
    "registry.look_up_holder": [
        #                  operator      device
        # role             own   other   own   other
        ("counter",        Y,    Y,      Y,    Y),
        ("case_officer",   Y,    Y,      Y,    Y),
        ("decision",       Y,    Y,      NA,   NA),
        ("inquiry",        Y,    Y,      Y,    Y),
        ("audit",          N,    N,      NA,   NA),
        ("admin",          N,    N,      NA,   NA),
        ("examiner",       N,    N,      NA,   NA),
    ],
    # Another prefecture's holder is read only through 照会 (規程第45条), not here.
    "registry.read_holder": [
        ("counter",        Y,    N,      Y,    N),
        ("case_officer",   Y,    N,      Y,    N),
        ("decision",       Y,    N,      NA,   NA),
        ("inquiry",        Y,    N,      Y,    N),
        ("audit",          N,    N,      NA,   NA),
        ("admin",          N,    N,      NA,   NA),
        ("examiner",       N,    N,      NA,   NA),
    ],
    "registry.change_particulars": [
        ("counter",        Y,    N,      Y,    N),
        ("case_officer",   Y,    N,      Y,    N),
        ("decision",       N,    N,      NA,   NA),
        ("inquiry",        N,    N,      N,    N),
        ("audit",          N,    N,      NA,   NA),
        ("admin",          N,    N,      NA,   NA),
        ("examiner",       N,    N,      NA,   NA),
    ],
    "registry.issue_licence": [
        ("counter",        Y,    N,      Y,    N),
        ("case_officer",   Y,    N,      Y,    N),
        ("decision",       N,    N,      NA,   NA),
        ("inquiry",        N,    N,      N,    N),
        ("audit",          N,    N,      NA,   NA),
        ("admin",          N,    N,      NA,   NA),
        ("examiner",       N,    N,      NA,   NA),
    ],
    # The conditions changed by a 審査 (規程第9条第3項・第9条の2): as the issue, own prefecture only.
    "registry.change_conditions": [
        ("counter",        Y,    N,      Y,    N),
        ("case_officer",   Y,    N,      Y,    N),
        ("decision",       N,    N,      NA,   NA),
        ("inquiry",        N,    N,      N,    N),
        ("audit",          N,    N,      NA,   NA),
        ("admin",          N,    N,      NA,   NA),
        ("examiner",       N,    N,      NA,   NA),
    ],
    # 本籍・国籍等 (seeing and changing them); the record is the person already read.
    "registry.see_honseki": [
        ("counter",        N,    N,      N,    N),
        ("case_officer",   Y,    Y,      Y,    Y),
        ("decision",       Y,    Y,      NA,   NA),
        ("inquiry",        N,    N,      N,    N),
        ("audit",          N,    N,      NA,   NA),
        ("admin",          N,    N,      NA,   NA),
        ("examiner",       N,    N,      NA,   NA),
    ],
}
RECORDS = {
    "registry.read_holder": ("licence", "person"),
    "registry.change_particulars": ("licence", "person"),
    "registry.issue_licence": ("licence", "person"),
    "registry.change_conditions": ("licence",),
}


@pytest.fixture
def hyogo_holder(holder_data) -> Licence:
    return services.register_holder(SystemActor("test"), holder_data)


@pytest.fixture
def matrix_record(matrix_case, holder_data):
    if matrix_case.record is None:
        return None
    licence = services.register_holder(SystemActor("test"), holder_data)
    return {"licence": Licence.objects.get(pk=licence.pk), "person": Person.objects.get(pk=licence.person_id)}[
        matrix_case.record
    ]


def test_each_role_in_each_prefecture_is_allowed_or_denied_as_the_matrix_says(
    matrix_case, make_actor, matrix_record
):
    actor = make_actor(matrix_case.role, matrix_case.prefecture, matrix_case.actor_kind)
    assert allowed(actor, matrix_case.rule, matrix_record) is matrix_case.expected


# --- each rule's denial, end to end -----------------------------------------------------


def denial(rule: str) -> str:
    """What an actor without the rule's role is told."""
    return REGISTRY[rule].denial


def other_prefecture(rule: str) -> str:
    """What an actor with the role is told about another prefecture's record."""
    return REGISTRY[rule].denial_other_prefecture


@pytest.mark.parametrize("role", ["audit", "admin"])
def test_an_own_prefecture_auditor_or_admin_opening_a_holder_is_told_the_role_not_the_prefecture(
        client, login_as, make_actor, hyogo_holder, expect_one_denial, role):
    login_as(client, make_actor(role))
    with expect_one_denial("registry.read_holder", "registry.licence.read"):
        response = client.get(f"/registry/licences/{hyogo_holder.number}/?purpose=窓口事務")
    html = response.content.decode()
    assert response.status_code == 403 and denial("registry.read_holder") in html
    assert other_prefecture("registry.read_holder") not in html


def test_an_auditor_opening_the_lookup_page_gets_403_and_one_audited_denial(client, login_as, make_actor,
                                                                             expect_one_denial):
    login_as(client, make_actor("audit"))
    with expect_one_denial("registry.look_up_holder", "registry.lookup.open"):
        response = client.get("/registry/lookup/")
    assert response.status_code == 403
    assert denial("registry.look_up_holder") in response.content.decode()


def test_an_osaka_device_reading_a_hyogo_licence_gets_403_with_the_rules_message(client, make_actor, hyogo_holder,
                                                                                 expect_one_denial):
    device = make_actor("inquiry", "other", "device")
    with expect_one_denial("registry.read_holder", "registry.licence.read"):
        response = client.get(f"/api/v1/licences/{hyogo_holder.number}?purpose=交通取締り",
                              HTTP_AUTHORIZATION=f"Bearer {device.token}")
    assert response.status_code == 403
    assert response.json()["error"] == {"code": "not_permitted", "message": other_prefecture("registry.read_holder"),
                                        "field": None}


def test_an_osaka_counter_opening_a_hyogo_licence_page_gets_403_with_the_rules_message(
    client, login_as, osaka_counter, hyogo_holder, expect_one_denial
):
    login_as(client, osaka_counter)
    with expect_one_denial("registry.read_holder", "registry.licence.read"):
        response = client.get(f"/registry/licences/{hyogo_holder.number}/?purpose=窓口事務")
    assert response.status_code == 403
    assert other_prefecture("registry.read_holder") in response.content.decode()


def test_an_inquiry_operator_changing_particulars_is_refused_by_the_service(make_actor, hyogo_holder,
                                                                            expect_one_denial):
    inquirer = make_actor("inquiry")
    with expect_one_denial("registry.change_particulars", "registry.person.change"):
        with pytest.raises(NotPermitted) as refused:
            services.change_particulars(inquirer, hyogo_holder.person_id, {"alias": "ヤマ"}, reason="届出",
                                        expected_version=1)
    assert refused.value.message == denial("registry.change_particulars")
    assert Person.objects.get(pk=hyogo_holder.person_id).alias == ""


def test_an_inquiry_device_patching_a_person_gets_403_with_the_rules_message(client, make_actor, hyogo_holder,
                                                                             expect_one_denial):
    device = make_actor("inquiry", "own", "device")
    with expect_one_denial("registry.change_particulars", "registry.person.change"):
        response = client.patch(f"/api/v1/persons/{hyogo_holder.person_id}",
                                {"alias": "ヤマ", "reason": "届出", "expected_version": 1},
                                content_type="application/json", HTTP_AUTHORIZATION=f"Bearer {device.token}")
    assert response.status_code == 403
    assert response.json()["error"]["message"] == denial("registry.change_particulars")
    assert Person.objects.get(pk=hyogo_holder.person_id).alias == ""


def test_an_osaka_counter_registering_a_hyogo_holder_is_refused_by_the_service(osaka_counter, holder_data,
                                                                               expect_one_denial):
    with expect_one_denial("registry.issue_licence", "registry.holder.register"):
        with pytest.raises(NotPermitted) as refused:
            services.register_holder(osaka_counter, holder_data)
    assert refused.value.message == other_prefecture("registry.issue_licence")
    assert not Person.objects.exists() and not Licence.objects.exists()


def test_an_osaka_device_issuing_a_provisional_licence_to_a_hyogo_holder_gets_the_unknown_persons_404(
        client, make_actor, hyogo_holder, expect_one_denial):
    device = make_actor("counter", "other", "device")
    with expect_one_denial("registry.issue_licence", "registry.provisional.register"):
        response = client.post(f"/api/v1/persons/{hyogo_holder.person_id}/provisional-licences",
                               {"kind": "普通仮"}, content_type="application/json",
                               HTTP_AUTHORIZATION=f"Bearer {device.token}")
    unknown = client.post(f"/api/v1/persons/{hyogo_holder.person_id + 1000}/provisional-licences",
                          {"kind": "普通仮"}, content_type="application/json",
                          HTTP_AUTHORIZATION=f"Bearer {device.token}")
    assert response.status_code == unknown.status_code == 404
    assert response.json() == unknown.json()
    assert not hyogo_holder.person.provisional_licences.exists()
