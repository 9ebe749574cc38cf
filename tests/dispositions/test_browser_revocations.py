"""Browser: 仮免許の取消し (規程第41条). A station's 審査 officer reports a 仮免許 holder who meets the 取消基準
(仮運転免許取消事案発生通報書) — a wrong number first, refused on the form in Japanese; the 免許課長 (a 決定
operator of the 免許課長 level) finds it in the list and decides to revoke; the counter clerk prints the
仮運転免許取消し処分通知書 (PDF), records the 弁明調書 and the 仮免許証 returned, and the 仮免許 is 取消 in the
register. On the server ``make run`` starts; screenshots in test-results/."""

import pytest
from tests.conftest import OVERSIGHT_TOTP_KEYS, log_in_with_second_factor, server_shell

pytestmark = pytest.mark.browser

SETUP = """
from datetime import date, timedelta
from django.utils import timezone
from menkyo.core.actors import SystemActor
from menkyo.registry import services
system = SystemActor("browser-setup")
licence = services.register_holder(system, {
    "name": "仮取 太郎", "name_kana": "カリトリ タロウ", "birth_date": date(1990, 2, 3), "sex": "1",
    "postal_code": "6500011", "address": "兵庫県神戸市中央区下山手通5丁目4番1号", "commission": "63",
    "kinds": {"普通": date(2010, 8, 1)}, "issue_date": date(2024, 8, 1)})
provisional = services.register_provisional_licence(system, licence.person_id, "大型仮",
                                                    issue_date=timezone.localdate() - timedelta(days=20))
print(provisional.number)
"""
STATUS = ("from menkyo.registry.models import ProvisionalLicence\n"
          "print(ProvisionalLicence.objects.get(number={!r}).get_status_display())")


def report(page, number):
    page.fill("#report-form input[name=provisional_number]", number)
    page.fill("#report-form input[name=occurred_on]", "令和8年11月20日")
    page.fill("#report-form textarea[name=ground]", "指導者を同乗させずに大型自動車を運転した")
    page.fill("#report-form textarea[name=summary]", "国道2号で単独運転を現認")
    page.click("#report-form button[type=submit]")


def test_a_provisional_licence_is_reported_decided_and_revoked_when_the_notice_is_handed_over(
        menkyo_server, chromium, logged_in_page, screenshot):
    url = menkyo_server["url"]
    number = server_shell(menkyo_server, SETUP)[-1]
    officer = logged_in_page("browser_officer")
    officer.goto(url + "/dispositions/provisional-licences/")
    officer.click("#report-link")
    report(officer, "123")
    assert "12桁" in officer.inner_text("#report-form")
    screenshot(officer, "revocation-1-bad-number.png")
    report(officer, number)
    officer.wait_for_selector("ul.messages")
    assert officer.inner_text("#revocation-state") == "通報済（審査中）"
    assert "有効" in officer.inner_text("#provisional-status")
    detail = officer.url

    chief = log_in_with_second_factor(chromium, menkyo_server, "browser_chief", OVERSIGHT_TOTP_KEYS["browser_chief"])
    chief.goto(url + "/dispositions/provisional-licences/")
    chief.locator("#reported-list .revocation-row", has_text="仮取 太郎").locator("a").click()
    chief.check("#decide-form input[name=revoke][value='1']")
    chief.fill("#decide-form textarea[name=reason]", "取消基準に該当する")
    chief.click("#decide-form button[type=submit]")
    chief.wait_for_selector("ul.messages")
    assert "取消し決定" in chief.inner_text("#revocation-state")
    assert "免許課長" in chief.inner_text("#revocation-decision")
    screenshot(chief, "revocation-2-decided.png")

    counter = logged_in_page("browser_counter")
    counter.goto(detail)
    notice = counter.request.get(url + counter.get_attribute("#notice-paper", "href"))
    assert notice.ok and notice.body().startswith(b"%PDF")
    counter.fill("#serve-form textarea[name=explanation]", "急いでいたので単独で運転した")
    counter.click("#serve-form button[type=submit]")
    counter.wait_for_selector("ul.messages")
    assert counter.inner_text("#revocation-state") == "取消済（通知書交付）"
    assert "取消" in counter.inner_text("#provisional-status")
    screenshot(counter, "revocation-3-served.png")
    assert server_shell(menkyo_server, STATUS.format(number))[-1] == "取消"
