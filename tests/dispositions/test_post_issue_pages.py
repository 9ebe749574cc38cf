"""The 事後取消し・事後停止 page and API (規程第41条の4): 「審査」 opens a case from the form and lands on the case's
page; a 停止 over six months is refused on the form with nothing opened; a counter clerk sees no form and is
refused the list; the API answers 201, 422 (``days``), 409 (``case_open``) and 403. The rules' matrix is in
test_prior_record_permissions.py."""

import pytest
from tests.dispositions.test_post_issue import FINDING

from menkyo.dispositions.models import Case

pytestmark = pytest.mark.django_db
JSON = "application/json"


def test_the_officer_opens_a_post_issue_suspension_from_the_page(client, login_as, licence, officer):
    login_as(client, officer)
    page = client.get("/dispositions/post-issue/").content.decode()
    assert 'id="post-issue-form"' in page and "保留の基準" in page
    done = client.post("/dispositions/post-issue/", {"licence_number": licence.number, "standard": "deferral",
                                                     "days": "60", "finding": FINDING}, follow=True)
    text = done.content.decode()
    assert "事後停止の処分事案" in text and "停止（60日）" in text and "弁明の機会の付与" in text
    listed = client.get("/dispositions/post-issue/").content.decode()
    assert "事後停止" in listed and "免許課長" in listed and "suspension" not in listed


def test_a_suspension_over_six_months_is_refused_on_the_form_and_nothing_opens(client, login_as, licence, officer):
    login_as(client, officer)
    answer = client.post("/dispositions/post-issue/", {"licence_number": licence.number, "standard": "deferral",
                                                       "days": "200", "finding": FINDING})
    assert answer.status_code == 422 and "停止の日数は1から180までで入力してください。" in answer.content.decode()
    assert not Case.objects.exists()


def test_a_counter_clerk_is_refused_the_page(client, login_as, clerk):
    login_as(client, clerk)
    assert client.get("/dispositions/post-issue/").status_code == 403


def test_the_api_opens_lists_and_refuses(client, login_as, licence, officer, osaka_officer):
    body = {"licence_number": licence.number, "standard": "refusal", "years": 1, "finding": FINDING}
    login_as(client, osaka_officer)
    assert client.post("/api/v1/post-issue-cases", body, content_type=JSON).status_code == 403
    client.logout()
    login_as(client, officer)
    bad = client.post("/api/v1/post-issue-cases", {**body, "standard": "deferral", "days": 181}, content_type=JSON)
    assert bad.status_code == 422 and bad.json()["error"]["field"] == "days"
    done = client.post("/api/v1/post-issue-cases", body, content_type=JSON)
    assert done.status_code == 201 and (done.json()["kind"], done.json()["authority"]) == ("revocation", "commission")
    again = client.post("/api/v1/post-issue-cases", body, content_type=JSON)
    assert again.status_code == 409 and again.json()["error"]["code"] == "case_open"
    assert [c["case_id"] for c in client.get("/api/v1/post-issue-cases").json()] == [done.json()["case_id"]]
