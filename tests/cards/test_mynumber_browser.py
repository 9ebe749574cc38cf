"""Browser: at the 明石 試験場 (28-002) a card holder changes to the マイナ免許証 only (規程第15条の2・第15条の3):
the card is returned and cut, the licence page shows the holding form and the 免許情報記録番号, and an
inquiry by that number finds the holder — on the server ``make run`` starts."""

import json
from datetime import timedelta

import pytest
from tests.conftest import BROWSER_PASSWORD, server_shell

from menkyo.core.wareki import wareki

pytestmark = pytest.mark.browser

SETUP = f"""
import json
from datetime import date
from django.utils import timezone
from menkyo.accounts.models import Operator
from menkyo.core.actors import SystemActor
from menkyo.core.models import Affiliation
from menkyo.registry.services import register_holder
system = SystemActor("browser-test")
op = Operator(username="mynumber_akashi", display_name="明石 マイナ係", roles=["counter"],
              affiliation=Affiliation.objects.get(code="28-002"))
op.set_password("{BROWSER_PASSWORD}"); op.save()
number = register_holder(system, dict(
    name="舞名 一子", name_kana="マイナ イチコ", birth_date=date(1985, 7, 7), sex="2", postal_code="6500001",
    address="兵庫県神戸市中央区加納町6丁目5番1号", honseki="兵庫県", commission="63",
    kinds={{"普通": date(2005, 5, 1)}}, issue_date=date(2025, 6, 1))).number
print(json.dumps({{"number": number, "today": timezone.localdate().isoformat()}}))
"""


@pytest.fixture(scope="module")
def world(menkyo_server):
    lines = server_shell(menkyo_server, SETUP)
    return json.loads(lines[-1])


def test_a_holder_changes_to_the_mynumber_card_only_and_is_found_by_the_record_number(
        menkyo_server, world, logged_in_page, screenshot):
    from datetime import date
    server, number = menkyo_server, world["number"]
    clerk = logged_in_page("mynumber_akashi")
    clerk.goto(f"{server['url']}/registry/licences/{number}/?purpose=窓口事務")
    clerk.click("#mynumber-link")
    clerk.wait_for_selector("#mynumber-record-form")
    assert clerk.inner_text("#mynumber-holding-form") == "免許証"
    card_valid_until = wareki(date.fromisoformat(world["today"]) + timedelta(days=1500))
    clerk.fill("#mynumber-record-form input[name=record-card_valid_until]", card_valid_until)
    clerk.click("#mynumber-record-submit")  # the signature on the 受領書 not confirmed: nothing written
    assert "受領書への署名等を確認してください" in clerk.inner_text("#mynumber-record-form")
    assert clerk.inner_text("#mynumber-record-number") == "—"
    screenshot(clerk, "mynumber-0-signature-missing.png")

    clerk.check("#mynumber-record-form input[name=record-signature_confirmed]")
    assert "1,500円" in clerk.inner_text("#mynumber-record-fee")
    clerk.click("#mynumber-record-submit")  # the fee not paid yet: the record is written only after it
    assert "納付を記録してください" in clerk.inner_text("#mynumber-record-form")
    clerk.select_option("#mynumber-record-form select[name=record-payment_method]", "cash")
    clerk.fill("#mynumber-record-form input[name=record-slip_number]", "MB-0001")
    clerk.check("#mynumber-record-form input[name=record-signature_confirmed]")
    clerk.click("#mynumber-record-submit")
    clerk.wait_for_selector("ul.messages")
    record_number = clerk.inner_text("#mynumber-record-number")
    assert len(record_number) == 12 and f"免許情報記録番号 {record_number}" in clerk.inner_text("ul.messages")
    assert clerk.inner_text("#mynumber-holding-form") == "マイナ免許証"
    procedures = clerk.inner_text("#mynumber-procedures")
    assert "免許証 → マイナ免許証" in procedures and "1,500円" in procedures and "MB-0001" in procedures
    assert clerk.locator("#mynumber-card-form").count() == 1  # a card again is offered
    screenshot(clerk, "mynumber-1-recorded.png")

    clerk.click("#mynumber-licence-link")
    clerk.wait_for_selector("[data-testid=licence-status]")
    main = clerk.inner_text("main")
    assert "マイナ免許証" in main and record_number in main and "返納（裁断により廃棄）" in main
    screenshot(clerk, "mynumber-2-licence-page.png")

    inquiry = logged_in_page("browser_inquiry")
    inquiry.goto(f"{server['url']}/inquiry/")
    inquiry.fill("input[name=query]", record_number)
    inquiry.check("input[name=number_kind][value=record]")
    inquiry.select_option("select[name=purpose]", "交通取締り")
    inquiry.click("main button[type=submit]")
    inquiry.wait_for_selector("#inquiry-result")
    rows = inquiry.locator("#inquiry-result tr.match")
    assert rows.count() == 1 and rows.first.locator("td").all_text_contents()[0] == "舞名 一子"
    screenshot(inquiry, "mynumber-3-inquiry-by-record-number.png")
