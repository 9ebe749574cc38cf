"""Browser: a station's 照会 operator hears of a death, inquires with 「死亡等」, follows the link to
the 死亡者通報連絡票 (a future date refused first), and a 審査 officer of the licence division
registers the deletion (規程第56条) — the licence reads 死亡等抹消; the reporter could not. A 兵庫 station
reports the death of an 大阪 holder: 大阪's licence division registers it, 兵庫's cannot."""

import pytest
from tests.conftest import BROWSER_PASSWORD, server_shell
from tests.notices.test_browser import a_holder_whose_window_opens_in

from menkyo.rules.dates import months_after

pytestmark = pytest.mark.browser


def test_a_death_reported_after_an_inquiry_is_registered_by_another_officer(menkyo_server, logged_in_page,
                                                                            screenshot):
    from django.utils import timezone

    number = a_holder_whose_window_opens_in(menkyo_server, months_after(timezone.localdate().replace(day=1), 2))
    station = logged_in_page("browser_inquiry")
    station.goto(menkyo_server["url"] + "/inquiry/")
    station.fill("input[name=query]", number)
    station.select_option("select[name=purpose]", "死亡等")
    station.click("main button[type=submit]")
    station.wait_for_selector("#inquiry-result")
    station.click("#death-report-links a")
    assert station.input_value("input[name=licence_number]") == number
    station.select_option("select[name=source]", "family")
    station.fill("input[name=died_on]", "令和20年1月1日")
    station.click("#report-death button[type=submit]")
    assert "死亡日に未来の日付は入力できません" in station.inner_text("#report-death")
    screenshot(station, "deaths-0-refused.png")
    station.fill("input[name=died_on]", timezone.localdate().isoformat())
    station.click("#report-death button[type=submit]")
    station.wait_for_selector("ul.messages")
    assert "を免許課長に通報しました" in station.inner_text("ul.messages")
    assert station.locator("#register-deletion").count() == 0 and station.locator("#own-report").count() == 1
    report_url = station.url
    screenshot(station, "deaths-1-reported.png")

    officer = logged_in_page("browser_officer")
    officer.goto(report_url)
    officer.click("#register-deletion")
    officer.wait_for_selector("ul.messages")
    assert officer.inner_text("#death-state") == "抹消登録済" and "死亡等抹消" in officer.inner_text("#death-report")
    screenshot(officer, "deaths-2-registered.png")


OSAKA_SETUP = f"""
from datetime import date
from menkyo.accounts.models import Operator
from menkyo.core.actors import SystemActor
from menkyo.core.models import Affiliation
from menkyo.registry import services
if not Operator.objects.filter(username="osaka_death_officer").exists():
    op = Operator(username="osaka_death_officer", display_name="大阪 審査", roles=["case_officer"],
                  affiliation=Affiliation.objects.get(code="27-001"))
    op.set_password("{BROWSER_PASSWORD}"); op.save()
licence = services.register_holder(SystemActor("browser-setup"), dict(
    name="難波 次郎", name_kana="ナンバ ジロウ", birth_date=date(1960, 6, 6), sex="1", postal_code="5420076",
    address="大阪府大阪市中央区難波5丁目1番", commission="62", kinds={{"普通": date(1980, 7, 1)}},
    issue_date=date(2024, 6, 1)))
print(licence.number)
"""


def test_a_hyogo_station_reports_an_osaka_holders_death_and_osaka_registers_it(menkyo_server, logged_in_page,
                                                                               screenshot):
    from django.utils import timezone

    number = server_shell(menkyo_server, OSAKA_SETUP)[-1]
    station = logged_in_page("browser_inquiry")
    station.goto(menkyo_server["url"] + "/inquiry/")
    station.fill("input[name=query]", number)
    station.select_option("select[name=purpose]", "死亡等")
    station.click("main button[type=submit]")
    station.wait_for_selector("#inquiry-result")
    station.click("#death-report-links a")
    station.select_option("select[name=source]", "body")
    station.fill("input[name=died_on]", timezone.localdate().isoformat())
    station.click("#report-death button[type=submit]")
    station.wait_for_selector("ul.messages")
    assert "大阪府の免許課長に通報しました" in station.inner_text("ul.messages")
    assert "大阪府の免許課長" in station.inner_text("#death-addressee")
    report_url = station.url
    screenshot(station, "deaths-3-other-prefecture-reported.png")

    hyogo = logged_in_page("browser_officer")  # the reporting prefecture sees it, but does not delete
    hyogo.goto(report_url)
    assert hyogo.locator("#register-deletion").count() == 0

    osaka = logged_in_page("osaka_death_officer")
    osaka.goto(menkyo_server["url"] + "/notices/deaths/?state=reported")
    osaka.click(f"tr:has-text('{number}') a")
    osaka.click("#register-deletion")
    osaka.wait_for_selector("ul.messages")
    assert osaka.inner_text("#death-state") == "抹消登録済"
    screenshot(osaka, "deaths-4-other-prefecture-registered.png")
