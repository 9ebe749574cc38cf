"""The 受験（登録）票 (規程第4条) as PDF: what it shows (和暦, the examinee number, the tests to take,
an empty photo frame), the audit event, the refusals (another prefecture, a role that does not
register examinees, a sitting that has no ticket), the page's link and the API's PDF answer."""

from urllib.parse import unquote

import pytest
from tests.documents.pdf import pdf_text

from menkyo.audit.models import AuditEvent
from menkyo.core.errors import Conflict, NotFound, NotPermitted
from menkyo.core.wareki import wareki
from menkyo.exams import services
from menkyo.exams.models import Examinee

pytestmark = pytest.mark.django_db


def set_state(examinee, state: str):
    Examinee.objects.filter(pk=examinee.pk).update(state=state)


def test_the_ticket_shows_the_centre_the_day_the_number_the_examinee_and_the_tests(examiner, registered, today,
                                                                                 applicant):
    rendered = services.exam_ticket(examiner, registered.pk)
    text = pdf_text(rendered.pdf)
    for shown in ("受験（登録）票", "受験番号 0001", f"試験日 {wareki(today)}", "試験場 明石運転免許試験場",
                  "フリガナ アカシ ハナコ", "氏名 明石 花子", f"生年月日 {wareki(applicant.birth_date)}",
                  "受験する免許の種類 普通自動車免許", "受験する試験 適性試験・学科試験", "写真"):
        assert shown in text, shown
    assert "技能試験" not in text  # a school graduate is exempt
    assert (rendered.form, rendered.filename) == ("exam_ticket", f"受験票-{today}-0001.pdf")


def test_the_ticket_rendering_is_audited_on_the_examinee(examiner, registered):
    rendered = services.exam_ticket(examiner, registered.pk)
    event = AuditEvent.objects.filter(action="documents.exam_ticket.render").get()
    assert (event.outcome, event.object_type, event.object_id, event.person_id, event.subject_prefecture_code) == (
        "ok", "examinee", str(registered.pk), registered.person_id, "28")
    assert event.detail == {"form": "exam_ticket", "sha256": rendered.sha256, "pages": 1, "legal_basis": "規程第4条"}


def test_a_clerk_who_registers_examinees_prints_the_ticket_and_it_is_reprinted_after_the_pass(clerk, registered):
    assert services.exam_ticket(clerk, registered.pk).pages == 1
    set_state(registered, "passed")
    assert "受験番号 0001" in pdf_text(services.exam_ticket(clerk, registered.pk).pdf)


@pytest.mark.parametrize("state", ["failed", "absent", "stopped", "pass_cancelled"])
def test_a_sitting_ended_otherwise_has_no_ticket(examiner, registered, state):
    set_state(registered, state)
    with pytest.raises(Conflict) as refused:
        services.exam_ticket(examiner, registered.pk)
    assert refused.value.code == "document_not_applicable" and "受験（登録）票は作成できません" in refused.value.message
    assert not AuditEvent.objects.filter(action="documents.exam_ticket.render").exists()


def test_an_osaka_examiner_may_not_print_a_hyogo_ticket_and_the_denial_is_audited(osaka_examiner, registered,
                                                                                  expect_one_denial):
    with expect_one_denial("exams.register_examinee", "documents.exam_ticket.render"), pytest.raises(NotPermitted):
        services.exam_ticket(osaka_examiner, registered.pk)


def test_the_chief_who_does_not_register_examinees_prints_no_ticket(chief, registered, expect_one_denial):
    with expect_one_denial("exams.register_examinee", "documents.exam_ticket.render"), pytest.raises(NotPermitted):
        services.exam_ticket(chief, registered.pk)


def test_an_unknown_examinee_has_no_ticket(examiner):
    with pytest.raises(NotFound):
        services.exam_ticket(examiner, 999_999)


def test_the_api_answers_the_ticket_as_an_inline_pdf(client, login_as, examiner, registered, today,
                                                    django_assert_max_num_queries):
    login_as(client, examiner)
    with django_assert_max_num_queries(11):  # session, operator, examinee, office, audit append (5), session
        response = client.get(f"/api/v1/examinees/{registered.pk}/ticket.pdf")
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    assert response["Cache-Control"] == "no-store"
    disposition = response["Content-Disposition"]
    assert disposition.startswith(f'inline; filename="exam-ticket-{today}-0001.pdf"; filename*=UTF-8\'\'')
    assert unquote(disposition.split("''", 1)[1]) == f"受験票-{today}-0001.pdf"
    assert "受験番号 0001" in pdf_text(response.content)


def test_the_api_refuses_in_json(client, login_as, examiner, osaka_examiner, registered):
    login_as(client, examiner)
    assert client.get("/api/v1/examinees/999999/ticket.pdf").status_code == 404
    set_state(registered, "absent")
    ended = client.get(f"/api/v1/examinees/{registered.pk}/ticket.pdf")
    assert ended.status_code == 409 and ended.json()["error"]["code"] == "document_not_applicable"
    login_as(client, osaka_examiner)
    other = client.get(f"/api/v1/examinees/{registered.pk}/ticket.pdf")
    assert other.status_code == 403 and "自県の受験者のみ扱えます" in other.json()["error"]["message"]


def test_the_examinee_page_links_the_ticket_for_those_who_print_it(client, login_as, examiner, chief, registered):
    login_as(client, examiner)
    assert 'id="ticket-pdf"' in client.get(f"/exams/{registered.pk}/").content.decode()
    response = client.get(f"/exams/{registered.pk}/ticket.pdf")
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    login_as(client, chief)
    assert 'id="ticket-pdf"' not in client.get(f"/exams/{registered.pk}/").content.decode()
    assert client.get(f"/exams/{registered.pk}/ticket.pdf").status_code == 403


def test_the_page_of_a_sitting_without_a_ticket_has_no_link_and_the_url_says_why(client, login_as, examiner,
                                                                                  registered):
    set_state(registered, "failed")
    login_as(client, examiner)
    assert 'id="ticket-pdf"' not in client.get(f"/exams/{registered.pk}/").content.decode()
    response = client.get(f"/exams/{registered.pk}/ticket.pdf")
    assert response.status_code == 409 and "「不合格」の受験者の受験（登録）票は作成できません" in response.content.decode()

