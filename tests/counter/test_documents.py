"""The forms the counter hands out, as PDF (menkyo.documents): the 運転免許申請に対する通知書 of an
application not accepted (規程第58条), the 運転免許申請書 pre-filled with the 質問票, the 領収書 of a
fee — read back as text; each rendering audited; another prefecture refused and audited; a form
that does not apply refused with a Japanese message; the pages' links and the API's PDF answers."""

from datetime import date
from urllib.parse import unquote

import pytest
from django.utils import timezone
from tests.documents.pdf import flat, pdf_text

from menkyo.audit.models import AuditEvent
from menkyo.core.actors import SystemActor
from menkyo.core.errors import Conflict, NotFound, NotPermitted
from menkyo.core.wareki import wareki
from menkyo.counter import services
from menkyo.counter.models import FeePayment
from menkyo.registry.services import register_holder

from .conftest import APPLICATION_DAY

pytestmark = pytest.mark.django_db

DAY_WAREKI = "令和8年11月27日"  # APPLICATION_DAY


def receive(actor, data):
    return services.receive_application(actor, data, received_on=APPLICATION_DAY)


@pytest.fixture
def refused(centre_clerk, new_applicant):
    """A 16-year-old who insisted after the explanation (規程第57条第2項): kept as not accepted."""
    return receive(centre_clerk, {**new_applicant, "birth_date": date(2010, 1, 1), "disadvantage_explained": True})


@pytest.fixture
def accepted(centre_clerk, new_applicant):
    answers = {**new_applicant["questionnaire"], "daytime_sleep": True}
    return receive(centre_clerk, {**new_applicant, "honseki": "京都府", "questionnaire": answers})


@pytest.fixture
def payment(centre_clerk, accepted):
    return services.record_payment(centre_clerk, accepted.pk, procedure_code="provisional_issue", method="stamp",
                                   slip_number="F-0001")


def last_event(action: str) -> AuditEvent:
    return AuditEvent.objects.filter(action=action).order_by("-seq").first()


# --- 運転免許申請に対する通知書 (規程第58条) ------------------------------------------------------------


def test_the_notice_of_an_application_not_accepted_gives_each_reason_with_its_provision(centre_clerk, refused):
    rendered = services.refusal_notice(centre_clerk, refused.pk)
    text = pdf_text(rendered.pdf)
    for shown in ("運転免許申請に対する通知書", "明石 花子　殿", "兵庫県神戸市中央区加納町6丁目5番1号", "兵庫県公安委員会",
                  f"あなたから{DAY_WAREKI}に申請のあった普通自動車仮免許の免許試験の申請については",
                  "受理しないこととしたので通知します", "受験できる年齢に達していません（",
                  "兵庫県公安委員会に対して審査請求", "兵庫県を被告として"):
        assert shown in flat(text) or shown in text, shown
    references = refused.refusal_reasons[0]["reference"].split("; ")  # printed as one list: 道路交通法…、…
    assert flat("、".join(references)) in flat(text)
    assert (rendered.form, rendered.filename) == ("refusal_notice", f"通知書-{APPLICATION_DAY}.pdf")


def test_the_notice_rendering_is_audited_on_the_application_with_its_article(centre_clerk, refused):
    rendered = services.refusal_notice(centre_clerk, refused.pk)
    event = last_event("documents.refusal_notice.render")
    assert (event.outcome, event.object_type, event.object_id, event.person_id, event.subject_prefecture_code) == (
        "ok", "application", str(refused.pk), refused.person_id, "28")
    assert event.detail == {"form": "refusal_notice", "sha256": rendered.sha256, "pages": 1, "legal_basis": "規程第58条"}


def test_an_accepted_application_has_no_notice_and_nothing_is_rendered(centre_clerk, accepted):
    with pytest.raises(Conflict) as refused:
        services.refusal_notice(centre_clerk, accepted.pk)
    assert refused.value.code == "document_not_applicable" and "「受理」" in refused.value.message
    assert not AuditEvent.objects.filter(action="documents.refusal_notice.render").exists()


def test_an_unknown_application_has_no_form():
    with pytest.raises(NotFound):
        services.refusal_notice(SystemActor("test"), 999_999)
    with pytest.raises(NotFound):
        services.fee_receipt(SystemActor("test"), 999_999)


