"""The fee of a 運転経歴証明書 (規程第42条: entered in the 経歴証明事務処理票 when the application is
received): the amount of rules.fees on the day, paid before the certificate is made (first issue and
reissue), refused unpaid or on a used slip, and the 領収書 (PDF) of what was paid."""

import pytest
from tests.documents.pdf import flat, pdf_text
from tests.driving_history.conftest import apply
from tests.payments import paid

from menkyo.audit.models import AuditEvent
from menkyo.core.errors import Conflict, InvalidInput, NotPermitted
from menkyo.driving_history import services
from menkyo.driving_history.models import Certificate

pytestmark = pytest.mark.django_db


def test_the_fee_is_paid_when_the_application_is_received_and_kept_on_the_certificate(centre_clerk, cancelled):
    made = apply(centre_clerk, cancelled.person_id, payment_method="stamp", slip_number="DH-0001")
    assert (made.fee, made.fee_method, made.fee_slip_number) == (1100, "stamp", "DH-0001")
    event = AuditEvent.objects.get(action="driving_history.certificate.receive")
    assert (event.detail["fee"], event.detail["method"], event.detail["fee_status"]) == (1100, "stamp", "derived")


@pytest.mark.parametrize(("payment", "field"), [
    ({"payment_method": "", "slip_number": ""}, "slip_number"),
    ({"payment_method": "cash", "slip_number": ""}, "slip_number"),
    ({"payment_method": "card", "slip_number": "DH-9"}, "payment_method"),
    ({"payment_method": "cash", "slip_number": "ＤＨ－１"}, "slip_number"),
])
def test_an_unpaid_fee_is_refused_on_its_field_and_no_certificate_is_made(centre_clerk, cancelled, payment, field):
    with pytest.raises(InvalidInput) as refused:
        apply(centre_clerk, cancelled.person_id, **payment)
    assert refused.value.field == field and not Certificate.objects.exists()


def test_the_unpaid_refusal_names_the_amount(centre_clerk, cancelled):
    with pytest.raises(InvalidInput) as refused:
        apply(centre_clerk, cancelled.person_id, payment_method="", slip_number="")
    assert refused.value.code == "fee_unpaid" and "1,100円" in refused.value.message


def test_a_reissue_takes_its_fee_first_on_a_slip_not_used_before(centre_clerk, issued):
    with pytest.raises(InvalidInput) as refused:
        services.reissue_certificate(centre_clerk, issued.pk, ground="lost", identity_document="住民票の写し",
                                     reason="紛失")
    assert refused.value.field == "slip_number" and Certificate.objects.get(pk=issued.pk).state == "issued"
    with pytest.raises(InvalidInput) as duplicate:
        services.reissue_certificate(centre_clerk, issued.pk, ground="lost", identity_document="住民票の写し",
                                     reason="紛失", payment_method="cash", slip_number=issued.fee_slip_number)
    assert duplicate.value.code == "duplicate" and Certificate.objects.count() == 1
    new = services.reissue_certificate(centre_clerk, issued.pk, ground="lost", identity_document="住民票の写し",
                                       reason="紛失", **paid("DH"))
    assert new.fee == 1100 and new.fee_slip_number != issued.fee_slip_number


def test_the_receipt_names_the_fee_the_amount_and_the_slip(centre_clerk, cancelled):
    made = apply(centre_clerk, cancelled.person_id, payment_method="cash", slip_number="DH-0002")
    text = flat(pdf_text(services.certificate_fee_receipt(centre_clerk, made.pk).pdf))
    assert "領収書" in text and "1,100" in text and "DH-0002" in text and "運転経歴証明書" in text
    assert flat(made.name) in text
    assert AuditEvent.objects.filter(action="documents.receipt.render", object_id=str(made.pk)).exists()


def test_a_certificate_without_a_recorded_payment_has_no_receipt(centre_clerk, made):
    Certificate.objects.filter(pk=made.pk).update(fee_slip_number="", fee_method="")
    with pytest.raises(Conflict):
        services.certificate_fee_receipt(centre_clerk, made.pk)


def test_another_prefecture_may_not_print_the_receipt(made, make_operator, expect_one_denial):
    osaka = make_operator("osaka_counter", ["counter"], "27-001")
    with expect_one_denial("driving_history.issue_certificate", "documents.receipt.render"), pytest.raises(NotPermitted):
        services.certificate_fee_receipt(osaka, made.pk)


def test_the_pages_show_the_fee_before_and_the_receipt_after(client, login_as, centre_clerk, cancelled):
    login_as(client, centre_clerk)
    form = client.get(f"/driving-history/persons/{cancelled.person_id}/apply/").content.decode()
    assert 'id="apply-fee"' in form and "1,100円" in form and "経歴証明事務処理票番号" in form
    refused = client.post(f"/driving-history/persons/{cancelled.person_id}/apply/",
                          {"identity_document": "住民票の写し", "identity_confirmed": "on", "reason": "交付申請"})
    assert refused.status_code == 422 and "納付を記録してください" in refused.content.decode()
    made = apply(centre_clerk, cancelled.person_id, payment_method="cash", slip_number="DH-0003")
    page = client.get(f"/driving-history/certificates/{made.pk}/").content.decode()
    assert "DH-0003" in page and f'href="/driving-history/certificates/{made.pk}/receipt.pdf"' in page
    assert client.get(f"/driving-history/certificates/{made.pk}/receipt.pdf")["Content-Type"] == "application/pdf"


def test_the_api_returns_the_payment_and_the_receipt(client, login_as, centre_clerk, made):
    login_as(client, centre_clerk)
    body = client.get(f"/api/v1/driving-history-certificates/{made.pk}").json()
    assert (body["fee_method"], body["slip_number"]) == ("cash", made.fee_slip_number)
    receipt = client.get(f"/api/v1/driving-history-certificates/{made.pk}/receipt.pdf")
    assert receipt.status_code == 200 and receipt["Content-Type"] == "application/pdf"
