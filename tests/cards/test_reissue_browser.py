"""Browser: at the 生田警察署 (28-101) a holder's damaged card is reissued — accepted at the station, made at
the 明石 試験場 (28-002), sent, and handed over on the 交付予定日 in exchange for the old card (規程第15条
第3項–第5項) —, and another holder gives the whole licence back (申請による取消し, 規程第41条の3) and takes
the 申請取消通知書 as PDF, on the server ``make run`` starts."""

import json
import urllib.request
from datetime import timedelta

import pytest
from tests.conftest import BROWSER_PASSWORD, server_shell
from tests.documents.pdf import flat, pdf_text
from tests.journeys.test_becoming_a_driver import pay_fee, the_handover_day_comes
from tests.photos import upload_photo

from menkyo.core.wareki import wareki
from menkyo.rules.dates import is_closed_day

pytestmark = pytest.mark.browser

SETUP = f"""
import json
from datetime import date
from django.utils import timezone
from menkyo.accounts.models import Operator
from menkyo.accounts.services import register_device
from menkyo.core.actors import SystemActor
from menkyo.core.models import Affiliation
from menkyo.registry.services import register_holder
system = SystemActor("browser-test")
for username, name, office in (("reissue_ikuta", "生田 再交付係", "28-101"), ("reissue_akashi", "明石 作成係", "28-002")):
    op = Operator(username=username, display_name=name, roles=["counter"], affiliation=Affiliation.objects.get(code=office))
    op.set_password("{BROWSER_PASSWORD}"); op.save()
printer = register_device(system, name="reissue-printer", kind="card_printer", affiliation="28-002", roles=[]).token
numbers = []
for name, kana in (("再交 一郎", "サイコウ イチロウ"), ("返納 花子", "ヘンノウ ハナコ")):
    numbers.append(register_holder(system, dict(
        name=name, name_kana=kana, birth_date=date(1950, 4, 4), sex="1", postal_code="6500001",
        address="兵庫県神戸市中央区加納町6丁目5番1号", honseki="兵庫県", commission="63",
        kinds={{"普通": date(1975, 5, 1)}}, issue_date=date(2025, 6, 1))).number)
print(json.dumps({{"printer": printer, "numbers": numbers, "today": timezone.localdate().isoformat()}}))
"""


@pytest.fixture(scope="module")
def world(menkyo_server):
    lines = server_shell(menkyo_server, SETUP)
    return json.loads(lines[-1])


def api(url, token, method="GET", body=None):
    request = urllib.request.Request(url, method=method, data=json.dumps(body).encode() if body else None,
                                     headers={"Authorization": f"Bearer {token}", "Content-Type": "application/json"})
    with urllib.request.urlopen(request, timeout=30) as response:
        return json.loads(response.read())


def licence_page(page, server, number):
    page.goto(f"{server['url']}/registry/licences/{number}/?purpose=窓口事務")
    page.wait_for_selector("[data-testid=licence-number]")


def next_business_day(today: str):
    from datetime import date
    day = date.fromisoformat(today) + timedelta(days=1)
    while is_closed_day(day):
        day += timedelta(days=1)
    return day


