"""Browser tests on the production server that ``make run`` starts (``menkyo serve``, gunicorn).

Debian chromium (headless, Playwright) logs in as a counter clerk, looks a
licence up (a wrong check digit first), opens it, and registers a change of
address — the request that failed with a 500 on every real server until the
postal-code lookup stopped sharing one SQLite connection between threads.
"""

import pytest

pytestmark = pytest.mark.browser


def test_counter_logs_in_and_opens_a_licence(menkyo_server, logged_in_page, screenshot):
    page = logged_in_page("browser_counter")
    assert "窓口 花子" in page.content()

    page.goto(menkyo_server["url"] + "/registry/lookup/")
    number = menkyo_server["number"]
    wrong = number[:10] + str((int(number[10]) + 1) % 10) + number[11]
    page.fill("input[name=number]", wrong)
    page.select_option("select[name=purpose]", "窓口事務")
    page.click("main button[type=submit]")
    page.wait_for_selector("main .errorlist")
    assert "チェックデジット" in page.text_content("main .errorlist")

    page.fill("input[name=number]", number)
    page.click("main button[type=submit]")
    page.wait_for_selector("[data-testid=licence-number]")
    assert page.text_content("[data-testid=licence-number]") == number
    assert page.text_content("[data-testid=person-name]").strip() == "神戸 一郎"
    assert page.text_content("[data-testid=licence-status]") == "有効"
    assert "平成7年7月1日" in page.content()  # 普通 acquired 1995-07-01, in 和暦
    # That 普通 is, as on the card, a 中型 limited to 8t with the 普通's date (law-rules §6.3, §9).
    kinds = page.locator("[data-testid=kind-held]")
    assert kinds.count() == 1
    assert kinds.first.locator("td").all_text_contents() == ["中型（8t限定）", "中型自動車免許",
                                                             "平成7年7月1日（1995-07-01）"]
    assert "中型車は中型車(8t)に限る" in page.text_content("main")
    assert "免許証番号：（なし） → " + number in page.text_content(".timeline")
    screenshot(page, "licence-page.png")


def test_counter_changes_an_address_through_the_production_server(menkyo_server, logged_in_page, screenshot):
    page = logged_in_page("browser_counter")
    page.goto(f"{menkyo_server['url']}/registry/licences/{menkyo_server['number']}/?purpose=窓口事務")
    page.click("text=記載事項変更")
    page.fill("input[name=postal_code]", "999-9999")
    page.fill("input[name=address]", "兵庫県神戸市")
    page.fill("input[name=reason]", "住所変更の届出")
    page.click("main button[type=submit]")
    page.wait_for_selector("main .errorlist")
    assert "郵便番号 999-9999 は存在しません" in page.text_content("main")

    page.fill("input[name=postal_code]", "650-0044")
    page.fill("input[name=address]", "兵庫県神戸市中央区東川崎町1丁目3番3号")
    page.click("main button[type=submit]")
    page.wait_for_selector("[data-testid=licence-number]")
    assert "記載事項の変更を登録しました" in page.content()
    assert "兵庫県神戸市中央区東川崎町1丁目3番3号" in page.text_content(".timeline")
    screenshot(page, "address-changed.png")
    assert "Traceback" not in menkyo_server["log"].read_text()


def test_a_browser_session_leaves_no_licence_number_in_the_server_log(menkyo_server, logged_in_page):
    page = logged_in_page("browser_counter")
    unknown = "630000009918"  # a valid number nobody holds: Django logs the 404 with its path
    page.goto(f"{menkyo_server['url']}/registry/licences/{unknown}/?purpose=窓口事務")
    page.goto(f"{menkyo_server['url']}/registry/licences/{menkyo_server['number']}/?purpose=窓口事務")
    log = menkyo_server["log"].read_text()
    assert "Not Found: /registry/licences/############/" in log
    assert unknown not in log and menkyo_server["number"] not in log and "窓口事務" not in log
