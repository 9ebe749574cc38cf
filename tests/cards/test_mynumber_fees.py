"""The fees of the マイナ免許証 procedures (規程第15条の2第2項・第4項: the 手数料事務処理票 signed before the
record is written or the card requested): the amount of rules.fees on the day, the payment recorded with
the procedure, refused unpaid or on a slip already used, and the 領収書 (PDF) of what was paid."""

from datetime import date, timedelta

import pytest
from django.utils import timezone
from tests.documents.pdf import flat, pdf_text
from tests.payments import paid
from tests.photos import stored_photo

from menkyo.audit.models import AuditEvent
from menkyo.cards import mynumber
from menkyo.cards.models import MynumberProcedure
from menkyo.core.errors import Conflict, InvalidInput, NotPermitted
from menkyo.counter.models import Application, FeePayment
from menkyo.registry import services as registry
from menkyo.registry.models import Licence

pytestmark = pytest.mark.django_db


@pytest.fixture
def licence(system, holder_data):
    licence = registry.register_holder(system, dict(holder_data, issue_date=date(2025, 6, 1)))
    Licence.objects.filter(pk=licence.pk).update(photo=stored_photo(licence.person))
    return Licence.objects.get(pk=licence.pk)


def record(actor, licence, **payment):
    return mynumber.record_on_mynumber_card(actor, licence.pk, keep_card=False, signature_confirmed=True,
                                            card_valid_until=timezone.localdate() + timedelta(days=900), **payment)


def test_recording_takes_the_fee_first_and_keeps_how_it_was_paid(centre_clerk, licence):
    entry = record(centre_clerk, licence, payment_method="stamp", slip_number="MY-0001")
    assert (entry.fee_procedure, entry.fee_amount, entry.fee_method, entry.fee_slip_number) == (
        "mynumber_record", 1500, "stamp", "MY-0001")
    event = AuditEvent.objects.get(action="cards.mynumber.record")
    assert (event.detail["fee"], event.detail["method"], event.detail["fee_status"]) == (1500, "stamp", "derived")


@pytest.mark.parametrize(("payment", "field"), [
    ({}, "slip_number"),
    ({"payment_method": "cash"}, "slip_number"),
    ({"payment_method": "gold", "slip_number": "MY-1"}, "payment_method"),
    ({"payment_method": "cash", "slip_number": "番号"}, "slip_number"),
    ({"payment_method": "cash", "slip_number": "X" * 21}, "slip_number"),
])
def test_an_unpaid_or_badly_entered_fee_is_refused_on_its_field_and_nothing_is_written(centre_clerk, licence,
                                                                                       payment, field):
    with pytest.raises(InvalidInput) as refused:
        record(centre_clerk, licence, **payment)
    assert refused.value.field == field
    assert not MynumberProcedure.objects.exists() and Licence.objects.get(pk=licence.pk).holding_form == "card"


def test_the_unpaid_refusal_names_the_fee_and_its_amount(centre_clerk, licence):
    with pytest.raises(InvalidInput) as refused:
        record(centre_clerk, licence)
    assert refused.value.code == "fee_unpaid" and "1,500円" in refused.value.message


def test_a_slip_already_used_here_or_by_a_counter_payment_is_refused(centre_clerk, licence, system, holder_data):
    record(centre_clerk, licence, payment_method="cash", slip_number="MY-0002")
    mynumber.report_mynumber_card_lost(centre_clerk, licence.pk)
    with pytest.raises(InvalidInput) as refused:
        mynumber.move_mynumber_record(centre_clerk, licence.pk, card_valid_until=timezone.localdate() + timedelta(days=900),
                                      signature_confirmed=True, payment_method="cash", slip_number="MY-0002")
    assert refused.value.code == "duplicate" and MynumberProcedure.objects.count() == 2
    other = registry.register_holder(system, dict(holder_data, name="神戸 次郎", name_kana="コウベ ジロウ",
                                                  issue_date=date(2025, 6, 1)))
    application = Application.objects.create(office=centre_clerk.affiliation, prefecture_id="28",
                                             person=other.person, application_type="reissue", received_on=date(2026, 1, 5),
                                             received_by="x", licence_kind_id="普通")
    FeePayment.objects.create(application=application, procedure="reissue", label="再交付", amount=2250,
                              method="cash", slip_number="CT-0001", received_by="x")
    with pytest.raises(InvalidInput, match="既に使われています"):
        record(centre_clerk, other, payment_method="cash", slip_number="CT-0001")


