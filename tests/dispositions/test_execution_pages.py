"""The execution's pages, API and papers (規程第34条–第37条, 第43条): the queue in Japanese, the 出頭通知
and the execution at the counter, a bad course date refused on the page with nothing changed, the API's
422/403/409 answers, the 出頭通知書 and the 取消処分書 with their dates in 和暦 (audited)."""

import pytest
from tests.dispositions.conftest import decided, in_days

from menkyo.audit.models import AuditEvent
from menkyo.core.errors import Conflict
from menkyo.core.wareki import wareki
from menkyo.dispositions import execution as services
from menkyo.dispositions import papers
from menkyo.dispositions.models import CaseState
from menkyo.documents.rendering import render_html

pytestmark = pytest.mark.django_db


def post(client, url, body):
    return client.post(url, body, content_type="application/json")


def test_the_queue_lists_the_decided_case_in_japanese(client, login_as, clerk, licence):
    case = decided(licence)
    page = login_as(client, clerk).get("/dispositions/executions/").content.decode()
    assert f"第{case.pk}号" in page and "停止（60日）" in page and "未通知" in page
    assert "suspension" not in page


def test_the_officer_summons_and_the_clerk_executes_on_the_page(client, login_as, officer, clerk, licence):
    case = decided(licence)
    login_as(client, officer)
    done = client.post(f"/dispositions/executions/{case.pk}/summon/", {
        "appear_on": in_days(0).isoformat(), "place": "兵庫県警察本部"}, follow=True).content.decode()
    assert "出頭を通知しました" in done and wareki(in_days(19)) in done
    client.logout()
    login_as(client, clerk)
    page = client.get(f"/dispositions/executions/{case.pk}/").content.decode()
    assert 'id="execute-form"' in page and 'id="summon-form"' not in page
    done = client.post(f"/dispositions/executions/{case.pk}/execute/", {"card_presented": "on"},
                       follow=True).content.decode()
    assert "処分を執行しました" in done and "免許証の提出・保管（停止）" in done and wareki(in_days(59)) in done


def test_a_course_date_outside_the_suspension_is_refused_on_the_page(client, login_as, clerk, licence):
    case = decided(licence)
    services.execute_disposition(clerk, case)
    response = login_as(client, clerk).post(f"/dispositions/executions/{case.pk}/course/", {
        "grade": "優", "course_ended_on": in_days(3).isoformat()})
    assert response.status_code == 422 and "講習の終了日は" in response.content.decode()
    assert services.execution_of(case).course_grade == ""


def test_the_api_summons_executes_and_records_the_course(client, login_as, officer, clerk, licence):
    case = decided(licence)
    login_as(client, officer)
    bad = post(client, f"/api/v1/disposition-cases/{case.pk}/summon", {"appear_on": in_days(-2).isoformat(),
                                                                       "place": "本部"})
    assert bad.status_code == 422 and bad.json()["error"]["field"] == "appear_on"
    done = post(client, f"/api/v1/disposition-cases/{case.pk}/summon", {"appear_on": in_days(0).isoformat(),
                                                                        "place": "本部"})
    assert done.status_code == 200 and done.json()["search_until"] == in_days(19).isoformat()
    early_course = post(client, f"/api/v1/disposition-cases/{case.pk}/course", {"grade": "優",
                                                                           "course_ended_on": in_days(0).isoformat()})
    assert early_course.status_code == 409 and early_course.json()["error"]["code"] == "not_executed_suspension"
    client.logout()
    login_as(client, clerk)
    executed = post(client, f"/api/v1/disposition-cases/{case.pk}/execute", {})
    assert executed.status_code == 200 and executed.json()["card_handling"] == "held"
    course = post(client, f"/api/v1/disposition-cases/{case.pk}/course", {"grade": "不可",
                                                                          "course_ended_on": in_days(0).isoformat()})
    assert course.status_code == 200 and course.json()["course_days_reduced"] == 0
    early = post(client, f"/api/v1/disposition-cases/{case.pk}/release-card", {})
    assert early.status_code == 409 and early.json()["error"]["code"] == "too_early"
    pdf = client.get(f"/api/v1/disposition-cases/{case.pk}/disposition.pdf")
    assert pdf.status_code == 200 and pdf.content.startswith(b"%PDF")
    listed = client.get("/api/v1/disposition-executions").json()
    assert [e["case_id"] for e in listed["held"]] == [case.pk]


def test_a_device_may_not_execute(client, make_device, licence):
    case = decided(licence)
    device = make_device("terminal")
    response = client.post(f"/api/v1/disposition-cases/{case.pk}/execute", {}, content_type="application/json",
                           HTTP_AUTHORIZATION=f"Bearer {device.token}")
    assert response.status_code == 403 and case.state == CaseState.DECIDED


def paper_html(monkeypatch, case, paper, actor):
    seen = {}
    monkeypatch.setattr(papers, "render_document", lambda actor, form, **kw: seen.setdefault("form", form))
    papers.execution_paper(actor, case, paper)
    return render_html(seen["form"])


def test_the_summons_names_the_day_and_place_in_wareki(licence, officer, monkeypatch):
    case = decided(licence)
    services.summon_for_execution(officer, case, appear_on=in_days(5), place="兵庫県警察本部運転免許課")
    html = paper_html(monkeypatch, case, "summons", officer)
    assert "出頭通知書" in html and wareki(in_days(5)) in html and "兵庫県警察本部運転免許課" in html


def test_the_revocation_paper_states_the_end_of_the_disqualification_and_the_instructions(
        licence, clerk, monkeypatch):
    case = decided(licence, "revocation", days=None, years=1)
    execution = services.execute_disposition(clerk, case)
    html = paper_html(monkeypatch, case, "disposition", clerk)
    assert "運転免許取消処分書" in html and f"{wareki(execution.disqualified_until)}まで" in html
    assert "審査請求" in html and licence.number in html


def test_the_disposition_paper_is_rendered_and_audited_only_after_execution(licence, clerk):
    case = decided(licence)
    with pytest.raises(Conflict) as caught:
        papers.execution_paper(clerk, case, "disposition")
    assert caught.value.code == "not_executed"
    services.execute_disposition(clerk, case)
    rendered = papers.execution_paper(clerk, case, "disposition")
    assert rendered.pdf.startswith(b"%PDF")
    assert AuditEvent.objects.filter(action="dispositions.paper.render", object_id=str(case.pk)).exists()


def test_an_execution_read_takes_a_fixed_number_of_queries(client, login_as, clerk, licence,
                                                            django_assert_max_num_queries):
    case = decided(licence)
    services.execute_disposition(clerk, case)
    login_as(client, clerk)
    with django_assert_max_num_queries(12):
        assert client.get(f"/api/v1/disposition-cases/{case.pk}/execution").status_code == 200
    with django_assert_max_num_queries(17):  # + 1: who holds the card (規程第38条の2第2項); + 1: a renewed card kept (停止中の更新)
        assert client.get(f"/dispositions/executions/{case.pk}/").status_code == 200
