"""Browser: at the 明石 試験場 (28-002) a card holder changes to the マイナ免許証 only on the licence's マイナ免許証
page (規程第15条の2・第15条の3), then notifies a change of address (規程第14条): no 裏書 (there is no card), but
the record on the My Number card waits to be rewritten, and the counter rewrites it after the signature
on the 受領書 — on the server ``make run`` starts."""

import json
from datetime import date, timedelta

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
op = Operator(username="between_akashi", display_name="明石 変更係", roles=["counter"],
              affiliation=Affiliation.objects.get(code="28-002"))
op.set_password("{BROWSER_PASSWORD}"); op.save()
licence = register_holder(SystemActor("browser-test"), dict(
    name="転居 二郎", name_kana="テンキョ ジロウ", birth_date=date(1979, 9, 9), sex="1", postal_code="6500001",
    address="兵庫県神戸市中央区加納町6丁目5番1号", honseki="兵庫県", commission="63",
    kinds={{"普通": date(2000, 5, 1)}}, issue_date=date(2025, 6, 1)))
print(json.dumps({{"number": licence.number, "licence": licence.pk, "person": licence.person_id,
                  "today": timezone.localdate().isoformat()}}))
"""


@pytest.fixture(scope="module")
def world(menkyo_server):
    lines = server_shell(menkyo_server, SETUP)
    return json.loads(lines[-1])


def test_a_change_to_mynumber_only_then_a_move_and_the_record_rewritten_at_the_counter(
        menkyo_server, world, logged_in_page, screenshot):
    server = menkyo_server["url"]
    valid_until = wareki(date.fromisoformat(world["today"]) + timedelta(days=1500))
    clerk = logged_in_page("between_akashi")

    clerk.goto(f"{server}/cards/licences/{world['licence']}/mynumber/")
    clerk.wait_for_selector("#mynumber-record-form")
    clerk.check("#mynumber-record-form input[name=record-keep_card][value=no]")
    clerk.fill("#mynumber-record-form input[name=record-card_valid_until]", valid_until)
    clerk.check("#mynumber-record-form input[name=record-signature_confirmed]")
    clerk.select_option("#mynumber-record-form select[name=record-payment_method]", "cash")
    clerk.fill("#mynumber-record-form input[name=record-slip_number]", "BW-0001")
    clerk.click("#mynumber-record-submit")
    clerk.wait_for_selector("ul.messages")
    assert clerk.inner_text("#mynumber-holding-form") == "マイナ免許証"
    assert "免許証 → マイナ免許証" in clerk.inner_text("#mynumber-procedures")
    screenshot(clerk, "between-0-mynumber-only.png")

    clerk.goto(f"{server}/registry/persons/{world['person']}/particulars/")
    clerk.fill("input[name=address]", "兵庫県神戸市中央区加納町6丁目5番2号")
    clerk.fill("[name=reason]", "運転免許証記載事項変更届（転居）")
    clerk.click("main form button[type=submit]")
    clerk.wait_for_selector("ul.messages")
    assert "記載事項の変更を登録しました" in clerk.inner_text("ul.messages")

    clerk.goto(f"{server}/cards/licences/{world['licence']}/mynumber/")
    assert "記録事項の変更の届出（住所）：書換え待ち" in clerk.inner_text("#mynumber-rewrites")
    clerk.goto(f"{server}/cards/mynumber-rewrites/")
    row = clerk.locator(".rewrite-row", has_text="転居 二郎")
    assert "記録事項の変更の届出" in row.inner_text() and "住所" in row.inner_text()
    screenshot(clerk, "between-1-rewrites.png")
    row.locator("a").click()
    clerk.wait_for_selector("#rewrite-form")
    clerk.fill("#rewrite-form input[name=card_valid_until]", valid_until)
    clerk.click("#rewrite-submit")  # the signature on the 受領書 not confirmed: nothing written
    assert "受領書への署名等を確認してください" in clerk.inner_text("#rewrite-form")
    assert clerk.inner_text("#rewrite-state") == "書換え待ち"
    clerk.check("#rewrite-form input[name=signature_confirmed]")
    clerk.click("#rewrite-submit")
    clerk.wait_for_selector("ul.messages")
    assert "免許情報記録を書き換えました" in clerk.inner_text("ul.messages")
    assert clerk.inner_text("#rewrite-state").startswith("書換え済") and "明石" in clerk.inner_text("#rewrite-state")
    assert clerk.locator("#rewrite-form").count() == 0
    screenshot(clerk, "between-2-rewritten.png")

    clerk.goto(f"{server}/cards/endorsements/")  # a マイナ免許証 only holder has no card to endorse
    assert "転居 二郎" not in clerk.inner_text("#endorsement-list")