@pytest.mark.parametrize(("make", "rule", "action"), [
    (lambda a, p: services.refusal_notice(*a, p["refused"].pk), "counter.issue_refusal_notice",
     "documents.refusal_notice.render"),
    (lambda a, p: services.application_form(*a, p["accepted"].pk), "counter.view_applications",
     "documents.application_form.render"),
    (lambda a, p: services.fee_receipt(*a, p["payment"].pk), "counter.view_applications", "documents.receipt.render"),
])
def test_an_osaka_clerk_may_not_print_a_hyogo_form_and_the_denial_is_audited(osaka_counter, refused, accepted, payment,
                                                                            expect_one_denial, make, rule, action):
    with expect_one_denial(rule, action), pytest.raises(NotPermitted):
        make((osaka_counter,), {"refused": refused, "accepted": accepted, "payment": payment})


# --- 運転免許申請書 (規則別記様式第12・第12の2) ---------------------------------------------------------


def test_the_application_form_is_pre_filled_with_the_ledger_number_and_the_質問票(centre_clerk, accepted):
    rendered = services.application_form(centre_clerk, accepted.pk)
    text = pdf_text(rendered.pdf)
    for shown in ("運転免許申請書", DAY_WAREKI, "兵庫県公安委員会　殿", "フリガナ アカシ ハナコ", "氏名 明石 花子",
                  f"生年月日 {wareki(date(2008, 4, 2))}", "申請の種別 仮免許", "申請に係る免許の種類 普通自動車仮免許",
                  "現に受けている免許 なし", "受理所属・番号 明石運転免許試験場　20261127-0001",
                  "1年以下の拘禁刑又は30万円以下の罰金"):
        assert shown in text, shown
    assert text.count("■はい") == 1 and text.count("■いいえ") == 4  # the 3rd item answered はい
    assert rendered.filename == "運転免許申請書-20261127-0001.pdf"
    event = last_event("documents.application_form.render")
    assert (event.object_id, event.detail["legal_basis"]) == (str(accepted.pk), "規程第3条")


def test_本籍_is_printed_only_for_roles_that_may_see_it(centre_clerk, make_operator, accepted):
    officer = make_operator("akashi_officer", ["case_officer"], "28-002")
    assert "本籍（国籍等） 京都府" in pdf_text(services.application_form(officer, accepted.pk).pdf)
    for_clerk = pdf_text(services.application_form(centre_clerk, accepted.pk).pdf)
    assert "京都府" not in for_clerk and "本籍（国籍等）" in for_clerk


def test_a_holders_form_names_the_kinds_held_before_the_application(centre_clerk, new_applicant, holder_data):
    licence = register_holder(SystemActor("test"), holder_data)
    application = receive(centre_clerk, {
        "application_type": "additional", "route": "direct", "licence_kind": "大自二", "licence_number": licence.number,
        "questionnaire": new_applicant["questionnaire"], "documents": ["photo", "licence"]})
    text = pdf_text(services.application_form(centre_clerk, application.pk).pdf)
    # 普通 acquired in 2000 is held as 中型（8t限定） since 2007 (the register keeps it as on the card).
    assert f"現に受けている免許 中型（8t限定）（免許証番号 {licence.number}）" in text
    assert "申請の種別 種類の追加" in text and "大型自動二輪車免許" in text


# --- 領収書 ----------------------------------------------------------------------------------------------


def test_the_receipt_of_a_fee_shows_the_fee_the_amount_the_method_and_the_slip(centre_clerk, payment):
    rendered = services.fee_receipt(centre_clerk, payment.pk)
    text = pdf_text(rendered.pdf)
    paid_on = timezone.localdate(payment.paid_at)
    for shown in ("領収書", "No. F-0001", wareki(paid_on), "明石 花子　様", "金　1,100円", "仮免許証の交付 1,100円",
                  "納付方法：証紙", "上記の金額を領収しました。", "明石運転免許試験場"):
        assert shown in text, shown
    assert rendered.filename == f"領収書-{paid_on}-F-0001.pdf"
    event = last_event("documents.receipt.render")
    assert (event.object_type, event.object_id, event.person_id, event.detail["legal_basis"]) == (
        "fee_payment", str(payment.pk), payment.application.person_id, "規程第4条")


def test_a_refund_has_no_receipt(centre_clerk, accepted):
    refund = FeePayment.objects.create(application=accepted, procedure="provisional_issue", label="仮免許証の交付",
                                       amount=-1100, method="cash", slip_number="F-0002", received_by="test")
    with pytest.raises(Conflict) as refused:
        services.fee_receipt(centre_clerk, refund.pk)
    assert refused.value.code == "document_not_applicable" and "領収書を作成しません" in refused.value.message