def test_a_damaged_card_is_reissued_at_a_station_and_handed_over_later_for_the_old_card(
        menkyo_server, world, logged_in_page, screenshot):
    server, number = menkyo_server, world["numbers"][0]
    station = logged_in_page("reissue_ikuta")
    licence_page(station, server, number)
    station.click("#reissue-link")
    station.wait_for_selector("#reissue-form")
    station.click("#reissue-submit")  # no ground chosen: refused next to the field
    assert "再交付の事由を亡失・盗難・滅失・汚損・破損から選んでください" in station.inner_text("#reissue-form")
    station.select_option("#reissue-form select[name=ground]", "damaged")
    station.fill("#reissue-form textarea[name=reason]", "財布ごと折れて破損")
    station.click("#reissue-submit")
    station.wait_for_selector("#reissue-detail")
    assert "再交付の申請を受理しました" in station.inner_text("ul.messages")
    assert station.inner_text("#reissue-ground") == "破損" and number in station.inner_text("#reissue-number")
    screenshot(station, "reissue-0-received.png")
    application = int(station.url.rstrip("/").rsplit("/", 1)[-1])

    upload_photo(station, server["url"], application)
    pay_fee(station, "reissue", "RE-B-0001")
    station.click("#reissue-page")
    station.wait_for_selector("#reissue-card-form")
    assert "2,600円（納付済）" in station.inner_text("main") and "登録済み" in station.inner_text("#reissue-photo")
    handover = next_business_day(world["today"])
    station.fill("#reissue-card-form input[name=handover_date]", wareki(handover))
    station.click("#reissue-card-submit")
    station.wait_for_selector("#job-detail")
    job_url = station.url
    assert f"交付予定日は{wareki(handover)}です" in station.inner_text("ul.messages")
    screenshot(station, "reissue-1-requested.png")

    pending = api(server["url"] + "/api/v1/card-jobs/pending", world["printer"])
    [card] = [c for c in pending if c["name"] == "再交 一郎"]
    assert card["number"] == number  # a damaged card keeps its number
    api(f"{server['url']}/api/v1/card-jobs/{card['job_id']}/produced", world["printer"], "POST",
        {"card_serial": "RB-000001"})
    centre = logged_in_page("reissue_akashi")
    centre.goto(job_url)
    centre.click("#send")
    centre.wait_for_selector("ul.messages")
    assert centre.inner_text("#job-state") == "送付済（交付所属へ）"

    station.reload()
    station.click("#receive")
    station.wait_for_selector("#hand-over")
    the_handover_day_comes(server, job_url.rstrip("/").rsplit("/", 1)[-1])
    station.goto(job_url)
    station.check("input[name=signature_confirmed]")  # the old card not yet taken back
    station.click("#hand-over")
    assert "旧免許証を回収してから交付してください" in station.inner_text("#hand-over-form")
    screenshot(station, "reissue-2-old-card-first.png")
    station.check("input[name=old_card_collected]")
    station.check("input[name=signature_confirmed]")
    station.click("#hand-over")
    station.wait_for_selector("ul.messages")
    assert station.inner_text("#job-state") == "交付済" and "免許証を交付しました。" in station.inner_text("ul.messages")
    screenshot(station, "reissue-3-handed-over.png")
    station.goto(f"{server['url']}/counter/applications/{application}/")
    assert station.inner_text("#application-state") == "交付済"


def test_a_holder_gives_the_whole_licence_back_and_takes_the_notice(menkyo_server, world, logged_in_page,
                                                                   screenshot):
    server, number = menkyo_server, world["numbers"][1]
    station = logged_in_page("reissue_ikuta")
    licence_page(station, server, number)
    station.click("#cancel-link")
    station.wait_for_selector("#cancel-form")
    station.check("#cancel-form input[name=scope][value=whole]")
    station.click("#cancel-submit")  # the disadvantages not explained yet
    assert "規程第57条" in station.inner_text("#cancel-form")
    station.check("#cancel-form input[name=scope][value=whole]")
    station.check("input[name=disadvantage_explained]")
    station.fill("#cancel-form textarea[name=reason]", "高齢のため運転をやめる")
    screenshot(station, "cancel-0-form.png")
    station.click("#cancel-submit")
    station.wait_for_selector("#cancellation-detail")
    assert "申請による取消しを受理しました" in station.inner_text("ul.messages")
    assert "運転経歴証明書の交付を申請できます" in station.inner_text("#history-certificate")
    screenshot(station, "cancel-1-received.png")

    link = station.locator("#cancellation-notice-pdf")
    response = station.request.get(server["url"] + link.get_attribute("href"))  # with the clerk's session
    assert response.ok and response.headers["content-type"] == "application/pdf"
    text = flat(pdf_text(response.body()))
    assert "申請による運転免許の取消通知書" in text and "返納花子" in text and number in text
    assert "兵庫県公安委員会" in text

    licence_page(station, server, number)
    assert station.inner_text("[data-testid=licence-status]") == "返納"
    assert station.query_selector("#cancel-link") is None and station.query_selector("#reissue-link") is None