def test_a_card_again_takes_its_fee_first(centre_clerk, licence):
    record(centre_clerk, licence, **paid())
    with pytest.raises(InvalidInput) as refused:
        mynumber.request_card_for_mynumber_holder(centre_clerk, licence.pk)
    assert refused.value.field == "slip_number"
    entry = mynumber.request_card_for_mynumber_holder(centre_clerk, licence.pk, **paid())
    assert entry.fee_procedure == "reissue" and entry.fee_amount > 0 and entry.fee_slip_number


def test_free_procedures_take_no_payment(centre_clerk, licence):
    record(centre_clerk, licence, **paid())
    lost = mynumber.report_mynumber_card_lost(centre_clerk, licence.pk)
    assert (lost.fee_amount, lost.fee_method, lost.fee_slip_number) == (0, "", "")
    with pytest.raises(Conflict) as refused:
        mynumber.mynumber_fee_receipt(centre_clerk, lost.pk)
    assert refused.value.code == "document_not_applicable"


def test_the_receipt_names_the_fee_the_amount_the_slip_and_the_payer(centre_clerk, licence):
    entry = record(centre_clerk, licence, payment_method="cash", slip_number="MY-0003")
    rendered = mynumber.mynumber_fee_receipt(centre_clerk, entry.pk)
    text = flat(pdf_text(rendered.pdf))
    assert "領収書" in text and "1,500" in text and "MY-0003" in text and "現金" in text
    assert flat(licence.person.name) in text and "特定免許情報の記録" in text
    assert AuditEvent.objects.filter(action="documents.receipt.render", object_id=str(entry.pk)).exists()


def test_another_prefecture_may_not_print_the_receipt(centre_clerk, licence, make_operator, expect_one_denial):
    entry = record(centre_clerk, licence, **paid())
    osaka = make_operator("osaka_counter", ["counter"], "27-001")
    with expect_one_denial("cards.handle_mynumber_licence", "documents.receipt.render"), pytest.raises(NotPermitted):
        mynumber.mynumber_fee_receipt(osaka, entry.pk)


def test_the_page_shows_the_fee_and_links_the_receipt(client, login_as, centre_clerk, licence):
    entry = record(centre_clerk, licence, payment_method="cash", slip_number="MY-0004")
    login_as(client, centre_clerk)
    body = client.get(f"/cards/licences/{licence.pk}/mynumber/").content.decode()
    assert 'id="mynumber-card-fee"' in body and "国の標準額" in body
    assert f'href="/cards/mynumber-procedures/{entry.pk}/receipt.pdf"' in body and "MY-0004" in body
    response = client.get(f"/cards/mynumber-procedures/{entry.pk}/receipt.pdf")
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"


def test_the_api_returns_the_payment_and_the_receipt(client, login_as, centre_clerk, licence):
    login_as(client, centre_clerk)
    body = {"card_valid_until": (timezone.localdate() + timedelta(days=900)).isoformat(), "signature_confirmed": True}
    refused = client.post(f"/api/v1/licences/{licence.pk}/mynumber/record", body, content_type="application/json")
    assert refused.status_code == 422 and refused.json()["error"]["field"] == "slip_number"
    answer = client.post(f"/api/v1/licences/{licence.pk}/mynumber/record",
                         {**body, "payment_method": "cashless", "slip_number": "MY-0005"}, content_type="application/json")
    assert answer.status_code == 201 and (answer.json()["fee_method"], answer.json()["slip_number"]) == (
        "cashless", "MY-0005")
    receipt = client.get(f"/api/v1/mynumber-procedures/{answer.json()['id']}/receipt.pdf")
    assert receipt.status_code == 200 and receipt["Content-Type"] == "application/pdf"
