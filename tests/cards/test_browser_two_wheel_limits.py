"""Browser: a partial 限定解除 (限定解除審査, 規程第9条第1項) at the 明石 試験場 — a holder of 普通二輪 limited to
小型二輪のAT車 has the 小型 part lifted: the counter receives it choosing the part lifted, the examiner
records the 技能試験, the counter registers the pass, and the licence page shows 「普通二輪はAT車に限る」 in
place of the old 限定 — on the server ``make run`` starts (shared with other browser tests: no fixed numbers)."""

import pytest
from tests.conftest import BROWSER_PASSWORD, server_shell
from tests.photos import upload_photo

pytestmark = pytest.mark.browser

AT2 = "普通二輪はAT車に限る"
SMALL_AT = "普通二輪は小型二輪のAT車に限る"

SETUP = f"""
from datetime import date
from menkyo.accounts.models import Operator
from menkyo.core.actors import SystemActor
from menkyo.core.models import Affiliation
from menkyo.registry.services import register_holder
centre = Affiliation.objects.get(code="28-002")
for username, name, role in (("browser_limits_clerk", "明石 二輪窓口", "counter"),
                             ("browser_limits_examiner", "明石 二輪試験官", "examiner")):
    operator = Operator(username=username, display_name=name, roles=[role], affiliation=centre)
    operator.set_password("{BROWSER_PASSWORD}"); operator.save()
licence = register_holder(SystemActor("browser-test"), dict(
    name="二輪 小子", name_kana="ニリン ショウコ", birth_date=date(2000, 3, 3), sex="2", postal_code="6500001",
    address="兵庫県神戸市中央区加納町6丁目5番1号", honseki="兵庫県", commission="63",
    kinds={{"普自二": date(2021, 5, 1)}}, conditions=["{SMALL_AT}"], issue_date=date(2024, 6, 1)))
print(licence.number)
"""


@pytest.fixture(scope="module")
def number(menkyo_server):
    return server_shell(menkyo_server, SETUP)[-1]


def test_a_small_at_motorcycle_holder_has_the_small_part_lifted_and_keeps_the_at_limit(
        menkyo_server, number, logged_in_page, screenshot):
    url = menkyo_server["url"]
    clerk = logged_in_page("browser_limits_clerk")
    clerk.goto(url + "/counter/new/")
    clerk.select_option("select[name=application_type]", "limitation_removal")
    clerk.select_option("select[name=route]", "review")
    clerk.select_option("select[name=licence_kind]", "普自二")
    clerk.select_option("select[name=remaining_condition]", "at_futsuu_nirin")
    clerk.fill("[name=licence_number]", number)
    for code in ("photo", "licence"):
        clerk.check(f"input[name=documents][value={code}]")
    for item in ("lost_consciousness", "body_unmovable", "daytime_sleep", "alcohol", "doctor_advice"):
        clerk.check(f"input[name=q_{item}][value=no]")
    clerk.click("form[action='/counter/new/'] button[type=submit]")
    clerk.wait_for_selector("#application-number")
    application = int(clerk.inner_text("#application-number"))
    assert clerk.inner_text("#review-change").startswith(
        f"「{SMALL_AT}」の一部解除（小型二輪の限定を解除し「{AT2}」とする）")
    clerk.select_option("select[name=procedure_code]", "limit_removal_review")
    clerk.select_option("select[name=method]", "cash")
    clerk.fill("input[name=slip_number]", f"LM-{application}")
    clerk.click("form[action$='/payments/'] button[type=submit]")
    clerk.wait_for_selector("ul.messages")
    screenshot(clerk, "two-wheel-0-partial-lift-received.png")
    upload_photo(clerk, url, application)

    examiner = logged_in_page("browser_limits_examiner")
    examiner.goto(url + "/exams/register/")
    examiner.fill("input[name=application_id]", str(application))
    examiner.click("#register")
    examiner.wait_for_selector("#examinee-detail")
    assert examiner.inner_text("#required-tests") == "技能試験"
    assert "小型二輪の限定を解除" in examiner.inner_text("#review-change")
    examiner.fill("input[name=item_1]", "安全確認不履行")
    examiner.fill("input[name=points_1]", "5")
    examiner.click("#record-skill")
    examiner.wait_for_selector("#skill-result")
    examiner.click("#register-result")
    examiner.wait_for_selector("ul.messages")
    assert examiner.inner_text("#examinee-state") == "合格"

    clerk.goto(f"{url}/cards/applications/{application}/review/")
    clerk.wait_for_selector("#review-form")
    assert "一部解除" in clerk.inner_text("#review-change")
    clerk.click("#review-issue")
    clerk.wait_for_selector("#job-detail")
    assert clerk.inner_text("#job-state") == "作成待ち"

    clerk.goto(f"{url}/registry/licences/{number}/?purpose=窓口事務")
    conditions = clerk.locator("h2:has-text('免許の条件等') + ol li").all_inner_texts()
    assert conditions == [AT2], conditions
    screenshot(clerk, "two-wheel-1-licence-shows-the-at-limit.png")
