"""The 更新連絡書 API: start a month (queued for the worker), follow it; structured errors."""

import pytest
from django_tasks_db.models import DBTaskResult

from menkyo.core.actors import SystemActor
from menkyo.notices import services
from menkyo.notices.models import NoticeBatch

pytestmark = pytest.mark.django_db


@pytest.fixture
def officer(make_operator):
    return make_operator("hyogo_officer", ["case_officer"], "28-001")


def test_an_officer_starts_a_month_which_is_queued_and_followed(client, login_as, officer, month, holders):
    login_as(client, officer)
    response = client.post("/api/v1/notice-batches", {"month": f"{month:%Y-%m}"}, content_type="application/json")
    assert response.status_code == 202, response.content
    started = response.json()
    assert (started["state"], started["state_label"], started["month"]) == ("selecting", "対象者の抽出中",
                                                                          month.isoformat())
    assert DBTaskResult.objects.filter(args_kwargs__args=[started["id"]]).count() == 1
    services.run_batch(SystemActor("task:notices.batch"), started["id"])
    followed = client.get(f"/api/v1/notice-batches/{started['id']}").json()
    assert (followed["state"], followed["renewal_notices"], followed["elderly_notices"]) == ("done", 2, 1)
    assert followed["parts_done"] == followed["parts_total"] == 2 and followed["skipped"] == {"deceased": 1,
                                                                                               "revoked": 1}
    assert [b["id"] for b in client.get("/api/v1/notice-batches").json()] == [started["id"]]


@pytest.mark.parametrize("month_text", ["2027/01", "令和9年1月", "2027-1-1", "1990-01"])
def test_a_bad_month_is_422_with_the_field_and_nothing_is_started(client, login_as, officer, month_text):
    login_as(client, officer)
    response = client.post("/api/v1/notice-batches", {"month": month_text}, content_type="application/json")
    assert response.status_code == 422, response.content
    assert response.json()["error"]["field"] == "month" and not NoticeBatch.objects.exists()


def test_a_device_is_403_even_with_the_officer_role(client, make_actor, month):
    device = make_actor("case_officer", "own", "device")
    response = client.post("/api/v1/notice-batches", {"month": f"{month:%Y-%m}"}, content_type="application/json",
                           HTTP_AUTHORIZATION=f"Bearer {device.token}")
    assert response.status_code == 403 and "「審査」" in response.json()["error"]["message"]


def test_another_prefectures_batch_is_403(client, login_as, make_operator, month):
    batch = services.start_batch(SystemActor("test"), month, prefecture="28")
    login_as(client, make_operator("osaka_officer", ["case_officer"], "27-001"))
    assert client.get(f"/api/v1/notice-batches/{batch.pk}").status_code == 403


def test_a_station_device_reports_a_death_and_an_officer_registers_it(client, login_as, make_actor, officer, holders):
    from django.utils import timezone

    from menkyo.inquiry.services import make_inquiry

    device = make_actor("inquiry", "own", "device")
    licence = holders["renewal"]
    inquiry = make_inquiry(device, purpose="死亡等", licence_number=licence.number).inquiry
    body = {"inquiry_id": inquiry.pk, "licence_number": licence.number, "source": "body",
            "died_on": timezone.localdate().isoformat()}
    created = client.post("/api/v1/death-reports", body, content_type="application/json",
                          HTTP_AUTHORIZATION=f"Bearer {device.token}")
    assert created.status_code == 201, created.content
    assert created.json()["state"] == "reported" and created.json()["licence_status"] == "valid"
    refused = client.post(f"/api/v1/death-reports/{created.json()['id']}/register", {}, content_type="application/json",
                          HTTP_AUTHORIZATION=f"Bearer {device.token}")
    assert refused.status_code == 403
    login_as(client, officer)
    done = client.post(f"/api/v1/death-reports/{created.json()['id']}/register", {}, content_type="application/json")
    assert done.status_code == 200 and done.json()["state_label"] == "抹消登録済"
    assert done.json()["licence_status"] == "deceased"


def test_a_death_report_with_a_bad_date_is_422_with_the_field(client, make_actor, holders):
    device = make_actor("inquiry", "own", "device")
    body = {"inquiry_id": 1, "licence_number": holders["renewal"].number, "source": "body", "died_on": "2999-01-01"}
    response = client.post("/api/v1/death-reports", body, content_type="application/json",
                           HTTP_AUTHORIZATION=f"Bearer {device.token}")
    assert response.status_code == 422 and response.json()["error"]["field"] in ("died_on", "inquiry_id")
