"""The 仮停止 and 危険性帯有 pages: the station's report form (a 6th-day accident refused in Japanese on the
form, nothing changed), the 仮停止's page with the licence 停止中, the queue with its deadlines, the 上申 form."""

import pytest
from tests.dispositions.conftest import in_days

from menkyo.core.wareki import wareki
from menkyo.dispositions.models import Case, ProvisionalSuspension
from menkyo.registry.models import Licence

pytestmark = pytest.mark.django_db


def form(licence, days_ago):
    return {"licence_number": licence.number, "accident_on": in_days(-days_ago).isoformat(), "ground": "hit_and_run",
            "summary": "ひき逃げ", "necessity": "救護義務違反", "instructed_by": "免許課長 山田", "card_presented": "on"}


def test_a_station_reports_on_the_page_and_the_licence_shows_suspended(client, login_as, officer, licence):
    login_as(client, officer)
    answer = client.post("/dispositions/provisional/report/", form(licence, 4), follow=True)
    text = answer.content.decode()
    assert answer.status_code == 200 and "仮停止をしました" in text and "停止中" in text
    assert wareki(in_days(-4 + 29)) in text
    queue = client.get("/dispositions/provisional/").content.decode()
    assert "関係書類の送付の期限間近" in queue


def test_a_sixth_day_report_is_refused_on_the_form_in_japanese(client, login_as, officer, licence):
    login_as(client, officer)
    answer = client.post("/dispositions/provisional/report/", form(licence, 5))
    assert answer.status_code == 422 and "5日以内" in answer.content.decode()
    assert not ProvisionalSuspension.objects.exists() and Licence.objects.get(pk=licence.pk).status == "valid"


def test_a_counter_clerk_may_not_open_the_report_form(client, login_as, clerk):
    login_as(client, clerk)
    assert client.get("/dispositions/provisional/report/").status_code == 403


def test_the_danger_form_opens_a_case(client, login_as, officer, licence):
    login_as(client, officer)
    answer = client.post("/dispositions/danger/", {"licence_number": licence.number, "kind": "suspension",
                                                   "days": "60", "summary": "自転車の酒酔い運転"}, follow=True)
    assert "上申しました" in answer.content.decode()
    assert Case.objects.get().case_type == "danger"


def test_the_early_hearing_form_marks_the_case_and_opens_its_page(client, login_as, officer, licence):
    from tests.dispositions.conftest import revocation_case

    case = revocation_case(licence)
    login_as(client, officer)
    answer = client.post("/dispositions/early-hearings/", {"licence_number": licence.number, "reason": "早期処分"})
    assert answer.status_code == 302 and answer.url == f"/dispositions/cases/{case.pk}/"
    queue = client.get("/dispositions/provisional/").content.decode()
    assert f"第{case.pk}号" in queue and "早期の意見の聴取" in queue


def test_the_early_hearing_form_refuses_a_driver_without_a_revocation_case_in_japanese(client, login_as, officer,
                                                                                        licence):
    login_as(client, officer)
    answer = client.post("/dispositions/early-hearings/", {"licence_number": licence.number, "reason": "早期"})
    assert answer.status_code == 422 and "審査中の処分事案がありません" in answer.content.decode()


def test_the_queue_shows_the_early_hearing_section_once_and_a_plain_title(client, login_as, officer):
    page = login_as(client, officer).get("/dispositions/provisional/").content.decode()
    assert "<title>仮停止 | menkyo</title>" in page
    assert page.count('id="early-list"') == 1
