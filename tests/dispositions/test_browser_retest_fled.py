"""Browser: one who fled after failing the 再試験 (規程第41条の2第2項前段). The 審査 officer opens the failed case in
「再試験不合格の取消し」, registering the 初心運転者取消手配 without a reason is refused on the form in Japanese, then it is
registered (active at once); when the person is found the 取消処分書 is handed over on the same page and the 手配 is
released. On the server ``make run`` starts; screenshots in test-results/."""

import pytest
from tests.conftest import server_shell
from tests.dispositions.test_browser_retests import SETUP

pytestmark = pytest.mark.browser

STATE = """from menkyo.alerts.models import Alert
print(Alert.objects.get(kind="novice_revocation").state)"""


def test_the_novice_alert_of_one_who_fled_is_registered_and_released_by_the_execution(menkyo_server, logged_in_page,
                                                                                     screenshot):
    url = menkyo_server["url"]
    case, _ = server_shell(menkyo_server, SETUP)[-2:]
    officer = logged_in_page("browser_officer")
    officer.goto(url + f"/dispositions/retests/{case}/")
    officer.fill("#fled-form input[name=reason]", " ")
    officer.click("#fled-form button[type=submit]")
    officer.wait_for_url("**/fled/")
    refusal = officer.inner_text("#fled-form .errorlist")
    screenshot(officer, "retest-fled-0-no-reason-refused.png")
    officer.fill("#fled-form input[name=reason]", "不合格の告知後に試験場から立ち去った")
    officer.click("#fled-form button[type=submit]")
    officer.wait_for_selector("#revocation-alert")
    assert "初心運転者取消手配" in officer.inner_text("#revocation-alert")
    assert "登録済" in officer.inner_text("#revocation-alert") and refusal.strip()
    screenshot(officer, "retest-fled-1-alert.png")
    officer.click("#retest-form button[type=submit]")
    officer.wait_for_selector("#retest-paper")
    assert officer.inner_text("#retest-state") == "執行済"
    screenshot(officer, "retest-fled-2-executed.png")
    assert server_shell(menkyo_server, STATE)[-1] == "released"
