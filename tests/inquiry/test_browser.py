"""Browser: an 照会 operator of 兵庫 finds an 大阪 holder who has no card (マイナ免許証 only) by a kana
name as heard (オーノ), a 和暦 date of birth and a purpose, on the server ``make run`` starts."""

import pytest

pytestmark = pytest.mark.browser


def test_an_inquiry_operator_finds_another_prefectures_cardless_holder_by_kana_and_birth_date(
        menkyo_server, logged_in_page, screenshot):
    page = logged_in_page("browser_inquiry")
    page.click("nav.mainnav a[href='/inquiry/']")
    page.wait_for_selector("input[name=query]")

    page.fill("input[name=query]", "おーの はなこ")
    page.fill("input[name=birth_date]", "昭和56年3月4日")
    page.click("main button[type=submit]")  # no purpose yet: the browser does not even send it
    assert page.get_attribute("select[name=purpose]", "required") is not None
    assert page.locator("#inquiry-result").count() == 0

    page.select_option("select[name=purpose]", "交通取締り")
    page.click("main button[type=submit]")
    page.wait_for_selector("#inquiry-result")
    rows = page.locator("#inquiry-result tr.match")
    assert rows.count() == 1
    cells = rows.first.locator("td").all_text_contents()
    assert cells[:3] == ["大野 花子", "オオノ ハナコ", "昭和56年3月4日"]
    assert cells[4] == "大阪府" and cells[5] == "有効"  # the prefecture by name, never its code
    screenshot(page, "inquiry-osaka-holder-by-kana.png")
