"""Intake of the limited 二輪 licences: a test taken for a 限定 (普通 AT; 普通二輪 AT・小型・小型AT; 大型二輪
AT) is chosen at the counter and checked by the law engine; a 限定解除審査 of a 普通二輪 limit (規程第9条
第1項) is received against the 限定 on the licence, wholly or in part. Bad choices name their field and
write nothing (page and API)."""

from datetime import date

import pytest
from tests.counter.test_api import as_json, post, terminal  # noqa: F401  (the terminal fixture)
from tests.documents.pdf import flat, pdf_text

from menkyo.core.actors import SystemActor
from menkyo.core.errors import InvalidInput
from menkyo.counter import services
from menkyo.counter.models import Application
from menkyo.registry.services import register_holder

from .conftest import APPLICATION_DAY, NO_TO_ALL

pytestmark = pytest.mark.django_db

SMALL_AT = "普通二輪は小型二輪のAT車に限る"


@pytest.fixture
def motorcycle(new_applicant):
    """The new applicant (18) applying for 普自二 directly."""
    return {**new_applicant, "application_type": "new", "licence_kind": "普自二"}


@pytest.fixture
def small_at_holder(holder_data):
    """A 普通 and 普自二 (小型AT限定) holder of 兵庫."""
    return register_holder(SystemActor("test"), dict(holder_data, kinds={"普通": date(2018, 4, 1),
                                                                       "普自二": date(2020, 4, 1)},
                                                     conditions=[SMALL_AT]))


def lift(licence, remaining="", condition=""):
    return {"application_type": "limitation_removal", "route": "review", "licence_kind": "普自二",
            "review_condition": condition, "remaining_condition": remaining, "licence_number": licence.number,
            "questionnaire": dict(NO_TO_ALL), "documents": ["photo", "licence"]}


def receive(actor, data):
    return services.receive_application(actor, data, received_on=APPLICATION_DAY)


@pytest.mark.parametrize(("limit", "text"), [
    ("at_futsuu_nirin", "普通二輪はAT車に限る"), ("kogata_futsuu_nirin", "普通二輪は小型二輪に限る"),
    ("kogata_at_futsuu_nirin", SMALL_AT),
])
def test_a_motorcycle_test_is_received_with_the_limit_of_its_vehicle(centre_clerk, motorcycle, limit, text):
    application = receive(centre_clerk, {**motorcycle, "vehicle_limit": limit})
    assert (application.state, application.vehicle_limit) == ("received", limit)
    assert services.vehicle_limit_of(application) == text


def test_no_limit_chosen_is_a_test_without_a_limit(centre_clerk, motorcycle):
    application = receive(centre_clerk, motorcycle)
    assert application.vehicle_limit == "" and services.vehicle_limit_of(application) == ""


@pytest.mark.parametrize(("changes", "message"), [
    ({"application_type": "provisional", "licence_kind": "普通仮", "vehicle_limit": "at_futsuu"},
     "普通仮免許の試験で選べる限定ではありません"),
    ({"vehicle_limit": "at_futsuu"}, "普自二免許の試験で選べる限定ではありません"),
    ({"licence_kind": "大自二", "birth_date": date(2000, 4, 2), "vehicle_limit": "kogata_futsuu_nirin"},
     "大自二免許の試験で選べる限定ではありません"),
])
def test_a_limit_the_application_cannot_have_names_the_field_and_writes_nothing(centre_clerk, motorcycle, changes,
                                                                                message):
    with pytest.raises(InvalidInput) as refused:
        receive(centre_clerk, {**motorcycle, **changes})
    assert (refused.value.field, refused.value.code) == ("vehicle_limit", "vehicle_limit_not_applicable")
    assert message in refused.value.message and not Application.objects.exists()


def test_a_small_motorcycle_limit_on_an_ordinary_car_application_is_refused_in_japanese(centre_clerk, graduate):
    with pytest.raises(InvalidInput) as refused:
        receive(centre_clerk, {**graduate, "vehicle_limit": "kogata_futsuu_nirin"})
    assert refused.value.field == "vehicle_limit"
    assert refused.value.message.startswith("普通免許の試験で選べる限定ではありません（普通免許で選べる限定: 「普通車はAT車に限る」）")
    assert not Application.objects.exists()


def test_an_at_limited_ordinary_car_test_is_received(centre_clerk, graduate):
    application = receive(centre_clerk, {**graduate, "vehicle_limit": "at_futsuu"})
    assert application.vehicle_limit == "at_futsuu" and application.state == "received"


# --- 限定解除審査 of a 普通二輪 limit -----------------------------------------------------------------


