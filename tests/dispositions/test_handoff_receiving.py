"""The receiving side of an 執行依頼 (規程第38条の2第2項) and the sender's 取下げ: 大阪 summons, executes,
records the 停止処分者講習 and sends the 執行依頼処分通知書 and the card back to 兵庫 with the ordinary execution
services; the card's custody follows it; a no-show becomes 執行不能 with a 処分手配 for 大阪's office; 兵庫
withdraws what 大阪 has not accepted; refusals change nothing; the PDF, the API and the pages."""

import pytest
from tests.dispositions.conftest import decided, in_days, revocation_case
from tests.dispositions.test_execution import BATCH, travel

from menkyo.alerts.models import Alert, AlertState
from menkyo.audit.models import AuditEvent
from menkyo.core.errors import Conflict, InvalidInput, NotPermitted
from menkyo.core.permissions import allowed
from menkyo.dispositions import (
    execution,
    handoff_receiving,
    handoff_receiving_papers,
    handoffs,
    services,
)
from menkyo.dispositions.models import CaseState, HandoffFollowUp, HandoffState
from menkyo.registry.models import HistoryEvent, Licence, LicenceStatus

pytestmark = pytest.mark.django_db

OSAKA_PLACE = "大阪府警察本部運転免許課"


@pytest.fixture
def osaka_clerk(make_operator):
    return make_operator("osaka_clerk", ["counter"], "27-001")


def requested(licence, officer, osaka_officer, kind="suspension", days=60, years=None):
    """兵庫's decided disposition of a driver now living in 大阪, its execution requested and accepted."""
    case = decided(licence, kind, days=days, years=years)
    Licence.objects.filter(pk=licence.pk).update(home_prefecture_id="27")
    handoff = handoffs.send_handoff(officer, case, kind="execution")
    handoffs.accept_handoff(osaka_officer, handoff)
    return case, handoff


def test_osaka_summons_executes_and_sends_the_notice_and_the_card_back_to_hyogo(officer, osaka_officer, osaka_clerk,
                                                                             licence):
    case, handoff = requested(licence, officer, osaka_officer)
    summons = execution.summon_for_execution(osaka_officer, case, appear_on=in_days(3), place=OSAKA_PLACE)
    assert (summons.office.code, summons.search_until) == ("27-001", in_days(22))
    assert [h.pk for h in handoff_receiving.requested_executions(osaka_officer)["to_execute"]] == [handoff.pk]
    done = execution.execute_disposition(osaka_clerk, case)
    assert (done.card_handling, done.office_code) == ("held", "27-001")
    assert [h.pk for h in handoff_receiving.requested_executions(osaka_officer)["to_report"]] == [handoff.pk]
    follow_up = handoff_receiving.report_requested_execution(osaka_officer, handoff)
    assert (follow_up.card, follow_up.reported_on, follow_up.reported_by) == ("sent", in_days(0), "osaka_case")
    assert [h.pk for h in handoff_receiving.requested_executions(osaka_officer)["reported"]] == [handoff.pk]
    event = AuditEvent.objects.get(action="dispositions.handoff.report")
    assert (event.detail["card"], event.detail["legal_basis"]) == ("sent", "規程第38条の2第2項")
    assert HistoryEvent.objects.get(event_type="disposition_case.execution_reported").legal_basis == "規程第38条の2第2項"


def test_the_card_sent_back_is_given_back_by_hyogo_and_no_longer_by_osaka(officer, osaka_officer, osaka_clerk, clerk,
                                                                         licence, monkeypatch):
    case, handoff = requested(licence, officer, osaka_officer, days=30)
    execution.execute_disposition(osaka_clerk, case)
    with pytest.raises(NotPermitted):
        execution.release_card(clerk, case)  # the card is still in 大阪
    handoff_receiving.report_requested_execution(osaka_officer, handoff)
    travel(monkeypatch, 30)
    with pytest.raises(NotPermitted) as refused:
        execution.release_card(osaka_clerk, case)
    assert "他の都道府県で保管している免許証" in refused.value.message
    assert execution.release_card(clerk, case).card_released_by == "hyogo_clerk"


