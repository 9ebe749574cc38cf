"""The 事務処理票 (規程第13条第2項・第4項) and the 受領書 of a card handed over, as PDF: what they show
(和暦, the slip number, the offices, the fees), the audit event, the refusals (another prefecture, a
slip the job has not, a 受領書 before the hand-over), the job page's links and the API's PDF answers."""

from urllib.parse import unquote

import pytest
from django.utils import timezone
from tests.documents.pdf import pdf_text

from menkyo.audit.models import AuditEvent
from menkyo.cards import services
from menkyo.core.errors import Conflict, InvalidInput, NotFound, NotPermitted
from menkyo.core.wareki import wareki
from menkyo.counter.models import FeePayment

pytestmark = pytest.mark.django_db


@pytest.fixture
def osaka_clerk(make_operator):
    return make_operator("kadoma_counter", ["counter"], "27-002")


@pytest.fixture
def paid(station_job):
    """The fees paid at the station on the application (手数料事務処理票 numbers of their own)."""
    for n, (label, amount) in enumerate([("受験手数料", 2600), ("免許証交付手数料", 2050)], start=1):
        FeePayment.objects.create(application=station_job.application, procedure=f"fee{n}", label=label, amount=amount,
                                  method="stamp", slip_number=f"F-{n:04d}", received_by="test")
    return station_job


@pytest.fixture
def handed_over(ready_centre_job, centre_clerk):
    return services.hand_over_card(centre_clerk, ready_centre_job.pk, signature_confirmed=True)


def slip_text(actor, job, variant: str) -> str:
    return pdf_text(services.processing_slip(actor, job.pk, variant).pdf)


# --- 事務処理票 -------------------------------------------------------------------------------------------


def test_the_request_slip_of_a_station_goes_to_the_centre_with_the_handover_date_and_the_fees(station_clerk, paid):
    text = slip_text(station_clerk, paid, "request")
    for shown in ("運転免許手数料事務処理票（作成依頼用）", f"作成日 {wareki(timezone.localdate())}", "取扱所属 生田警察署",
                  "送付先 明石運転免許試験場", "フリガナ アカシ ハナコ", "氏名 明石 花子", "免許の種類 普通",
                  f"交付予定日 {wareki(paid.handover_date)}", "受験手数料 2,600円", "免許証交付手数料 2,050円",
                  "合計 4,650円", "受領者署名"):
        assert shown in text, shown
    assert text.count(paid.slip_number) == 2  # in the table and under its barcode


def test_the_delivery_slip_comes_back_to_the_station_that_hands_the_card_over(station_clerk, station_job):
    text = slip_text(station_clerk, station_job, "delivery")
    assert "運転免許手数料事務処理票（送付（交付）用）" in text and "送付先 生田警察署" in text
    assert "合計 0円" in text  # no fee recorded on this application


def test_a_centre_issuing_the_same_day_prints_the_plain_fee_slip(centre_clerk, centre_job):
    text = slip_text(centre_clerk, centre_job, "fee")
    assert "運転免許手数料事務処理票\n" in text and "交付予定日 即日交付" in text and "送付先" not in text
    assert "取扱所属 明石運転免許試験場" in text


@pytest.mark.parametrize(("job", "variant", "article"), [
    ("station_job", "request", "規程第13条第4項"), ("station_job", "delivery", "規程第13条第4項"),
    ("centre_job", "fee", "規程第13条第2項"),
])
def test_the_slip_rendering_is_audited_with_the_article_of_its_variant(request, centre_clerk, job, variant, article):
    job = request.getfixturevalue(job)
    rendered = services.processing_slip(centre_clerk, job.pk, variant)
    event = AuditEvent.objects.filter(action="documents.processing_slip.render").get()
    assert (event.object_type, event.object_id, event.person_id, event.detail["legal_basis"]) == (
        "cardjob", str(job.pk), job.person_id, article)
    assert event.detail["sha256"] == rendered.sha256 and rendered.filename == f"事務処理票-{job.slip_number}.pdf"


@pytest.mark.parametrize(("job", "variant", "message"), [
    ("station_job", "fee", "作成依頼用と送付（交付）用です"),
    ("centre_job", "request", "手数料事務処理票のみです"),
    ("centre_job", "delivery", "手数料事務処理票のみです"),
])
def test_a_slip_the_job_has_not_is_refused(request, centre_clerk, job, variant, message):
    job = request.getfixturevalue(job)
    with pytest.raises(Conflict) as refused:
        services.processing_slip(centre_clerk, job.pk, variant)
    assert refused.value.code == "document_not_applicable" and message in refused.value.message
    assert not AuditEvent.objects.filter(action="documents.processing_slip.render").exists()


def test_an_unknown_variant_names_the_field(centre_clerk, centre_job):
    with pytest.raises(InvalidInput) as refused:
        services.processing_slip(centre_clerk, centre_job.pk, "copy")
    assert refused.value.field == "variant"


# --- 受領書 ----------------------------------------------------------------------------------------------


def test_the_receipt_of_a_card_handed_over_names_the_card_the_office_the_day_and_who(centre_clerk, handed_over):
    rendered = services.card_receipt(centre_clerk, handed_over.pk)
    text = pdf_text(rendered.pdf)
    today = timezone.localdate()
    for shown in ("受領書", f"No. {handed_over.slip_number}", "明石運転免許試験場　殿", "下記の運転免許証を受領しました。",
                  f"免許証番号 {handed_over.licence.number}", f"製造番号 {handed_over.card_serial}",
                  f"交付日 {wareki(today)}", f"交付所属・交付者 明石運転免許試験場　{centre_clerk.actor_name}",
                  "受領者氏名 明石 花子", "受領者署名"):
        assert shown in text, shown
    assert rendered.filename == f"受領書-{today}-{handed_over.slip_number}.pdf"
    event = AuditEvent.objects.filter(action="documents.card_receipt.render").get()
    assert (event.object_type, event.object_id, event.person_id, event.detail["legal_basis"]) == (
        "cardjob", str(handed_over.pk), handed_over.person_id, "規程第13条")


