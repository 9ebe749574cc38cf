"""移送 (規程第38条) and 執行依頼 (第38条の2) between 兵庫 and 大阪: the case of a driver who now lives in 大阪
sent by 兵庫's 審査, accepted (the case becomes 大阪's) or returned with a reason; a decided 停止 whose
execution 大阪 accepts and executes at its counter, the result back on 兵庫's list; refusals with nothing
written; both queues; the 送付書 PDF; the API; the pages."""

import pytest
from django.db import connection
from tests.dispositions.conftest import decided, revocation_case
from tests.violations.conftest import JUNE, MARCH, OCTOBER, SYSTEM, report

from menkyo.audit.models import AuditEvent
from menkyo.core.errors import Conflict, InvalidInput, NotFound, NotPermitted
from menkyo.dispositions import execution, handoff_papers, handoffs, services
from menkyo.dispositions.models import Case, CaseState, Handoff, HandoffState
from menkyo.registry.models import Licence, LicenceStatus
from menkyo.violations import services as violations
from menkyo.violations.models import CourseNotice

pytestmark = pytest.mark.django_db


def moved_to_osaka(licence):
    """The driver's address (and so the licence's home commission) is now 大阪 (第38条第2項)."""
    Licence.objects.filter(pk=licence.pk).update(home_prefecture_id="27")


@pytest.fixture
def osaka_clerk(make_operator):
    return make_operator("osaka_clerk", ["counter"], "27-001")


@pytest.fixture
def tokyo_officer(make_operator):
    return make_operator("tokyo_case", ["case_officer"], "13-001")


def test_hyogo_sends_a_transfer_and_osaka_accepts_it_so_the_case_is_osakas(officer, osaka_officer, licence):
    case = revocation_case(licence)
    moved_to_osaka(licence)
    handoff = handoffs.send_handoff(officer, case, kind="transfer", note="住所変更（大阪市）")
    assert (handoff.state, handoff.from_prefecture_id, handoff.to_prefecture_id) == ("sent", "28", "27")
    assert AuditEvent.objects.filter(action="dispositions.handoff.send", object_id=str(handoff.pk)).exists()
    handoffs.accept_handoff(osaka_officer, handoff)
    case.refresh_from_db()
    assert (handoff.state, case.prefecture_id, case.state) == ("accepted", "27", CaseState.REVIEW)
    assert [c.pk for c in services.review_queue(osaka_officer)] == [case.pk]
    assert services.review_queue(officer) == []
    with pytest.raises(NotPermitted):
        services.propose_disposition(officer, case, kind="suspension", days=60)
    services.propose_disposition(osaka_officer, case, kind="suspension", days=60)
    kinds = list(licence.person.history.values_list("event_type", flat=True))
    assert "disposition_case.handoff_sent" in kinds and "disposition_case.handoff_accepted" in kinds


def test_a_driver_living_in_the_cases_prefecture_is_not_sent_and_nothing_is_written(officer, licence):
    case = revocation_case(licence)
    with pytest.raises(Conflict) as refused:
        handoffs.send_handoff(officer, case, kind="transfer")
    assert refused.value.code == "own_prefecture_driver" and not Handoff.objects.exists()


def test_an_unknown_kind_and_a_second_hand_off_are_refused(officer, licence):
    case = revocation_case(licence)
    moved_to_osaka(licence)
    with pytest.raises(InvalidInput) as bad:
        handoffs.send_handoff(officer, case, kind="move")
    assert bad.value.field == "kind"
    handoffs.send_handoff(officer, case, kind="transfer")
    with pytest.raises(Conflict) as twice:
        handoffs.send_handoff(officer, case, kind="transfer")
    assert twice.value.code == "handoff_open" and Handoff.objects.count() == 1


def test_the_sending_side_may_not_accept_and_a_third_prefecture_does_not_see_it(officer, tokyo_officer, licence):
    case = revocation_case(licence)
    moved_to_osaka(licence)
    handoff = handoffs.send_handoff(officer, case, kind="transfer")
    with pytest.raises(NotPermitted):
        handoffs.accept_handoff(officer, handoff)
    with pytest.raises(NotFound):
        handoffs.load_handoff(tokyo_officer, handoff.pk)
    assert Handoff.objects.get().state == "sent"


def test_osaka_returns_with_a_reason_and_hyogo_may_send_again(officer, osaka_officer, licence):
    case = revocation_case(licence)
    moved_to_osaka(licence)
    handoff = handoffs.send_handoff(officer, case, kind="transfer")
    with pytest.raises(InvalidInput) as missing:
        handoffs.return_handoff(osaka_officer, handoff, reason=" ")
    assert missing.value.field == "reason" and Handoff.objects.get().state == "sent"
    handoffs.return_handoff(osaka_officer, handoff, reason="当府に住所なし（住民票で確認）")
    case.refresh_from_db()
    assert (handoff.state, case.prefecture_id) == ("returned", "28")
    assert handoffs.send_handoff(officer, case, kind="transfer").state == "sent"