def test_osaka_keeps_the_card_for_the_course_records_it_and_gives_the_card_back(officer, osaka_officer, osaka_clerk,
                                                                               clerk, licence, monkeypatch):
    case, handoff = requested(licence, officer, osaka_officer, days=60)
    execution.execute_disposition(osaka_clerk, case)
    with pytest.raises(InvalidInput) as bad:
        handoff_receiving.report_requested_execution(osaka_officer, handoff, keep_card=True, reason=" ")
    assert bad.value.field == "reason" and not HandoffFollowUp.objects.exists()
    kept = handoff_receiving.report_requested_execution(osaka_officer, handoff, keep_card=True,
                                                        reason="停止処分者講習の受講予定（短縮見込み）")
    assert kept.card == "kept"
    travel(monkeypatch, 1)
    shortened = execution.record_course_result(osaka_clerk, case, grade="優", course_ended_on=in_days(1))
    assert shortened.ends_on == in_days(29)
    travel(monkeypatch, 29)
    with pytest.raises(NotPermitted):
        execution.release_card(clerk, case)
    execution.release_card(osaka_clerk, case)
    assert Licence.objects.get(pk=licence.pk).status == LicenceStatus.VALID


def test_reporting_is_refused_before_the_execution_twice_and_for_a_revocations_card(officer, osaka_officer,
                                                                                   osaka_clerk, licence):
    case, handoff = requested(licence, officer, osaka_officer, "revocation", days=None, years=1)
    with pytest.raises(Conflict) as early:
        handoff_receiving.report_requested_execution(osaka_officer, handoff)
    assert early.value.code == "not_executed"
    execution.execute_disposition(osaka_clerk, case)
    handoff.refresh_from_db()
    with pytest.raises(Conflict) as kept:
        handoff_receiving.report_requested_execution(osaka_officer, handoff, keep_card=True, reason="講習")
    assert kept.value.code == "not_held" and not HandoffFollowUp.objects.exists()
    assert handoff_receiving.report_requested_execution(osaka_officer, handoff).card == "sent"
    with pytest.raises(Conflict) as twice:
        handoff_receiving.report_requested_execution(osaka_officer, handoff)
    assert twice.value.code == "already_reported"


def test_only_osakas_case_officer_reports_and_hyogo_may_not(officer, osaka_officer, osaka_clerk, licence):
    case, handoff = requested(licence, officer, osaka_officer)
    execution.execute_disposition(osaka_clerk, case)
    handoff.refresh_from_db()
    for actor in (officer, osaka_clerk):
        with pytest.raises(NotPermitted):
            handoff_receiving.report_requested_execution(actor, handoff)
    assert AuditEvent.objects.filter(action="dispositions.handoff.report", outcome="denied").count() == 2


def test_a_no_show_in_osaka_becomes_unexecutable_with_a_disposition_alert_for_osakas_office(
        officer, osaka_officer, osaka_clerk, licence):
    """規程第38条の2第2項 → 第37条, 第46条第1項: the daily job marks the requested case 執行不能 like any other;
    the 処分手配 is 大阪's (the summoning office and officer), and 大阪's later execution releases it."""
    case, handoff = requested(licence, officer, osaka_officer, "revocation", days=None, years=1)
    execution.summon_for_execution(osaka_officer, case, appear_on=in_days(0), place=OSAKA_PLACE)
    assert execution.search_expired.call(in_days(20).isoformat())["result"]["unexecutable"] == 1
    case.refresh_from_db()
    alert = Alert.objects.get(person=licence.person)
    assert (case.state, alert.prefecture_id, alert.requesting_affiliation.code, alert.case_owner.username) == (
        CaseState.UNEXECUTABLE, "27", "27-001", "osaka_case")
    handoff.refresh_from_db()
    assert handoff.state == HandoffState.ACCEPTED
    assert [h.pk for h in handoff_receiving.requested_executions(osaka_officer)["to_execute"]] == [handoff.pk]
    execution.execute_disposition(osaka_clerk, case)
    alert.refresh_from_db()
    handoff.refresh_from_db()
    assert (alert.state, handoff.state) == (AlertState.RELEASED, HandoffState.EXECUTED)


