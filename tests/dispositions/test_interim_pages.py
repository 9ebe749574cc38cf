"""The 暫定停止 pages and API: the commission's form on a matter (a term over three months refused in Japanese,
nothing saved), the 暫定停止's page with its 弁明 and 解除 forms, the warning once the illness is ruled out, the
papers; the API's operations with 201, 422, 403 and 409."""

import pytest
from django.utils import timezone
from tests.dispositions.conftest import in_days
from tests.dispositions.test_medical import ordered

from menkyo.core.wareki import wareki
from menkyo.dispositions import medical
from menkyo.dispositions.models import InterimSuspension
from menkyo.rules import interim_suspension as law

pytestmark = pytest.mark.django_db


def form(**extra):
    return {"accident_on": in_days(-2).isoformat(), "accident": "交差点で意識を失い追突",
            "ends_on": in_days(30).isoformat(), "card_presented": "on", **extra}


def test_the_commission_imposes_it_on_the_page_and_a_too_long_term_is_refused_in_japanese(client, login_as, officer,
                                                                                          commission, licence):
    matter = ordered(officer, licence)
    login_as(client, commission)
    queue = client.get("/dispositions/interim/").content.decode()
    assert f"一定の病気等の事案 第{matter.pk}号" in queue and "暫定停止をする" in queue
    latest = law.last_allowed_day(timezone.localdate())
    refused = client.post(f"/dispositions/medical/{matter.pk}/interim/", form(ends_on=in_days(120).isoformat()))
    assert refused.status_code == 422 and f"{wareki(latest)}まで" in refused.content.decode()
    assert not InterimSuspension.objects.exists()
    done = client.post(f"/dispositions/medical/{matter.pk}/interim/", form(), follow=True)
    interim = InterimSuspension.objects.get()
    text = done.content.decode()
    assert done.redirect_chain[-1][0] == f"/dispositions/interim/{interim.pk}/"
    assert "暫定停止をしました" in text and "暫定停止中" in text and "停止中" in text and "公安委員会" in text
    assert "suspension" not in text.split("<main")[-1]


def test_the_explanation_and_the_lifting_are_recorded_on_the_page_with_the_warning_and_the_papers(
        client, login_as, officer, commission, licence):
    matter = ordered(officer, licence)
    login_as(client, commission)
    client.post(f"/dispositions/medical/{matter.pk}/interim/", form())
    interim = InterimSuspension.objects.get()
    login_as(client, officer)
    late = client.post(f"/dispositions/interim/{interim.pk}/explain/", {"explained_on": in_days(1).isoformat(),
                                                                       "explanation": "発作はない"})
    assert late.status_code == 422 and "本日までの日付" in late.content.decode()
    explained = client.post(f"/dispositions/interim/{interim.pk}/explain/", {
        "explained_on": in_days(0).isoformat(), "explanation": "発作はない"}, follow=True).content.decode()
    assert "弁明を記録しました" in explained and "解除する" not in explained
    medical.record_medical_result(officer, matter, result="fit", result_on=in_days(0))
    login_as(client, commission)
    page = client.get(f"/dispositions/interim/{interim.pk}/").content.decode()
    assert "速やかに解除してください" in page and "解除する" in page
    lifted = client.post(f"/dispositions/interim/{interim.pk}/lift/", {"reason": "適と判定"}, follow=True).content.decode()
    assert "暫定停止を解除しました" in lifted and "運転免許効力停止処分解除通知書" in lifted
    for paper in ("notice", "lifted"):
        pdf = client.get(f"/dispositions/interim/{interim.pk}/{paper}.pdf")
        assert pdf.status_code == 200 and pdf.content.startswith(b"%PDF")


def test_a_counter_clerk_is_kept_out_of_the_pages(client, login_as, clerk, officer, licence):
    matter = ordered(officer, licence)
    login_as(client, clerk)
    assert client.get("/dispositions/interim/").status_code == 403
    assert client.get(f"/dispositions/medical/{matter.pk}/interim/").status_code == 403


def post(client, url, body):
    return client.post(url, body, content_type="application/json")


def test_the_api_imposes_explains_and_lifts_and_answers_422_403_and_409(client, login_as, officer, hq, commission,
                                                                         licence):
    matter = ordered(officer, licence)
    body = {"accident_on": in_days(-1).isoformat(), "accident": "追突", "ends_on": in_days(10).isoformat()}
    login_as(client, hq)
    assert post(client, f"/api/v1/medical-matters/{matter.pk}/interim-suspension", body).status_code == 403
    login_as(client, commission)
    bad = post(client, f"/api/v1/medical-matters/{matter.pk}/interim-suspension", {**body, "ends_on": "2099-01-01"})
    assert bad.status_code == 422 and bad.json()["error"]["field"] == "ends_on"
    done = post(client, f"/api/v1/medical-matters/{matter.pk}/interim-suspension", body)
    assert done.status_code == 201 and done.json()["state"] == "in_force" and done.json()["must_lift"] is False
    pk = done.json()["id"]
    again = post(client, f"/api/v1/medical-matters/{matter.pk}/interim-suspension", body)
    assert again.status_code == 409
    assert [i["id"] for i in client.get("/api/v1/interim-suspensions").json()["items"]] == [pk]
    login_as(client, officer)
    explained = post(client, f"/api/v1/interim-suspensions/{pk}/explanation",
                     {"explained_on": in_days(0).isoformat(), "explanation": "発作はない"})
    assert explained.status_code == 200 and explained.json()["explained_on"] == in_days(0).isoformat()
    login_as(client, commission)
    assert client.get(f"/api/v1/interim-suspensions/{pk}/lifted.pdf").status_code == 409
    lifted = post(client, f"/api/v1/interim-suspensions/{pk}/lift", {"reason": "主治医の診断書により否定"})
    assert lifted.status_code == 200 and lifted.json()["state"] == "lifted"
    assert client.get(f"/api/v1/interim-suspensions/{pk}/lifted.pdf").content.startswith(b"%PDF")
