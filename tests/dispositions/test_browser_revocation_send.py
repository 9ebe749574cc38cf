"""Browser: the 特例取得免許取消処分書の送付書 (規程第41条の2の2第3項). The 審査 officer opens a decided 若年 case, finds the
送付書 form under its article, names the station of the person's address and gets the PDF; an empty station is refused
in Japanese; once the case is executed the form is gone. On the server ``make run`` starts; screenshots in
test-results/."""

import pytest
from tests.conftest import server_shell
from tests.dispositions.test_browser_young_revocations import SETUP

pytestmark = pytest.mark.browser


def test_the_send_paper_of_a_decided_young_case_is_made_for_the_station_named(menkyo_server, logged_in_page,
                                                                             screenshot):
    url = menkyo_server["url"]
    case, handover, _ = server_shell(menkyo_server, SETUP)[-3:]
    officer = logged_in_page("browser_officer")
    officer.goto(url + f"/dispositions/young-drivers/{case}/")
    assert "特例取得免許取消処分書の送付書（規程第41条の2の2第3項）" in officer.inner_text("#revocation-send")
    screenshot(officer, "revocation-send-0-form.png")
    action = url + officer.get_attribute("#revocation-send-form", "action")
    token = officer.get_attribute("#revocation-send-form input[name=csrfmiddlewaretoken]", "value")
    headers = {"Referer": officer.url}
    empty = officer.request.post(action, form={"csrfmiddlewaretoken": token, "station": ""}, headers=headers)
    assert empty.status == 422 and "送付先の署を入力してください" in empty.text()
    made = officer.request.post(action, form={"csrfmiddlewaretoken": token, "station": "兵庫県生田警察署"},
                                headers=headers)
    assert made.ok and made.body().startswith(b"%PDF")
    officer.fill("#young-form input[name=handover_date]", handover)
    officer.click("#young-form button[type=submit]")
    officer.wait_for_selector("ul.messages")
    assert officer.inner_text("#young-state") == "執行済" and officer.locator("#revocation-send").count() == 0
    screenshot(officer, "revocation-send-1-executed.png")