def test_there_is_no_receipt_before_the_hand_over(centre_clerk, ready_centre_job):
    with pytest.raises(Conflict) as refused:
        services.card_receipt(centre_clerk, ready_centre_job.pk)
    assert refused.value.code == "document_not_applicable" and "「交付待ち」" in refused.value.message


# --- refusals --------------------------------------------------------------------------------------------


def test_an_osaka_clerk_may_not_print_a_hyogo_slip_or_receipt_and_each_denial_is_audited(osaka_clerk, handed_over,
                                                                                         expect_one_denial):
    with expect_one_denial("cards.view_card_jobs", "documents.processing_slip.render"), pytest.raises(NotPermitted):
        services.processing_slip(osaka_clerk, handed_over.pk, "fee")
    with expect_one_denial("cards.view_card_jobs", "documents.card_receipt.render"), pytest.raises(NotPermitted):
        services.card_receipt(osaka_clerk, handed_over.pk)


def test_an_unknown_job_has_no_slip_and_no_receipt(centre_clerk):
    with pytest.raises(NotFound):
        services.processing_slip(centre_clerk, 999_999, "fee")
    with pytest.raises(NotFound):
        services.card_receipt(centre_clerk, 999_999)


# --- API -------------------------------------------------------------------------------------------------


def test_the_api_answers_a_slip_as_an_inline_pdf(client, login_as, station_clerk, paid, django_assert_max_num_queries):
    login_as(client, station_clerk)
    with django_assert_max_num_queries(12):  # session, operator, job, fees, office, audit append (5), session
        response = client.get(f"/api/v1/card-jobs/{paid.pk}/slip.pdf?variant=delivery")
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    assert response["Cache-Control"] == "no-store"
    disposition = response["Content-Disposition"]
    assert disposition.startswith(f'inline; filename="processing-slip-{paid.slip_number}.pdf"; filename*=UTF-8\'\'')
    assert unquote(disposition.split("''", 1)[1]) == f"事務処理票-{paid.slip_number}.pdf"
    assert "送付（交付）用" in pdf_text(response.content)


def test_the_api_answers_the_receipt_after_the_hand_over(client, login_as, centre_clerk, handed_over,
                                                         django_assert_max_num_queries):
    login_as(client, centre_clerk)
    with django_assert_max_num_queries(12):  # 12: the operators' names, read once a minute (accounts.services.name_of)
        response = client.get(f"/api/v1/card-jobs/{handed_over.pk}/receipt.pdf")
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    assert 'filename="card-receipt-' in response["Content-Disposition"]


def test_the_api_refuses_in_json(client, login_as, centre_clerk, osaka_clerk, centre_job):
    login_as(client, centre_clerk)
    wrong = client.get(f"/api/v1/card-jobs/{centre_job.pk}/slip.pdf?variant=request")
    assert wrong.status_code == 409 and wrong.json()["error"]["code"] == "document_not_applicable"
    for bad in ("?variant=copy", ""):
        assert client.get(f"/api/v1/card-jobs/{centre_job.pk}/slip.pdf{bad}").status_code == 422
    early = client.get(f"/api/v1/card-jobs/{centre_job.pk}/receipt.pdf")
    assert early.status_code == 409 and "交付後に作成します" in early.json()["error"]["message"]
    assert client.get("/api/v1/card-jobs/999999/receipt.pdf").status_code == 404
    login_as(client, osaka_clerk)
    other = client.get(f"/api/v1/card-jobs/{centre_job.pk}/slip.pdf?variant=fee")
    assert other.status_code == 403 and other.json()["error"]["code"] == "not_permitted"


# --- pages -----------------------------------------------------------------------------------------------


def test_a_station_jobs_page_links_its_two_slips_and_no_receipt_yet(client, login_as, station_clerk, station_job):
    login_as(client, station_clerk)
    page = client.get(f"/cards/jobs/{station_job.pk}/").content.decode()
    assert 'id="slip-pdf-request"' in page and 'id="slip-pdf-delivery"' in page
    assert 'id="slip-pdf-fee"' not in page and 'id="card-receipt-pdf"' not in page
    response = client.get(f"/cards/jobs/{station_job.pk}/slip.pdf?variant=request")
    assert response.status_code == 200 and "作成依頼用" in pdf_text(response.content)


def test_a_centre_jobs_page_links_the_fee_slip_and_after_the_hand_over_the_receipt(client, login_as, centre_clerk,
                                                                                  handed_over):
    login_as(client, centre_clerk)
    page = client.get(f"/cards/jobs/{handed_over.pk}/").content.decode()
    assert 'id="slip-pdf-fee"' in page and 'id="card-receipt-pdf"' in page and 'id="slip-pdf-request"' not in page
    response = client.get(f"/cards/jobs/{handed_over.pk}/receipt.pdf")
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"


def test_a_slip_the_job_has_not_or_an_unknown_variant_is_an_error_page(client, login_as, centre_clerk, centre_job):
    login_as(client, centre_clerk)
    wrong = client.get(f"/cards/jobs/{centre_job.pk}/slip.pdf?variant=delivery")
    assert wrong.status_code == 409 and "手数料事務処理票のみです" in wrong.content.decode()
    unknown = client.get(f"/cards/jobs/{centre_job.pk}/slip.pdf")
    assert unknown.status_code == 400 and "事務処理票の種類は" in unknown.content.decode()