def test_a_whole_lift_takes_the_limit_on_the_licence_without_naming_it(centre_clerk, small_at_holder):
    application = receive(centre_clerk, lift(small_at_holder))
    assert (application.review_condition, application.remaining_condition) == ("kogata_at_futsuu_nirin", "")
    assert services.review_of(application).description == f"「{SMALL_AT}」の解除"


@pytest.mark.parametrize(("remaining", "text"), [
    ("at_futsuu_nirin", "普通二輪はAT車に限る"), ("kogata_futsuu_nirin", "普通二輪は小型二輪に限る")])
def test_a_partial_lift_is_received_with_the_limit_that_remains(centre_clerk, small_at_holder, remaining, text):
    application = receive(centre_clerk, lift(small_at_holder, remaining))
    assert (application.review_condition, application.remaining_condition) == ("kogata_at_futsuu_nirin", remaining)
    assert services.review_of(application).added == [text]


@pytest.mark.parametrize(("licence_conditions", "data", "field", "code"), [
    (["普通二輪はAT車に限る"], {"remaining": "kogata_futsuu_nirin"}, "remaining_condition", "review_not_applicable"),
    ([], {}, "licence_kind", "condition_not_held"),
    ([SMALL_AT], {"condition": "at_futsuu_nirin"}, "licence_kind", "condition_not_held"),
    ([SMALL_AT], {"remaining": "at_futsuu"}, "remaining_condition", "review_not_applicable"),
])
def test_a_lift_the_licence_does_not_allow_names_the_field_and_writes_nothing(
        centre_clerk, holder_data, licence_conditions, data, field, code):
    licence = register_holder(SystemActor("test"), dict(holder_data, kinds={"普自二": date(2020, 4, 1)},
                                                        conditions=licence_conditions))
    with pytest.raises(InvalidInput) as refused:
        receive(centre_clerk, lift(licence, **data))
    assert (refused.value.field, refused.value.code) == (field, code)
    assert not Application.objects.exists()


def test_a_remaining_limit_on_a_test_application_is_refused(centre_clerk, motorcycle):
    with pytest.raises(InvalidInput) as refused:
        receive(centre_clerk, {**motorcycle, "remaining_condition": "at_futsuu_nirin"})
    assert refused.value.field == "remaining_condition" and not Application.objects.exists()


# --- the page and the API ----------------------------------------------------------------------------


def test_the_api_receives_a_partial_lift_and_answers_it(client, terminal, small_at_holder):  # noqa: F811
    response = post(client, "/api/v1/applications", lift(small_at_holder, "at_futsuu_nirin"), terminal)
    assert response.status_code == 201, response.content
    body = response.json()
    assert (body["review_condition"], body["remaining_condition"]) == ("kogata_at_futsuu_nirin", "at_futsuu_nirin")


def test_the_api_answers_a_wrong_vehicle_limit_with_a_422_naming_the_field(client, terminal, graduate):  # noqa: F811
    response = post(client, "/api/v1/applications", as_json({**graduate, "vehicle_limit": "kogata_futsuu_nirin"}),
                    terminal)
    assert response.status_code == 422
    error = response.json()["error"]
    assert error["field"] == "vehicle_limit" and "普通免許の試験で選べる限定ではありません" in error["message"]
    assert not Application.objects.exists()


def test_the_page_offers_the_limits_and_the_partial_lifts_and_shows_the_choice(client, login_as, centre_clerk,
                                                                                motorcycle):
    login_as(client, centre_clerk)
    page = client.get("/counter/new/").content.decode()
    assert "普通二輪は小型二輪のAT車に限る" in page and "小型二輪の限定のみ解除し「普通二輪はAT車に限る」とする" in page
    application = services.receive_application(centre_clerk, {**motorcycle, "vehicle_limit": "kogata_futsuu_nirin"})
    detail = client.get(f"/counter/applications/{application.pk}/").content.decode()
    assert "「普通二輪は小型二輪に限る」（合格により免許に付します）" in detail and "kogata_futsuu_nirin" not in detail


def test_the_application_form_prints_the_limit_of_the_test_with_the_kind(centre_clerk, motorcycle):
    application = receive(centre_clerk, {**motorcycle, "vehicle_limit": "kogata_at_futsuu_nirin"})
    text = flat(pdf_text(services.application_form(centre_clerk, application.pk).pdf))
    kind_line = text[text.find("申請に係る免許の種類"):][:60]
    assert kind_line.startswith("申請に係る免許の種類普通") and f"（{SMALL_AT}）" in kind_line
