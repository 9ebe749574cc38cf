"""Browser: at the 生田警察署 (28-101) a holder gives the whole licence back (申請による取消し, 規程第41条の3),
and from the cancellation page the clerk takes the application for a 運転経歴証明書 for the same person
(規程第42条): a first try without the identity check is refused next to its field, then the certificate is
made, shown as PDF and handed over with the holder's signature — on the server ``make run`` starts."""

import json

import pytest
from tests.conftest import BROWSER_PASSWORD, server_shell
from tests.documents.pdf import flat, pdf_text

pytestmark = pytest.mark.browser

SETUP = f"""
import json
from datetime import date
from menkyo.accounts.models import Operator
from menkyo.core.actors import SystemActor
from menkyo.core.models import Affiliation
from menkyo.registry.services import register_holder
system = SystemActor("browser-test")
op = Operator(username="keireki_ikuta", display_name="生田 経歴係", roles=["counter"],
              affiliation=Affiliation.objects.get(code="28-101"))
op.set_password("{BROWSER_PASSWORD}"); op.save()
number = register_holder(system, dict(
    name="経歴 太郎", name_kana="ケイレキ タロウ", birth_date=date(1948, 7, 7), sex="1", postal_code="6500001",
    address="兵庫県神戸市中央区加納町6丁目5番1号", honseki="兵庫県", commission="63",
    kinds={{"普通": date(1970, 9, 1)}}, issue_date=date(2025, 6, 1))).number
print(json.dumps({{"number": number}}))
"""


@pytest.fixture(scope="module")
def world(menkyo_server):
    return json.loads(server_shell(menkyo_server, SETUP)[-1])


def test_a_voluntary_return_is_followed_by_a_driving_history_certificate_for_the_same_person(
        menkyo_server, world, logged_in_page, screenshot):
    server, number = menkyo_server, world["number"]
    station = logged_in_page("keireki_ikuta")
    station.goto(f"{server['url']}/registry/licences/{number}/?purpose=窓口事務")
    station.click("#cancel-link")
    station.wait_for_selector("#cancel-form")
    station.check("#cancel-form input[name=scope][value=whole]")
    station.check("input[name=disadvantage_explained]")
    station.fill("#cancel-form textarea[name=reason]", "高齢のため運転をやめる")
    station.click("#cancel-submit")
    station.wait_for_selector("#cancellation-detail")

    station.click("#history-certificate-apply")
    station.wait_for_selector("#apply-form")
    assert "経歴 太郎" in station.inner_text("#applicant-name")
    assert "交付を申請できます" in station.inner_text("#eligibility-answer")
    station.click("#apply-submit")  # the identity document not yet checked against the application
    assert "確認書類と照合してください" in station.inner_text("#apply-form")
    screenshot(station, "keireki-0-refused.png")
    station.check("input[name=identity_confirmed]")
    station.check("input[name=mynumber_record]")
    assert "1,100円" in station.inner_text("#apply-fee")
    station.click("#apply-submit")  # the fee not yet paid: no certificate before the 経歴証明事務処理票
    assert "納付を記録してください" in station.inner_text("#apply-form")
    station.select_option("select[name=payment_method]", "cash")
    station.fill("input[name=slip_number]", "KS-0001")
    station.click("#apply-submit")
    station.wait_for_selector("#certificate-detail")
    assert "運転経歴証明書の交付申請を受理し" in station.inner_text("ul.messages")
    assert "1,100円 納付済" in station.inner_text("ul.messages")
    assert "KS-0001" in station.inner_text("#certificate-fee")
    receipt = station.request.get(server["url"] + station.locator("#certificate-receipt").get_attribute("href"))
    assert receipt.ok and "KS-0001" in flat(pdf_text(receipt.body()))
    assert station.inner_text("#certificate-state") == "作成済（交付待ち）"
    screenshot(station, "keireki-1-made.png")

    link = station.locator("#certificate-pdf")
    response = station.request.get(server["url"] + link.get_attribute("href"))  # with the clerk's session
    assert response.ok and response.headers["content-type"] == "application/pdf"
    text = flat(pdf_text(response.body()))
    assert "運転経歴証明書" in text and "経歴太郎" in text and number in text and "兵庫県公安委員会" in text

    station.click("#hand-over-submit")  # not signed yet
    assert "署名等を受けてから交付してください" in station.inner_text("#action-form")
    station.check("input[name=signature_confirmed]")
    station.click("#action-submit")
    station.wait_for_selector("#certificate-detail")
    assert station.inner_text("#certificate-state") == "交付済"
    screenshot(station, "keireki-2-handed-over.png")
