"""Receiving a 審査 (規程第9条・第9条の2): the 限定 or condition is checked against the licence held, the
condition asked for must not be on it yet; the fee is the 限定解除審査手数料 where the table has one."""

from datetime import date

import pytest

from menkyo.audit.models import AuditEvent
from menkyo.core.actors import SystemActor
from menkyo.core.errors import InvalidInput
from menkyo.core.models import Commission
from menkyo.counter import services
from menkyo.counter.models import Application
from menkyo.registry.services import register_holder

from .conftest import APPLICATION_DAY, NO_TO_ALL

pytestmark = pytest.mark.django_db

AT = "普通車はAT車に限る"


@pytest.fixture
def at_holder(holder_data):
    """A 普通 AT限定 holder of 兵庫 who wears glasses (普通 acquired 2018: no deemed limit)."""
    return register_holder(SystemActor("test"), dict(holder_data, kinds={"普通": date(2018, 4, 1)},
                                                     conditions=["眼鏡等", AT]))


def review(licence, application_type="limitation_removal", kind="普通", condition=""):
    return {"application_type": application_type, "route": "review", "licence_kind": kind,
            "review_condition": condition, "licence_number": licence.number, "questionnaire": dict(NO_TO_ALL),
            "documents": ["photo", "licence"]}


def receive(actor, data):
    return services.receive_application(actor, data, received_on=APPLICATION_DAY)


def test_an_at_limitation_removal_is_received_with_the_limit_it_lifts(centre_clerk, at_holder):
    application = receive(centre_clerk, review(at_holder))
    assert (application.state, application.route, application.review_condition) == ("received", "review", "at_futsuu")
    assert application.ledger_number == "20261127-0001" and application.refusal_reasons == []
    assert AuditEvent.objects.filter(action="counter.application.receive", object_id=str(application.pk)).exists()
    assert services.review_of(application).text == AT


def test_a_condition_removal_names_the_condition(centre_clerk, at_holder):
    application = receive(centre_clerk, review(at_holder, "condition_removal", condition="glasses"))
    assert application.review_condition == "glasses" and services.review_of(application).removes


def test_the_deemed_8t_limit_is_lifted_by_a_review_of_the_medium_kind(centre_clerk, holder_data):
    licence = register_holder(SystemActor("test"), holder_data)  # 普通 2000 → 中型（8t限定）
    application = receive(centre_clerk, review(licence, kind="中型"))
    assert application.review_condition == "deemed_8t" and application.state == "received"


@pytest.mark.parametrize(("application_type", "kind", "condition", "field", "code"), [
    ("limitation_removal", "大型", "", "licence_kind", "review_not_applicable"),  # 大型 has no 限定 to lift here
    ("limitation_removal", "中型", "", "licence_kind", "kind_not_held"),
    ("condition_removal", "普通", "hearing_aid", "review_condition", "condition_not_held"),
    ("condition_removal", "普通", "at_futsuu", "review_condition", "review_not_applicable"),
    ("condition_removal", "普通", "", "review_condition", "review_not_applicable"),
    ("condition_by_request", "普通", "at_futsuu", "review_condition", "condition_already_held"),
])
def test_a_review_the_licence_does_not_allow_names_the_field_and_writes_nothing(
        centre_clerk, at_holder, application_type, kind, condition, field, code):
    with pytest.raises(InvalidInput) as refused:
        receive(centre_clerk, review(at_holder, application_type, kind, condition))
    assert (refused.value.field, refused.value.code) == (field, code)
    assert not Application.objects.exists()


def test_no_limit_to_lift_is_told_in_japanese(centre_clerk, holder_data):
    licence = register_holder(SystemActor("test"), dict(holder_data, kinds={"普通": date(2018, 4, 1)}))
    with pytest.raises(InvalidInput) as refused:
        receive(centre_clerk, review(licence))
    assert refused.value.message == f"この免許に「{AT}」は付されていません（「限定解除審査」の対象外）。"
    assert refused.value.field == "licence_kind" and not Application.objects.exists()


