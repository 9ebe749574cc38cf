"""停止中の免許の更新 on the pages and the API (``cards.suspended_renewal``): the job page offers 「停止期間中のため
保管」 instead of the hand-over, a refusal is told on the page (422) and changes nothing, the API keeps the card
and prints the 免許証保管証, and the pages of the intake and the renewal say the licence is suspended."""

import pytest
from tests.cards.test_renewal import aptitude, examiner, pay, receive  # noqa: F401  (fixtures)
from tests.cards.test_suspended_renewal import hyogo_clerk, renewed_card, suspended_ready  # noqa: F401
from tests.dispositions.conftest import decided
from tests.renewals import NO_TO_ALL, renewal_holder

from menkyo.cards.models import CardJob
from menkyo.dispositions import execution

pytestmark = pytest.mark.django_db


def post(client, url, body):
    return client.post(url, body, content_type="application/json")


def test_the_job_page_offers_keeping_instead_of_the_hand_over_and_keeps_the_card(
        client, login_as, centre_clerk, suspended_ready, produce):  # noqa: F811
    _, application, _ = suspended_ready()
    job = renewed_card(centre_clerk, produce, application)
    login_as(client, centre_clerk)
    page = client.get(f"/cards/jobs/{job.pk}/").content.decode()
    assert 'id="keep-form"' in page and 'id="hand-over-form"' not in page and "停止期間中のため保管" in page
    refused = client.post(f"/cards/jobs/{job.pk}/keep/", {"signature_confirmed": "on"})
    assert refused.status_code == 422 and "無効" in refused.content.decode()
    assert CardJob.objects.get(pk=job.pk).state == "ready"
    done = client.post(f"/cards/jobs/{job.pk}/keep/", {"signature_confirmed": "on", "old_card_invalidated": "on"},
                       follow=True).content.decode()
    assert "保管しました" in done and 'id="job-keeping"' in done and 'id="keeping-receipt-pdf"' in done
    pdf = client.get(f"/cards/jobs/{job.pk}/keeping-receipt.pdf")
    assert pdf.status_code == 200 and pdf["Content-Type"] == "application/pdf"


def test_the_api_keeps_the_card_refuses_the_hand_over_and_prints_the_receipt(
        client, login_as, centre_clerk, suspended_ready, produce):  # noqa: F811
    _, application, _ = suspended_ready()
    job = renewed_card(centre_clerk, produce, application)
    login_as(client, centre_clerk)
    handed = post(client, f"/api/v1/card-jobs/{job.pk}/hand-over", {"signature_confirmed": True})
    assert handed.status_code == 409 and handed.json()["error"]["code"] == "suspended_keep"
    missing = post(client, f"/api/v1/card-jobs/{job.pk}/keep", {"signature_confirmed": True})
    assert missing.status_code == 422 and missing.json()["error"]["field"] == "old_card_invalidated"
    kept = post(client, f"/api/v1/card-jobs/{job.pk}/keep", {"signature_confirmed": True,
                                                              "old_card_invalidated": True})
    assert kept.status_code == 200 and kept.json()["state"] == "kept"
    pdf = client.get(f"/api/v1/card-jobs/{job.pk}/keeping-receipt.pdf")
    assert pdf.status_code == 200 and pdf.content.startswith(b"%PDF")


def test_the_renewal_and_application_pages_say_the_licence_is_suspended(
        client, login_as, centre_clerk, suspended_ready):  # noqa: F811
    _, application, _ = suspended_ready()
    login_as(client, centre_clerk)
    renewal_page = client.get(f"/cards/applications/{application.pk}/renew/").content.decode()
    assert 'id="renewal-suspended"' in renewal_page and "停止の終期に返還" in renewal_page
    detail = client.get(f"/counter/applications/{application.pk}/").content.decode()
    assert 'id="renewal-suspended"' in detail


def test_the_intake_of_a_suspended_licence_tells_the_clerk_what_will_happen(
        client, login_as, centre_clerk, hyogo_clerk, holder_data):  # noqa: F811
    licence = renewal_holder(holder_data, age=45)
    execution.execute_disposition(hyogo_clerk, decided(licence, days=30))
    login_as(client, centre_clerk)
    body = {"licence_number": licence.number, "documents": ["licence"],
            **{f"q_{key}": "no" for key in NO_TO_ALL}}
    page = client.post("/counter/renewals/new/", body, follow=True).content.decode()
    assert "効力の停止中です" in page and "保管" in page