# --- API ---------------------------------------------------------------------------------------------------


def test_the_api_answers_the_notice_as_an_inline_pdf_that_is_never_cached(client, login_as, centre_clerk, refused,
                                                                         django_assert_max_num_queries):
    login_as(client, centre_clerk)
    with django_assert_max_num_queries(11):  # session, operator, application, office, audit append (5), session
        response = client.get(f"/api/v1/applications/{refused.pk}/refusal-notice.pdf")
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    assert response["Cache-Control"] == "no-store"
    disposition = response["Content-Disposition"]
    assert disposition.startswith(f'inline; filename="refusal-notice-{APPLICATION_DAY}.pdf"; filename*=UTF-8\'\'')
    assert unquote(disposition.split("''", 1)[1]) == f"通知書-{APPLICATION_DAY}.pdf"
    assert "受験できる年齢に達していません" in pdf_text(response.content)


def test_the_api_answers_the_form_and_the_receipt_as_pdf(client, login_as, centre_clerk, accepted, payment,
                                                         django_assert_max_num_queries):
    login_as(client, centre_clerk)
    with django_assert_max_num_queries(12):  # as the notice, and the licence held (none here)
        form = client.get(f"/api/v1/applications/{accepted.pk}/application-form.pdf")
    with django_assert_max_num_queries(11):
        receipt = client.get(f"/api/v1/payments/{payment.pk}/receipt.pdf")
    assert (form.status_code, form["Content-Type"], receipt.status_code, receipt["Content-Type"]) == (
        200, "application/pdf", 200, "application/pdf")
    assert 'filename="application-form-20261127-0001.pdf"' in form["Content-Disposition"]
    assert "領収書" in pdf_text(receipt.content)


def test_the_api_refuses_in_json_a_form_that_does_not_apply_an_unknown_id_and_another_prefecture(
        client, login_as, centre_clerk, osaka_counter, accepted):
    login_as(client, centre_clerk)
    not_applicable = client.get(f"/api/v1/applications/{accepted.pk}/refusal-notice.pdf")
    assert not_applicable.status_code == 409
    assert not_applicable.json()["error"]["code"] == "document_not_applicable"
    assert "受理しなかった申請" in not_applicable.json()["error"]["message"]
    assert client.get("/api/v1/payments/999999/receipt.pdf").status_code == 404
    login_as(client, osaka_counter)
    other = client.get(f"/api/v1/applications/{accepted.pk}/application-form.pdf")
    assert other.status_code == 403 and other.json()["error"]["code"] == "not_permitted"
    assert AuditEvent.objects.filter(action="documents.application_form.render", outcome="denied").count() == 1


# --- pages ---------------------------------------------------------------------------------------------


def test_the_page_of_an_application_not_accepted_links_its_notice_and_its_form(client, login_as, centre_clerk,
                                                                                refused):
    login_as(client, centre_clerk)
    page = client.get(f"/counter/applications/{refused.pk}/").content.decode()
    assert 'id="refusal-notice-pdf"' in page and 'id="application-form-pdf"' in page
    response = client.get(f"/counter/applications/{refused.pk}/refusal-notice.pdf")
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    assert "受理しない" in pdf_text(response.content)


def test_the_page_of_an_accepted_application_links_each_receipt_but_no_notice(client, login_as, centre_clerk,
                                                                              accepted, payment):
    login_as(client, centre_clerk)
    page = client.get(f"/counter/applications/{accepted.pk}/").content.decode()
    assert 'id="refusal-notice-pdf"' not in page and f'id="receipt-pdf-{payment.pk}"' in page
    assert client.get(f"/counter/payments/{payment.pk}/receipt.pdf")["Content-Type"] == "application/pdf"
    refused = client.get(f"/counter/applications/{accepted.pk}/refusal-notice.pdf")
    assert refused.status_code == 409 and "受理しなかった申請について作成します" in refused.content.decode()


def test_another_prefectures_form_is_the_403_page(client, login_as, osaka_counter, accepted):
    login_as(client, osaka_counter)
    response = client.get(f"/counter/applications/{accepted.pk}/application-form.pdf")
    assert response.status_code == 403 and "自県の申請のみ扱えます" in response.content.decode()