def test_hyogo_withdraws_a_transfer_osaka_has_not_accepted_and_may_send_it_again(officer, osaka_officer, licence):
    case = revocation_case(licence)
    Licence.objects.filter(pk=licence.pk).update(home_prefecture_id="27")
    handoff = handoffs.send_handoff(officer, case, kind="transfer")
    with pytest.raises(InvalidInput):
        handoff_receiving.withdraw_handoff(officer, handoff, reason="")
    with pytest.raises(NotPermitted) as refused:
        handoff_receiving.withdraw_handoff(osaka_officer, handoff, reason="誤送付")
    assert "他の都道府県が送付した" in refused.value.message
    handoff_receiving.withdraw_handoff(officer, handoff, reason="住所変更の誤り（兵庫県内に居住）")
    handoff.refresh_from_db()
    assert (handoff.state, handoff.follow_up.withdraw_reason) == ("withdrawn", "住所変更の誤り（兵庫県内に居住）")
    withdrawals = AuditEvent.objects.filter(action="dispositions.handoff.withdraw")
    assert (withdrawals.filter(outcome="denied").count(), withdrawals.exclude(outcome="denied").count()) == (1, 1)
    assert HistoryEvent.objects.filter(event_type="disposition_case.handoff_withdrawn").exists()
    with pytest.raises(Conflict) as late:
        handoffs.accept_handoff(osaka_officer, handoff)
    assert late.value.code == "illegal_transition"
    assert [c.pk for c in services.review_queue(officer)] == [case.pk]
    assert handoffs.send_handoff(officer, case, kind="transfer").state == "sent"


def test_an_accepted_execution_request_is_not_withdrawn(officer, osaka_officer, licence):
    _, handoff = requested(licence, officer, osaka_officer)
    with pytest.raises(Conflict) as refused:
        handoff_receiving.withdraw_handoff(officer, handoff, reason="誤り")
    assert refused.value.code == "illegal_transition" and not HandoffFollowUp.objects.exists()


def test_both_sides_print_the_notice_once_executed(officer, osaka_officer, osaka_clerk, licence):
    case, handoff = requested(licence, officer, osaka_officer)
    with pytest.raises(Conflict):
        handoff_receiving_papers.execution_report_notice(osaka_officer, handoff.pk)
    execution.execute_disposition(osaka_clerk, case)
    handoff_receiving.report_requested_execution(osaka_officer, handoff)
    for actor in (officer, osaka_officer):
        rendered = handoff_receiving_papers.execution_report_notice(actor, handoff.pk)
        assert rendered.pdf.startswith(b"%PDF")
    assert AuditEvent.objects.filter(action="dispositions.handoff.report_notice").count() == 2


def test_the_notice_says_who_executed_what_and_where_the_card_went(officer, osaka_officer, osaka_clerk, licence,
                                                                   monkeypatch):
    case, handoff = requested(licence, officer, osaka_officer)
    execution.execute_disposition(osaka_clerk, case)
    handoff_receiving.report_requested_execution(osaka_officer, handoff)
    captured = {}
    monkeypatch.setattr(handoff_receiving_papers, "render_document",
                        lambda actor, form, **kw: captured.setdefault("form", form))
    handoff_receiving_papers.execution_report_notice(officer, handoff.pk)
    form = captured["form"]
    assert (form.addressee, form.sender, form.card, form.case_number) == (
        "兵庫県公安委員会", "大阪府公安委員会", "免許証を依頼元へ送付", case.pk)
    assert form.title == "執行依頼処分通知書" and "から" in form.period


