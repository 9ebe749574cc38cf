"""The 前歴通知書 pages and API (規程第21条第2号, 第22条第2号): the 通報 from the 拒否・保留 page in Japanese, a
report without a reason refused on the page with nothing changed, the entry's page and the list, the handing
refused before a licence is being issued, the API's 201/403/409/422 answers, the PDF link. The rules' matrix
is in test_prior_record_permissions.py."""

import pytest
from tests.cards.conftest import centre_clerk, course, make_application, printer, produce  # noqa: F401  (fixtures)
from tests.dispositions.test_applicants import applicant, refusal_case  # noqa: F401  (fixtures)
from tests.dispositions.test_prior_records import REASON, entered, licence_ready  # noqa: F401  (fixtures)

from menkyo.dispositions.models import Case, CaseState, PriorRecordNotice

pytestmark = pytest.mark.django_db
JSON = "application/json"


def test_the_case_officer_reports_from_the_refusal_page_and_lands_on_the_entry(
        client, login_as, applicant, officer):  # noqa: F811
    case = refusal_case(applicant)
    login_as(client, officer)
    page = client.get(f"/dispositions/applicants/{case.pk}/").content.decode()
    assert 'id="prior-record-form"' in page and "拒否等処分ができない理由" in page
    done = client.post(f"/dispositions/applicants/{case.pk}/prior-record/", {"reason": REASON}, follow=True)
    text = done.content.decode()
    assert "拒否等処分ができない者として通報しました" in text and "累積点数15点" in text and "未交付" in text
    assert Case.objects.get(pk=case.pk).state == CaseState.STRUCK_OUT


def test_a_report_without_a_reason_is_refused_on_the_page_and_changes_nothing(
        client, login_as, applicant, officer):  # noqa: F811
    case = refusal_case(applicant)
    login_as(client, officer)
    answer = client.post(f"/dispositions/applicants/{case.pk}/prior-record/", {"reason": ""})
    assert answer.status_code == 422 and "拒否等処分ができない理由を入力してください。" in answer.content.decode()
    assert Case.objects.get(pk=case.pk).state == CaseState.REVIEW and not PriorRecordNotice.objects.exists()


def test_a_counter_clerk_sees_no_report_form_and_is_refused_the_report(
        client, login_as, applicant, clerk):  # noqa: F811
    case = refusal_case(applicant)
    login_as(client, clerk)
    assert client.post(f"/dispositions/applicants/{case.pk}/prior-record/", {"reason": REASON}).status_code == 403
    assert not PriorRecordNotice.objects.exists()


def test_before_a_licence_the_entry_page_offers_no_handing_and_the_post_is_refused(
        client, login_as, entered, clerk):  # noqa: F811
    login_as(client, clerk)
    listed = client.get("/dispositions/prior-records/").content.decode()
    assert f"第{entered.case_id}号" in listed and "免許証の交付前" in listed
    page = client.get(f"/dispositions/prior-records/{entered.pk}/").content.decode()
    assert 'id="hand-form"' not in page and 'id="not-yet"' in page
    answer = client.post(f"/dispositions/prior-records/{entered.pk}/hand/")
    assert answer.status_code == 422 and "交付する免許証" in answer.content.decode()
    assert PriorRecordNotice.objects.get(pk=entered.pk).handed_on is None


def test_with_the_licence_waiting_the_clerk_hands_the_notice_on_the_page(
        client, login_as, entered, licence_ready, clerk):  # noqa: F811
    login_as(client, clerk)
    page = client.get(f"/dispositions/prior-records/{entered.pk}/").content.decode()
    assert 'id="hand-form"' in page and "交付待ち" in page
    done = client.post(f"/dispositions/prior-records/{entered.pk}/hand/", follow=True).content.decode()
    assert "前歴通知書を交付しました" in done and "交付済み" in done
    pdf = client.get(f"/dispositions/prior-records/{entered.pk}/notice.pdf")
    assert pdf.status_code == 200 and pdf["Content-Type"] == "application/pdf"


def test_the_api_reports_lists_and_refuses_what_it_must(
        client, login_as, applicant, officer, clerk, osaka_officer):  # noqa: F811
    case = refusal_case(applicant)
    login_as(client, osaka_officer)
    url = f"/api/v1/applicant-dispositions/{case.pk}/prior-record"
    assert client.post(url, {"reason": REASON}, content_type=JSON).status_code == 403
    client.logout()
    login_as(client, officer)
    blank = client.post(url, {"reason": ""}, content_type=JSON)
    assert blank.status_code == 422 and blank.json()["error"]["field"] == "reason"
    done = client.post(url, {"reason": REASON}, content_type=JSON)
    assert done.status_code == 201 and done.json()["points"] == 15 and done.json()["due"] is False
    again = client.post(url, {"reason": REASON}, content_type=JSON)
    assert again.status_code == 409 and again.json()["error"]["code"] == "case_not_open"
    client.logout()
    login_as(client, clerk)
    notice_id = done.json()["id"]
    assert [n["id"] for n in client.get("/api/v1/prior-record-notices").json()["waiting"]] == [notice_id]
    early = client.post(f"/api/v1/prior-record-notices/{notice_id}/hand", {}, content_type=JSON)
    assert early.status_code == 409 and early.json()["error"]["code"] == "no_licence_issued"
    assert client.get(f"/api/v1/prior-record-notices/{notice_id}/notice.pdf").status_code == 200
