"""The マイナ免許証 様式 as PDFs (規程第15条の2–第15条の4; counter-facts §4): the 申請書・届・申出書 each
procedure is received on, pre-filled from the register and the 申請（届出）簿 entry, and the 受領書 signed
before the 特定免許情報 is recorded — linked from the マイナ免許証 page, audited, refused elsewhere."""

from datetime import date, timedelta

import pytest
from django.utils import timezone
from tests.documents.pdf import flat, pdf_text
from tests.payments import paid
from tests.photos import stored_photo

from menkyo.audit.models import AuditEvent
from menkyo.cards import mynumber
from menkyo.core.errors import Conflict, NotPermitted
from menkyo.core.wareki import wareki
from menkyo.registry import services as registry
from menkyo.registry.models import Licence

pytestmark = pytest.mark.django_db


@pytest.fixture
def licence(system, holder_data):
    licence = registry.register_holder(system, dict(holder_data, issue_date=date(2025, 6, 1)))
    Licence.objects.filter(pk=licence.pk).update(photo=stored_photo(licence.person))
    return Licence.objects.get(pk=licence.pk)


def valid_card():
    return timezone.localdate() + timedelta(days=900)


def recorded(clerk, licence, *, keep_card=True):
    return mynumber.record_on_mynumber_card(clerk, licence.pk, keep_card=keep_card, card_valid_until=valid_card(),
                                            signature_confirmed=True, payment_method="cash", slip_number="MF-0001")


def text_of(rendered) -> str:
    return flat(pdf_text(rendered.pdf))


def test_the_record_application_is_prefilled_for_the_signature(centre_clerk, licence):
    entry = recorded(centre_clerk, licence)
    text = text_of(mynumber.mynumber_form(centre_clerk, entry.pk))
    person = licence.person
    assert "特定免許情報記録申請書" in text and "規則別記様式第17の2" in text
    assert flat(person.name) in text and licence.number in text and entry.ledger_number in text
    assert Licence.objects.get(pk=licence.pk).mynumber_record_number in text
    assert "保有形態免許証→免許証及びマイナ免許証" in text
    assert flat(wareki(valid_card())) in text and "1,500" in text and "MF-0001" in text
    assert "申請者署名" in text and "個人番号カードへの特定免許情報の記録を申請します" in text
    event = AuditEvent.objects.get(action="documents.mynumber_application.render")
    assert event.object_id == str(entry.pk) and licence.number not in str(event.detail)


def test_each_procedure_prints_the_form_it_was_received_on(centre_clerk, licence):
    titles = {}
    entry = recorded(centre_clerk, licence)
    titles[entry.kind] = entry
    for step in (mynumber.report_mynumber_card_lost, mynumber.report_mynumber_card_found,
                 mynumber.return_licence_card):
        made = step(centre_clerk, licence.pk)
        titles[made.kind] = made
    moved = mynumber.move_mynumber_record(centre_clerk, licence.pk, card_valid_until=valid_card(),
                                          signature_confirmed=True, **paid())
    card = mynumber.request_card_for_mynumber_holder(centre_clerk, licence.pk, **paid())
    titles.update({moved.kind: moved, card.kind: card})
    expected = {"record": ("特定免許情報記録申請書", "規則別記様式第17の2"),
                "loss": ("免許等保有状況変更申出書（紛失等）", "細則様式第63号の2"),
                "found": ("免許等保有状況変更申出書（発見）", "細則様式第63号の2"),
                "card_return": ("運転免許証返納届", "規則別記様式第17の3"),
                "move": ("特定免許情報記録申請書", "新しい個人番号カードへの記録"),
                "card_issue": ("運転免許証交付申請書", "規則別記様式第17の5")}
    for kind, (title, detail) in expected.items():
        rendered = mynumber.mynumber_form(centre_clerk, titles[kind].pk)
        text = text_of(rendered)
        assert title in text and detail in text, kind
        assert rendered.filename.startswith(title)


def test_the_erase_notification_names_the_number_it_ends(centre_clerk, licence):
    recorded(centre_clerk, licence)
    number = Licence.objects.get(pk=licence.pk).mynumber_record_number
    erased = mynumber.erase_mynumber_record(centre_clerk, licence.pk)
    text = text_of(mynumber.mynumber_form(centre_clerk, erased.pk))
    assert "免許情報記録抹消届" in text and number in text and "手数料なし" in text


def test_the_receipt_is_for_a_record_and_a_record_on_a_new_card_only(centre_clerk, licence):
    entry = recorded(centre_clerk, licence, keep_card=False)
    rendered = mynumber.mynumber_receipt(centre_clerk, entry.pk)
    text = text_of(rendered)
    assert "受領書（特定免許情報の記録）" in text and "受領者署名" in text and entry.ledger_number in text
    assert Licence.objects.get(pk=licence.pk).mynumber_record_number in text and flat(licence.person.name) in text
    assert AuditEvent.objects.filter(action="documents.mynumber_receipt.render", outcome="ok").count() == 1
    lost = mynumber.report_mynumber_card_lost(centre_clerk, licence.pk)
    with pytest.raises(Conflict) as refused:
        mynumber.mynumber_receipt(centre_clerk, lost.pk)
    assert refused.value.code == "document_not_applicable"


def test_another_prefecture_may_not_print_them(centre_clerk, licence, make_operator, expect_one_denial):
    entry = recorded(centre_clerk, licence)
    osaka = make_operator("osaka_counter", ["counter"], "27-001")
    with expect_one_denial("cards.handle_mynumber_licence", "documents.mynumber_application.render"), \
            pytest.raises(NotPermitted):
        mynumber.mynumber_form(osaka, entry.pk)


def test_the_page_links_the_forms_and_the_api_serves_them(client, login_as, centre_clerk, licence):
    entry = recorded(centre_clerk, licence)
    lost = mynumber.report_mynumber_card_lost(centre_clerk, licence.pk)
    login_as(client, centre_clerk)
    page = client.get(f"/cards/licences/{licence.pk}/mynumber/").content.decode()
    assert f'href="/cards/mynumber-procedures/{entry.pk}/form.pdf"' in page
    assert f'href="/cards/mynumber-procedures/{entry.pk}/record-receipt.pdf"' in page
    assert f'href="/cards/mynumber-procedures/{lost.pk}/record-receipt.pdf"' not in page
    for url in (f"/cards/mynumber-procedures/{lost.pk}/form.pdf", f"/api/v1/mynumber-procedures/{entry.pk}/form.pdf",
                f"/api/v1/mynumber-procedures/{entry.pk}/record-receipt.pdf"):
        response = client.get(url)
        assert response.status_code == 200 and response["Content-Type"] == "application/pdf", url
    assert client.get(f"/api/v1/mynumber-procedures/{lost.pk}/record-receipt.pdf").status_code == 409
    assert client.get("/api/v1/mynumber-procedures/999999/form.pdf").status_code == 404