def test_an_execution_request_needs_a_decided_disposition(officer, licence):
    case = revocation_case(licence)
    moved_to_osaka(licence)
    with pytest.raises(Conflict) as refused:
        handoffs.send_handoff(officer, case, kind="execution")
    assert refused.value.code == "illegal_state"


def test_osaka_executes_the_requested_suspension_and_hyogo_sees_the_day(officer, osaka_officer, osaka_clerk, licence):
    case = decided(licence)
    moved_to_osaka(licence)
    handoff = handoffs.send_handoff(officer, case, kind="execution")
    with pytest.raises(NotPermitted):
        execution.execute_disposition(osaka_clerk, case)  # not yet accepted
    handoffs.accept_handoff(osaka_officer, handoff)
    assert [h.pk for h in handoffs.handoff_queues(osaka_officer)["received"]] == [handoff.pk]
    done = execution.execute_disposition(osaka_clerk, case)
    case.refresh_from_db()
    handoff.refresh_from_db()
    assert (case.state, case.prefecture_id, done.office_code) == (CaseState.EXECUTED, "28", "27-001")
    assert (handoff.state, handoff.executed_on) == (HandoffState.EXECUTED, done.executed_on)
    assert Licence.objects.get(pk=licence.pk).status == LicenceStatus.SUSPENDED
    sent = handoffs.handoff_queues(officer)["sent"]
    assert [(h.pk, h.state) for h in sent] == [(handoff.pk, "executed")]
    assert handoffs.handoff_queues(osaka_officer)["received"] == []


def test_an_accepted_transfer_of_a_case_closed_meanwhile_is_refused(officer, osaka_officer, commission, licence):
    case = revocation_case(licence)
    moved_to_osaka(licence)
    handoff = handoffs.send_handoff(officer, case, kind="transfer")
    Case.objects.filter(pk=case.pk).update(state=CaseState.STRUCK_OUT)
    with pytest.raises(Conflict) as refused:
        handoffs.accept_handoff(osaka_officer, Handoff.objects.get(pk=handoff.pk))
    assert refused.value.code == "case_closed" and Handoff.objects.get().state == "sent"


def test_both_sides_print_the_letter_in_japanese(officer, osaka_officer, licence):
    from menkyo.documents.rendering import render_html

    case = decided(licence)
    moved_to_osaka(licence)
    handoff = handoffs.send_handoff(officer, case, kind="execution")
    for actor in (officer, osaka_officer):
        assert handoff_papers.handoff_letter(actor, handoff.pk).pdf.startswith(b"%PDF")
    case.refresh_from_db()
    form = handoff_papers.HandoffLetter(
        kind="execution", number=handoff.pk, subject_number=str(case.pk), sent_on=handoff.sent_on, addressee="大阪府公安委員会",
        sender="兵庫県公安委員会", name="試験 太郎", address="大阪市", birth_date=licence.person.birth_date,
        disposition=case.decision_ja, state="決定", note="")
    html = render_html(form)
    assert "処分決定通知書・処分執行依頼書" in html and "大阪府公安委員会" in html and "停止（60日）" in html
    assert AuditEvent.objects.filter(action="dispositions.handoff.letter").count() == 2


def post(client, url, body):
    return client.post(url, body, content_type="application/json")


def test_the_api_sends_accepts_and_answers_422_403_and_404(client, login_as, officer, osaka_officer, tokyo_officer,
                                                           licence):
    case = revocation_case(licence)
    moved_to_osaka(licence)
    login_as(client, officer)
    bad = post(client, f"/api/v1/disposition-cases/{case.pk}/handoffs", {"kind": "move"})
    assert bad.status_code == 422 and bad.json()["error"]["field"] == "kind"
    sent = post(client, f"/api/v1/disposition-cases/{case.pk}/handoffs", {"kind": "transfer", "note": ""})
    assert sent.status_code == 201 and sent.json()["to_prefecture"] == "27"
    number = sent.json()["id"]
    assert post(client, f"/api/v1/disposition-handoffs/{number}/accept", {}).status_code == 403
    client.logout()
    login_as(client, tokyo_officer)
    assert client.get(f"/api/v1/disposition-handoffs/{number}").status_code == 404
    client.logout()
    login_as(client, osaka_officer)
    assert [h["id"] for h in client.get("/api/v1/disposition-handoffs").json()["received"]] == [number]
    accepted = post(client, f"/api/v1/disposition-handoffs/{number}/accept", {"reason": ""})
    assert accepted.status_code == 200 and accepted.json()["state"] == "accepted"
    again = post(client, f"/api/v1/disposition-handoffs/{number}/return", {"reason": "誤送付"})
    assert again.status_code == 409 and again.json()["error"]["code"] == "illegal_transition"
    assert client.get(f"/api/v1/disposition-handoffs/{number}/letter.pdf").content.startswith(b"%PDF")


