"""The 処分事案 pages: the review queue, the case page with its actions (a notice too short refused on
the page, nothing changed), the decision queue at my level, the preparer refused, the hearing's PDFs."""

import pytest
from tests.dispositions.conftest import in_days, revocation_case

from menkyo.audit.models import AuditEvent
from menkyo.core.wareki import wareki
from menkyo.dispositions import services
from menkyo.dispositions.models import CaseState

pytestmark = pytest.mark.django_db


def test_the_review_queue_lists_the_case_in_japanese(client, login_as, officer, licence):
    case = revocation_case(licence)
    page = login_as(client, officer).get("/dispositions/").content.decode()
    assert f"第{case.pk}号" in page and "取消（欠格期間1年）" in page and "公安委員会" in page
    assert "revocation" not in page and "commission" not in page.replace("data-", "")


def test_a_notice_too_short_is_refused_on_the_page_naming_the_first_day(client, login_as, officer, licence):
    case = revocation_case(licence)
    login_as(client, officer)
    response = client.post(f"/dispositions/cases/{case.pk}/schedule/", {
        "notice_served": in_days(0).isoformat(), "hearing_date": in_days(5).isoformat(), "place": "試験場"})
    assert response.status_code == 422
    assert f"{wareki(in_days(7))}以降" in response.content.decode()
    case.refresh_from_db()
    assert case.state == CaseState.REVIEW


def test_the_officer_schedules_and_prints_the_notice_the_announcement(client, login_as, officer, licence):
    case = revocation_case(licence)
    login_as(client, officer)
    response = client.post(f"/dispositions/cases/{case.pk}/schedule/", {
        "notice_served": in_days(0).isoformat(), "hearing_date": in_days(7).isoformat(), "place": "運転免許試験場"},
        follow=True)
    assert "期日を通知しました" in response.content.decode()
    hearing = case.hearings.get()
    for paper in ("notice", "announcement"):
        pdf = client.get(f"/dispositions/hearings/{hearing.pk}/{paper}.pdf")
        assert pdf.status_code == 200 and pdf["Content-Type"] == "application/pdf"
    assert AuditEvent.objects.filter(action="dispositions.notice.render").count() == 2
    assert client.get(f"/dispositions/hearings/{hearing.pk}/change.pdf").status_code == 409


def test_the_preparer_with_a_decision_role_is_refused_on_the_page(client, login_as, make_operator, licence,
                                                                  monkeypatch):
    both = make_operator("hyogo_both", ["case_officer", "decision"], "28-001", decision_level="commission")
    case = revocation_case(licence)
    services.propose_disposition(both, case, kind="suspension", days=60)
    response = login_as(client, both).post(f"/dispositions/cases/{case.pk}/decide/", {"reason": ""})
    assert response.status_code == 403 and "職務の分離" in response.content.decode()


def test_the_decision_queue_shows_my_level_and_the_decision_is_made_on_the_case_page(client, login_as, officer,
                                                                                    section_head, licence):
    case = revocation_case(licence)
    services.propose_disposition(officer, case, kind="suspension", days=60)
    login_as(client, section_head)
    assert f"第{case.pk}号" in client.get("/dispositions/decisions/").content.decode()
    response = client.post(f"/dispositions/cases/{case.pk}/decide/", {"reason": "書面審査"}, follow=True)
    assert "処分を決定しました" in response.content.decode() and "免許課長" in response.content.decode()


def test_another_prefecture_cannot_open_the_case(client, login_as, osaka_officer, licence):
    case = revocation_case(licence)
    assert login_as(client, osaka_officer).get(f"/dispositions/cases/{case.pk}/").status_code == 403


def test_the_case_page_takes_a_fixed_number_of_queries(client, login_as, officer, licence,
                                                       django_assert_max_num_queries):
    case = revocation_case(licence)
    scheduled = services.schedule_hearing(officer, case, hearing_date=in_days(7), place="試験場",
                                          notice_served=in_days(0))
    services.reschedule_hearing(officer, scheduled, hearing_date=in_days(9), notice_served=in_days(1), reason="申出")
    login_as(client, officer)
    with django_assert_max_num_queries(17):  # 2 of them the 移送・執行依頼 panel (the 住所地, the hand-offs)
        assert client.get(f"/dispositions/cases/{case.pk}/").status_code == 200


def test_the_decider_sends_a_case_back_on_the_page_and_a_missing_reason_is_named(client, login_as, officer,
                                                                                section_head, licence):
    case = revocation_case(licence)
    services.propose_disposition(officer, case, kind="suspension", days=60)
    login_as(client, section_head)
    assert "審査に差し戻す" in client.get(f"/dispositions/cases/{case.pk}/").content.decode()
    empty = client.post(f"/dispositions/cases/{case.pk}/send-back/", {"reason": ""})
    assert empty.status_code == 422 and "理由" in empty.content.decode()
    done = client.post(f"/dispositions/cases/{case.pk}/send-back/", {"reason": "違反の日時を確認されたい"}, follow=True)
    assert "審査に差し戻しました" in done.content.decode()
    case.refresh_from_db()
    assert case.state == CaseState.REVIEW
