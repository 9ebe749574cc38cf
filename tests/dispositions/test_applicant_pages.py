"""The 拒否・保留 pages, API and 通知書 (規程第21条–第25条): the list and page in Japanese, the notification
at the counter, a refused step shown on the page with nothing changed, the API's 403/409 answers, the
運転免許拒否・保留処分通知書 with its 欠格期間 in 和暦 (audited). The rules' matrix is in test_permissions.py."""

import pytest
from tests.dispositions.conftest import decided
from tests.dispositions.test_applicants import (  # noqa: F401
    applicant,
    deferral_case,
    refusal_case,
    through_explanation,
)

from menkyo.audit.models import AuditEvent
from menkyo.core.wareki import wareki
from menkyo.dispositions import applicant_papers
from menkyo.dispositions.models import CaseState
from menkyo.documents.rendering import render_html

pytestmark = pytest.mark.django_db


def test_the_list_and_the_page_show_the_decided_refusal_in_japanese_and_the_clerk_notifies(
        client, login_as, applicant, officer, commission, clerk):  # noqa: F811
    case = through_explanation(refusal_case(applicant), officer, commission)
    login_as(client, clerk)
    listed = client.get("/dispositions/applicants/").content.decode()
    assert f"第{case.pk}号" in listed and "拒否（欠格期間1年）" in listed and "refusal" not in listed
    page = client.get(f"/dispositions/applicants/{case.pk}/").content.decode()
    assert 'id="notify-form"' in page and 'id="hold-form"' not in page  # the hold is the licence division's
    done = client.post(f"/dispositions/applicants/{case.pk}/notify/", follow=True).content.decode()
    assert "拒否・保留を通知しました" in done and "欠格期間" in done
    case.refresh_from_db()
    assert case.state == CaseState.EXECUTED


def test_a_report_before_the_deferral_has_ended_is_refused_on_the_page_and_changes_nothing(
        client, login_as, applicant, officer, section_head, clerk):  # noqa: F811
    from menkyo.dispositions import applicants

    case = deferral_case(applicant)
    found = applicants.notify_refusal(clerk, through_explanation(case, officer, section_head))
    login_as(client, clerk)
    answer = client.post(f"/dispositions/applicants/{case.pk}/report-ended/")
    assert answer.status_code == 422 and f"{wareki(found.deferral_ends_on)}まで" in answer.content.decode()
    found.refresh_from_db()
    assert found.ended_reported_on is None


def test_the_api_answers_the_case_refuses_another_prefecture_and_a_second_notification(
        client, login_as, applicant, officer, commission, clerk, make_operator):  # noqa: F811
    case = through_explanation(refusal_case(applicant), officer, commission)
    login_as(client, make_operator("osaka_clerk", ["counter"], "27-001"))
    assert client.post(f"/api/v1/applicant-dispositions/{case.pk}/notify", {}, content_type="application/json"
                       ).status_code == 403
    client.logout()
    login_as(client, clerk)
    done = client.post(f"/api/v1/applicant-dispositions/{case.pk}/notify", {}, content_type="application/json")
    assert done.status_code == 200 and done.json()["state"] == "executed" and done.json()["disqualified_until"]
    again = client.post(f"/api/v1/applicant-dispositions/{case.pk}/notify", {}, content_type="application/json")
    assert again.status_code == 409 and again.json()["error"]["code"] == "illegal_transition"
    pdf = client.get(f"/api/v1/applicant-dispositions/{case.pk}/notice.pdf")
    assert pdf.status_code == 200 and pdf["Content-Type"] == "application/pdf"
    assert AuditEvent.objects.filter(action="dispositions.applicant.paper", object_id=str(case.pk)).exists()


def test_the_api_refuses_a_case_that_is_not_a_refusal_or_deferral(client, login_as, licence, clerk):
    case = decided(licence)
    login_as(client, clerk)
    answer = client.get(f"/api/v1/applicant-dispositions/{case.pk}")
    assert answer.status_code == 409 and answer.json()["error"]["code"] == "not_refusal"


def test_the_notice_prints_the_refusal_and_the_end_of_the_disqualification_in_wareki(
        applicant, officer, commission, clerk):  # noqa: F811
    from menkyo.dispositions import applicants

    case = through_explanation(refusal_case(applicant), officer, commission)
    found = applicants.notify_refusal(clerk, case)
    form = applicant_papers.RefusalNotice(
        refusal=True, issued_on=found.notified_on, issuer="兵庫県公安委員会", prefecture="兵庫県",
        name=case.person.name, address=case.person.address, birth_date=case.person.birth_date,
        disposition=case.decision_ja, reason=case.ground_ja, case_number=case.pk,
        disqualified_until=found.disqualified_until)
    html = render_html(form)
    assert "運転免許拒否・保留処分通知書" in html and f"{wareki(found.disqualified_until)}まで" in html
    assert applicant_papers.refusal_notice(clerk, case).pdf.startswith(b"%PDF")



def test_the_api_lists_the_case_to_notify_and_only_the_licence_division_reports_its_hold(
        client, login_as, applicant, officer, commission, clerk):  # noqa: F811
    case = through_explanation(refusal_case(applicant), officer, commission)
    login_as(client, clerk)
    listed = client.get("/api/v1/applicant-dispositions").json()
    assert [row["case_id"] for row in listed["to_notify"]] == [case.pk] and listed["deferrals_ending"] == []
    refused = client.post(f"/api/v1/applicant-dispositions/{case.pk}/hold")
    assert refused.status_code == 403 and "「審査」" in refused.json()["error"]["message"]
    client.logout()
    login_as(client, officer)
    held = client.post(f"/api/v1/applicant-dispositions/{case.pk}/hold")
    assert held.status_code == 200 and held.json()["issue_hold_active"] is True
