"""Browser: the receiving side of an 執行依頼 (規程第38条の2第2項) on the server ``make run`` starts;
screenshots in test-results/.

兵庫 decided a 60-day 停止 of a driver now living in 大阪 and asks 大阪 to execute it. 大阪's 審査 officer
accepts it, finds it under 「受けた執行依頼」, summons the driver (出頭通知書, issued by 大阪), 大阪's counter
clerk executes it on the ordinary execution page, and 大阪's officer records the 執行依頼処分通知書 with the
card sent back. 兵庫's 送付したもの shows 執行済, the notice and 「免許証を依頼元へ送付」, and prints the notice."""

from datetime import datetime
from zoneinfo import ZoneInfo

import pytest
from tests.dispositions.test_browser_handoffs import accept, case_of, send

from menkyo.core.wareki import wareki

pytestmark = pytest.mark.browser


def today():
    return datetime.now(ZoneInfo("Asia/Tokyo")).date()


def test_osaka_summons_and_executes_hyogos_suspension_and_hyogo_sees_the_notice_and_the_card(
        menkyo_server, logged_in_page, screenshot):
    url = menkyo_server["url"]
    case = case_of(menkyo_server, "依頼 三郎", "イライ サブロウ", True)
    hyogo = logged_in_page("browser_officer")
    send(hyogo, url, case, "execution")
    osaka = logged_in_page("osaka_officer")
    accept(osaka, "依頼 三郎")

    osaka.click("#execution-requests-link")
    row = osaka.locator("#to-execute-list .request-row", has_text="依頼 三郎")
    assert "兵庫県" in row.inner_text() and "停止" in row.inner_text()
    row.locator("a", has_text="出頭通知・執行").click()
    osaka.fill("#summon-form input[name=appear_on]", today().isoformat())
    osaka.fill("#summon-form input[name=place]", "大阪府警察本部運転免許課")
    osaka.click("#summon-form button[type=submit]")
    osaka.wait_for_selector("ul.messages")
    assert osaka.inner_text("#case-state") == "執行待ち"
    summons = osaka.request.get(url + f"/dispositions/executions/{case}/summons.pdf")
    assert summons.ok and summons.body().startswith(b"%PDF")
    screenshot(osaka, "handoff-c0-summoned-in-osaka.png")

    clerk = logged_in_page("osaka_clerk")
    clerk.goto(url + f"/dispositions/executions/{case}/")
    clerk.click("#execute-form button[type=submit]")
    clerk.wait_for_selector("ul.messages")
    assert clerk.inner_text("#case-state") == "執行済"

    osaka.goto(url + "/dispositions/handoffs/requests/")
    row = osaka.locator("#to-report-list .request-row", has_text="依頼 三郎")
    row.locator("button[type=submit]").click()
    osaka.wait_for_selector("ul.messages")
    assert "執行依頼処分通知書の送付を記録しました" in osaka.inner_text("ul.messages")
    assert "免許証を依頼元へ送付" in osaka.locator("#reported-list .request-row", has_text="依頼 三郎").inner_text()
    screenshot(osaka, "handoff-c1-reported-by-osaka.png")

    hyogo.goto(url + "/dispositions/handoffs/")
    sent = hyogo.locator("#sent-list .handoff-row").filter(has_text="依頼 三郎").first
    text = sent.inner_text()
    assert "執行済" in text and wareki(today()) in text and "免許証を依頼元へ送付" in text
    notice = hyogo.request.get(url + sent.locator("a", has_text="執行依頼処分通知書").get_attribute("href"))
    assert notice.ok and notice.body().startswith(b"%PDF")
    screenshot(hyogo, "handoff-c2-notice-and-card-seen-in-hyogo.png")