def post(client, url, body):
    return client.post(url, body, content_type="application/json")


def test_the_api_reports_withdraws_and_answers_422_403_404_and_409(client, login_as, officer, osaka_officer,
                                                                  osaka_clerk, make_operator, licence):
    case, handoff = requested(licence, officer, osaka_officer)
    login_as(client, osaka_officer)
    early = post(client, f"/api/v1/disposition-handoffs/{handoff.pk}/report", {})
    assert early.status_code == 409 and early.json()["error"]["code"] == "not_executed"
    execution.execute_disposition(osaka_clerk, case)
    bad = post(client, f"/api/v1/disposition-handoffs/{handoff.pk}/report", {"keep_card": True, "reason": ""})
    assert bad.status_code == 422 and bad.json()["error"]["field"] == "reason"
    listed = client.get("/api/v1/disposition-execution-requests").json()
    assert [r["handoff"]["id"] for r in listed["to_report"]] == [handoff.pk]
    done = post(client, f"/api/v1/disposition-handoffs/{handoff.pk}/report", {"keep_card": False})
    assert done.status_code == 200 and (done.json()["card"], done.json()["handoff"]["state"]) == ("sent", "executed")
    assert client.get(f"/api/v1/disposition-handoffs/{handoff.pk}/report-notice.pdf").content.startswith(b"%PDF")
    client.logout()
    login_as(client, officer)
    assert post(client, f"/api/v1/disposition-handoffs/{handoff.pk}/report", {}).status_code == 403
    login_as(client, make_operator("tokyo_case", ["case_officer"], "13-001"))
    assert client.get(f"/api/v1/disposition-handoffs/{handoff.pk}/report-notice.pdf").status_code == 404


def test_the_api_withdraws_a_hand_off_with_a_reason_only(client, login_as, officer, licence):
    case = revocation_case(licence)
    Licence.objects.filter(pk=licence.pk).update(home_prefecture_id="27")
    handoff = handoffs.send_handoff(officer, case, kind="transfer")
    login_as(client, officer)
    bad = post(client, f"/api/v1/disposition-handoffs/{handoff.pk}/withdraw", {"reason": " "})
    assert bad.status_code == 422 and bad.json()["error"]["field"] == "reason"
    done = post(client, f"/api/v1/disposition-handoffs/{handoff.pk}/withdraw", {"reason": "誤送付"})
    assert done.status_code == 200 and done.json()["state"] == "withdrawn"
    again = post(client, f"/api/v1/disposition-handoffs/{handoff.pk}/withdraw", {"reason": "誤送付"})
    assert again.status_code == 409 and again.json()["error"]["code"] == "illegal_transition"


def test_the_pages_list_the_requests_report_them_and_withdraw_in_japanese(client, login_as, officer, osaka_officer,
                                                                          osaka_clerk, licence):
    case, handoff = requested(licence, officer, osaka_officer)
    login_as(client, osaka_officer)
    page = client.get("/dispositions/handoffs/requests/").content.decode()
    assert "執行するもの" in page and "出頭通知・執行" in page and "第34条から第37条まで" in page
    summons = client.get(f"/dispositions/executions/{case.pk}/").content.decode()
    assert 'id="summon-form"' in summons
    execution.execute_disposition(osaka_clerk, case)
    kept = client.post(f"/dispositions/handoffs/{handoff.pk}/report/", {"keep_card": "on", "reason": ""},
                       follow=True).content.decode()
    assert "本県で返還する理由を入力してください" in kept and not HandoffFollowUp.objects.exists()
    done = client.post(f"/dispositions/handoffs/{handoff.pk}/report/", {}, follow=True).content.decode()
    assert "執行依頼処分通知書の送付を記録しました" in done and "免許証を依頼元へ送付" in done
    client.logout()
    login_as(client, officer)
    sent = client.get("/dispositions/handoffs/").content.decode()
    assert "執行依頼処分通知書" in sent and "免許証を依頼元へ送付" in sent and "sent" not in sent.replace('id="sent-list"', "")


