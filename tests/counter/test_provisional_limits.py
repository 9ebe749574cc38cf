"""Intake of the AT limits of the 普通仮免許 and the 普通第二種 (law-rules §6.1 「AT限定 exists」; assumed
wordings, UNCONFIRMED): a 仮免許 test on an AT車 at the counter or sent by a school's terminal (規程第3条第2項),
a 普二 test on an AT車, and the 普通 test of an AT限定の仮免許's holder — AT by default, MT refused (UNCONFIRMED).
Refusals name ``vehicle_limit`` and write nothing."""

from datetime import date

import pytest
from tests.counter.test_api import as_json, post, terminal  # noqa: F401  (the terminal fixture)
from tests.counter.test_provisional_intake import direct_test

from menkyo.accounts.services import register_device
from menkyo.core.actors import SystemActor
from menkyo.core.errors import InvalidInput
from menkyo.counter import services
from menkyo.counter.models import Application
from menkyo.registry.services import register_holder, register_provisional_licence

from .conftest import APPLICATION_DAY, NO_TO_ALL

pytestmark = pytest.mark.django_db

AT_KARI = "AT車に限る"


def receive(actor, data):
    return services.receive_application(actor, data, received_on=APPLICATION_DAY)


@pytest.fixture
def make_provisional(centre_clerk, new_applicant):
    """The applicant of a 普通仮 test entered at its intake, then holding a 普通仮 valid on the application day."""
    def make(conditions=()):
        person = services.receive_application(centre_clerk, new_applicant, received_on=date(2026, 9, 20)).person_id
        return register_provisional_licence(SystemActor("test"), person, "普通仮", issue_date=date(2026, 10, 1),
                                            conditions=list(conditions))
    return make


def test_a_provisional_test_on_an_at_car_is_received_with_the_at_limit(centre_clerk, new_applicant):
    application = receive(centre_clerk, {**new_applicant, "vehicle_limit": "at_futsuu_kari"})
    assert (application.state, application.vehicle_limit) == ("received", "at_futsuu_kari")
    assert services.vehicle_limit_of(application) == AT_KARI


def test_a_school_terminal_sends_a_students_at_provisional_application(client, school, new_applicant):
    device = register_device(SystemActor("test"), name="明石教習所 端末", kind="school", affiliation="28-S01", roles=[])
    body = as_json({k: v for k, v in new_applicant.items() if k not in ("application_type", "route")})
    response = post(client, "/api/v1/school-applications", {**body, "vehicle_limit": "at_futsuu_kari"}, device.token)
    assert response.status_code == 201, response.content
    assert response.json()["vehicle_limit"] == "at_futsuu_kari"
    assert Application.objects.get().route == "school_provisional"
    wrong = post(client, "/api/v1/school-applications",
                 {**body, "name": "須磨 二郎", "name_kana": "スマ ジロウ", "vehicle_limit": "at_futsuu"}, device.token)
    assert wrong.status_code == 422 and wrong.json()["error"]["field"] == "vehicle_limit"
    assert Application.objects.count() == 1


def test_the_ordinary_test_of_an_at_provisional_holder_carries_the_at_limit_by_default(
        centre_clerk, new_applicant, make_provisional):
    provisional = make_provisional([AT_KARI])
    application = receive(centre_clerk, direct_test(provisional, new_applicant))
    assert (application.state, application.vehicle_limit) == ("received", "at_futsuu")
    assert services.vehicle_limit_of(application) == "普通車はAT車に限る"


def test_an_mt_test_on_an_at_provisional_licence_is_refused_in_japanese_and_writes_nothing(
        centre_clerk, new_applicant, make_provisional):
    provisional = make_provisional([AT_KARI])
    before = Application.objects.count()
    with pytest.raises(InvalidInput) as refused:
        receive(centre_clerk, direct_test(provisional, new_applicant, vehicle_limit="mt"))
    assert (refused.value.field, refused.value.code) == ("vehicle_limit", "vehicle_limit_provisional")
    assert "普通仮免許に「AT車に限る」の条件があり" in refused.value.message
    assert "「普通車はAT車に限る」の限定で受けます" in refused.value.message
    assert Application.objects.count() == before


def test_an_mt_test_on_an_unlimited_provisional_licence_is_a_test_without_a_limit(
        centre_clerk, new_applicant, make_provisional):
    provisional = make_provisional()
    application = receive(centre_clerk, direct_test(provisional, new_applicant, vehicle_limit="mt"))
    assert application.vehicle_limit == "" and application.state == "received"


def test_the_api_answers_an_mt_test_on_an_at_provisional_licence_with_a_422(client, terminal, new_applicant,  # noqa: F811
                                                                            make_provisional):
    provisional = make_provisional([AT_KARI])
    before = Application.objects.count()
    response = post(client, "/api/v1/applications", direct_test(provisional, new_applicant, vehicle_limit="mt"),
                    terminal)
    assert response.status_code == 422
    assert (response.json()["error"]["field"], response.json()["error"]["code"]) == (
        "vehicle_limit", "vehicle_limit_provisional")
    assert Application.objects.count() == before


def test_a_second_class_ordinary_test_on_an_at_car_is_received_with_its_limit(centre_clerk, holder_data):
    licence = register_holder(SystemActor("test"), dict(holder_data, kinds={"普通": date(2000, 8, 1)}))
    application = receive(centre_clerk, {
        "application_type": "additional", "route": "direct", "licence_kind": "普二", "licence_number": licence.number,
        "questionnaire": dict(NO_TO_ALL), "documents": ["photo", "licence"], "vehicle_limit": "at_futsuu_nishu"})
    assert application.vehicle_limit == "at_futsuu_nishu"
    assert services.vehicle_limit_of(application) == "普通車の旅客車はAT車に限る"


def test_the_page_offers_the_provisional_at_limit_and_the_mt_choice(client, login_as, centre_clerk):
    login_as(client, centre_clerk)
    page = client.get("/counter/new/").content.decode()
    assert "AT車に限る（普通仮免許）" in page and "普通車の旅客車はAT車に限る" in page and "MT車で受験（限定なし）" in page