def test_a_holder_of_an_upper_licence_is_received_only_once_told_it_is_cancelled_first(centre_clerk, holder_data):
    licence = register_holder(SystemActor("test"), dict(holder_data, kinds={"普通": date(2018, 4, 1),
                                                                           "準中型": date(2020, 4, 1)}))
    with pytest.raises(InvalidInput) as refused:
        receive(centre_clerk, review(licence, "condition_by_request", condition="at_futsuu"))
    assert (refused.value.code, refused.value.field) == ("upper_cancellation_not_explained", "disadvantage_explained")
    assert "準中型免許を取り消します（規程第9条の2第2項）" in refused.value.message
    assert not Application.objects.exists()
    application = receive(centre_clerk, {**review(licence, "condition_by_request", condition="at_futsuu"),
                                         "disadvantage_explained": True})
    assert (application.state, application.disadvantage_explained) == ("received", True)
    assert services.review_of(application).upper_held(["普通", "準中型"]) == ["準中型"]


def test_a_review_needs_the_route_review(centre_clerk, at_holder):
    with pytest.raises(InvalidInput) as refused:
        receive(centre_clerk, {**review(at_holder), "route": "direct"})
    assert refused.value.field == "route" and not Application.objects.exists()


def test_a_holder_of_another_prefecture_applies_there(centre_clerk, holder_data):
    osaka = Commission.objects.filter(prefecture_id="27").order_by("code").first()
    licence = register_holder(SystemActor("test"), dict(
        holder_data, postal_code="5300001", address="大阪府大阪市北区梅田1丁目1番1号", commission=osaka.code,
        kinds={"普通": date(2018, 4, 1)}, conditions=[AT]))
    with pytest.raises(InvalidInput) as refused:
        receive(centre_clerk, review(licence))
    assert refused.value.field == "person_id" and "他の都道府県" in refused.value.message
    assert not Application.objects.exists()


def test_the_limitation_removal_fee_is_the_review_fee_of_the_table(centre_clerk, at_holder):
    application = receive(centre_clerk, review(at_holder))
    [due] = services.fees_due(application, APPLICATION_DAY)
    assert (due.procedure, due.label, due.amount, due.paid) == ("limit_removal_review", "限定解除審査", 1350, False)


def test_a_condition_review_fee_the_sources_do_not_give_is_shown_as_unconfirmed(centre_clerk, at_holder):
    application = receive(centre_clerk, review(at_holder, "condition_removal", condition="glasses"))
    [due] = services.fees_due(application, APPLICATION_DAY)
    assert due.amount is None and "未確認" in due.note


def test_the_api_receives_a_review_and_names_the_field_of_a_bad_one(client, login_as, centre_clerk, at_holder):
    login_as(client, centre_clerk)
    data = review(at_holder, "condition_removal", condition="glasses")
    received = client.post("/api/v1/applications", data, content_type="application/json")
    assert received.status_code == 201, received.content
    assert (received.json()["route"], received.json()["review_condition"]) == ("review", "glasses")
    refused = client.post("/api/v1/applications", {**data, "review_condition": "hearing_aid"},
                          content_type="application/json")
    assert refused.status_code == 422
    assert refused.json()["error"]["field"] == "review_condition"
    assert refused.json()["error"]["code"] == "condition_not_held" and "補聴器" in refused.json()["error"]["message"]
    assert Application.objects.count() == 1


def test_the_counter_form_offers_the_conditions_and_receives_a_review(client, login_as, centre_clerk, at_holder):
    login_as(client, centre_clerk)
    form = client.get("/counter/new/").content.decode()
    assert '<option value="glasses">眼鏡等</option>' in form
    answers = {f"q_{item}": "no" for item in NO_TO_ALL}
    response = client.post("/counter/new/", {"application_type": "condition_removal", "route": "review",
                                             "licence_kind": "普通", "review_condition": "hearing_aid",
                                             "licence_number": at_holder.number, "documents": ["photo", "licence"],
                                             **answers})
    assert response.status_code == 422 and "この免許に「補聴器」は付されていません" in response.content.decode()
    assert not Application.objects.exists()