def test_the_pages_send_from_the_case_and_accept_from_the_queue_in_japanese(client, login_as, officer, osaka_officer,
                                                                            licence):
    case = revocation_case(licence)
    moved_to_osaka(licence)
    login_as(client, officer)
    page = client.get(f"/dispositions/cases/{case.pk}/").content.decode()
    assert 'id="handoff-form"' in page and "大阪府公安委員会へ送付する" in page
    done = client.post(f"/dispositions/cases/{case.pk}/handoff/", {"kind": "execution", "note": ""},
                       follow=True).content.decode()
    assert "執行依頼できるのは決定した処分で執行前のもの" in done and not Handoff.objects.exists()
    client.post(f"/dispositions/cases/{case.pk}/handoff/", {"kind": "transfer", "note": "住所変更"})
    client.logout()
    login_as(client, osaka_officer)
    queue = client.get("/dispositions/handoffs/").content.decode()
    assert "送付を受けたもの" in queue and "移送（行政処分関係書類送付書）" in queue and "transfer" not in queue.replace(
        'value="transfer"', "")
    handoff = Handoff.objects.get()
    answer = client.post(f"/dispositions/handoffs/{handoff.pk}/return/", {"reason": ""}, follow=True).content.decode()
    assert "「返戻」の理由を入力してください" in answer or "返戻の理由を入力してください" in answer
    assert "受理しました" in client.post(f"/dispositions/handoffs/{handoff.pk}/accept/", {"reason": ""},
                                     follow=True).content.decode()
    assert f"第{case.pk}号" in client.get("/dispositions/").content.decode()


def violator_course_notice(licence):
    """Three minor violations (6 points): a 違反者講習 notice of 兵庫, 未通知."""
    for code, day in (("signal_red", MARCH), ("stop_sign", JUNE), ("speeding_20_25", OCTOBER)):
        violations.register_violation(SYSTEM, **report(licence, code, day), office_code="28-001")
    return CourseNotice.objects.get(person=licence.person)


def test_a_violator_course_notice_is_sent_to_osaka_which_then_holds_it(officer, osaka_officer, licence):
    notice = violator_course_notice(licence)
    with pytest.raises(Conflict) as home:
        handoffs.send_course_handoff(officer, notice)
    assert home.value.code == "own_prefecture_driver"
    moved_to_osaka(licence)
    notice = CourseNotice.objects.get(pk=notice.pk)
    handoff = handoffs.send_course_handoff(officer, notice, note="住所変更")
    assert (handoff.kind, handoff.to_prefecture_id, handoff.subject_ja) == ("course", "27", "違反者講習")
    with pytest.raises(Conflict) as twice:
        handoffs.send_course_handoff(officer, notice)
    assert twice.value.code == "handoff_open"
    assert handoff_papers.handoff_letter(osaka_officer, handoff.pk).pdf.startswith(b"%PDF")
    handoffs.accept_handoff(osaka_officer, handoff)
    notice.refresh_from_db()
    assert (handoff.state, notice.prefecture_id, notice.state) == ("accepted", "27", "pending")


def test_a_course_notice_already_sent_is_not_handed_off(officer, licence):
    notice = violator_course_notice(licence)
    moved_to_osaka(licence)
    CourseNotice.objects.filter(pk=notice.pk).update(state="sent")
    notice.refresh_from_db()
    with pytest.raises(Conflict) as refused:
        handoffs.send_course_handoff(officer, notice)
    assert refused.value.code == "illegal_state" and not Handoff.objects.exists()


def test_the_api_sends_a_course_notice_and_osaka_lists_it(client, login_as, officer, osaka_officer, licence):
    notice = violator_course_notice(licence)
    moved_to_osaka(licence)
    sent = post(login_as(client, officer), f"/api/v1/course-notices/{notice.pk}/handoffs", {"reason": "住所変更"})
    assert sent.status_code == 201 and (sent.json()["kind"], sent.json()["course_notice_id"]) == ("course", notice.pk)
    client.logout()
    page = login_as(client, osaka_officer).get("/dispositions/handoffs/").content.decode()
    assert "違反者講習の移送（違反者講習関係書類送付書）" in page and "通知を開く" not in page  # 受理待ち: the buttons


@pytest.mark.skipif(connection.vendor != "postgresql", reason="row locks are PostgreSQL's")
def test_on_postgresql_sending_locks_the_case_and_accepting_the_hand_off_and_no_shared_row(officer, osaka_officer,
                                                                                          licence, locked_tables):
    """Two officers sending the same case at once: the second waits on the case's row, then finds the
    hand-off open (handoff_open); two accepting: the second finds it 受理 (illegal_transition)."""
    case = revocation_case(licence)
    moved_to_osaka(licence)
    sent = []
    locked = locked_tables(lambda: sent.append(handoffs.send_handoff(officer, case, kind="transfer")))
    assert "dispositions_case" in locked and not locked & {"core_prefecture", "core_affiliation", "accounts_operator"}
    locked = locked_tables(lambda: handoffs.accept_handoff(osaka_officer, sent[0]))
    assert "dispositions_handoff" in locked and not locked & {"core_prefecture", "core_affiliation"}
    with pytest.raises(Conflict) as caught:
        handoffs.accept_handoff(osaka_officer, Handoff.objects.get(pk=sent[0].pk))
    assert caught.value.code == "illegal_transition"