def test_the_sent_list_offers_the_withdrawal_and_shows_its_reason(client, login_as, officer, licence):
    case = revocation_case(licence)
    Licence.objects.filter(pk=licence.pk).update(home_prefecture_id="27")
    handoff = handoffs.send_handoff(officer, case, kind="transfer")
    login_as(client, officer)
    assert "取り下げる" in client.get("/dispositions/handoffs/").content.decode()
    refused = client.post(f"/dispositions/handoffs/{handoff.pk}/withdraw/", {"reason": ""}, follow=True).content.decode()
    assert "取下げの理由を入力してください" in refused
    done = client.post(f"/dispositions/handoffs/{handoff.pk}/withdraw/", {"reason": "住所の誤り"}, follow=True)
    text = done.content.decode()
    assert "取り下げました" in text and "取下げ（住所の誤り）" in text.replace("\n", "").replace("  ", "")


def test_osakas_summons_is_issued_by_osaka_and_the_disposition_paper_by_hyogo(officer, osaka_officer, osaka_clerk,
                                                                            licence, monkeypatch):
    from menkyo.dispositions import papers

    case, _ = requested(licence, officer, osaka_officer)
    execution.summon_for_execution(osaka_officer, case, appear_on=in_days(3), place=OSAKA_PLACE)
    execution.execute_disposition(osaka_clerk, case)
    forms = []
    monkeypatch.setattr(papers, "render_document", lambda actor, form, **kw: forms.append(form))
    papers.execution_paper(osaka_clerk, case, "summons")
    papers.execution_paper(osaka_clerk, case, "disposition")
    assert [f.issuer for f in forms] == ["大阪府公安委員会", "兵庫県公安委員会"]


def test_hyogo_executing_a_case_osaka_marked_unexecutable_releases_osakas_disposition_alert(
        officer, osaka_officer, clerk, make_operator, licence):
    """The person turns up at 兵庫's counter: 兵庫's execution releases the 処分手配 大阪 registered (規程第47条);
    a third prefecture's clerk still may not release it."""
    case, _ = requested(licence, officer, osaka_officer, "revocation", days=None, years=1)
    execution.summon_for_execution(osaka_officer, case, appear_on=in_days(0), place=OSAKA_PLACE)
    execution.unexecutable_due(BATCH, in_days(20))
    alert = Alert.objects.get(person=licence.person)
    assert not allowed(make_operator("tokyo_clerk", ["counter"], "13-001"), "alerts.release_executed_alert", alert)
    case.refresh_from_db()
    execution.execute_disposition(clerk, case)
    alert.refresh_from_db()
    case.refresh_from_db()
    assert (case.state, alert.state, alert.released_by) == (CaseState.EXECUTED, AlertState.RELEASED, "hyogo_clerk")


def test_a_withdrawn_course_notice_hand_off_leaves_the_notice_with_hyogo_to_send_again(officer, osaka_officer, licence):
    from tests.dispositions.test_handoffs import violator_course_notice

    from menkyo.violations.models import CourseNotice

    notice = violator_course_notice(licence)
    Licence.objects.filter(pk=licence.pk).update(home_prefecture_id="27")
    notice = CourseNotice.objects.get(pk=notice.pk)
    handoff = handoffs.send_course_handoff(officer, notice)
    handoff_receiving.withdraw_handoff(officer, handoff, reason="講習の日程調整のため当県で通知")
    notice.refresh_from_db()
    assert (handoff.state, notice.prefecture_id, notice.state) == ("withdrawn", "28", "pending")
    assert HistoryEvent.objects.filter(event_type="course_notice.handoff_withdrawn").exists()
    assert handoffs.send_course_handoff(officer, notice).state == "sent"
