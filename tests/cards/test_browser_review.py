"""Browser: an AT限定解除 (限定解除審査, 規程第9条) at the 明石 試験場 — the counter receives it against the
licence held and takes the 限定解除審査手数料, the examiner registers the sitting and records the 技能試験,
the counter registers the pass (the AT condition lifted in the register) and requests the new card, the
免許証作成機 makes it through the API and the counter hands it over — on the server ``make run`` starts.
(The server is shared with other browser tests: no day totals or fixed numbers are asserted.)"""

import re

import pytest
from tests.conftest import BROWSER_PASSWORD, device_api, server_shell
from tests.photos import upload_photo

pytestmark = pytest.mark.browser

AT = "普通車はAT車に限る"

SETUP = f"""
from datetime import date
from menkyo.accounts.models import Operator
from menkyo.accounts.services import register_device
from menkyo.core.actors import SystemActor
from menkyo.core.models import Affiliation
from menkyo.registry.services import register_holder
centre = Affiliation.objects.get(code="28-002")
for username, name, role in (("browser_review_clerk", "明石 審査窓口", "counter"),
                             ("browser_review_examiner", "明石 試験官", "examiner")):
    operator = Operator(username=username, display_name=name, roles=[role], affiliation=centre)
    operator.set_password("{BROWSER_PASSWORD}"); operator.save()
licence = register_holder(SystemActor("browser-test"), dict(
    name="限定 解子", name_kana="ゲンテイ トクコ", birth_date=date(1998, 7, 7), sex="2", postal_code="6500001",
    address="兵庫県神戸市中央区加納町6丁目5番1号", honseki="兵庫県", commission="63",
    kinds={{"普通": date(2019, 4, 1)}}, conditions=["眼鏡等", "{AT}"], issue_date=date(2024, 6, 1)))
printer = register_device(SystemActor("browser-test"), name="browser-review-printer", kind="card_printer",
                          affiliation="28-002", roles=[])
print(printer.token)
print(licence.number)
"""


@pytest.fixture(scope="module")
def holder(menkyo_server):
    lines = server_shell(menkyo_server, SETUP)
    token, number = lines[-2:]
    return {"token": token, "number": number}



def test_an_at_limitation_removal_goes_from_the_counter_through_the_skill_test_to_the_new_card(
        menkyo_server, holder, logged_in_page, screenshot):
    url = menkyo_server["url"]
    clerk = logged_in_page("browser_review_clerk")
    clerk.click("nav.mainnav a[href='/counter/']")
    clerk.click("a[href='/counter/new/']")
    clerk.select_option("select[name=application_type]", "limitation_removal")
    clerk.select_option("select[name=route]", "review")
    clerk.select_option("select[name=licence_kind]", "普通")
    clerk.fill("[name=licence_number]", holder["number"])
    for code in ("photo", "licence"):
        clerk.check(f"input[name=documents][value={code}]")
    for item in ("lost_consciousness", "body_unmovable", "daytime_sleep", "alcohol", "doctor_advice"):
        clerk.check(f"input[name=q_{item}][value=no]")
    clerk.click("form[action='/counter/new/'] button[type=submit]")
    clerk.wait_for_selector("#application-number")
    application = int(clerk.inner_text("#application-number"))
    assert f"「{AT}」の解除" in clerk.inner_text("#review-change")
    fees = clerk.locator("#fees-due tbody tr").all_inner_texts()
    assert len(fees) == 1 and "限定解除審査" in fees[0] and "1,350円" in fees[0], fees
    clerk.select_option("select[name=procedure_code]", "limit_removal_review")
    clerk.select_option("select[name=method]", "cash")
    clerk.fill("input[name=slip_number]", f"RV-{application}")
    clerk.click("form[action$='/payments/'] button[type=submit]")
    clerk.wait_for_selector("ul.messages")
    screenshot(clerk, "review-0-received.png")
    upload_photo(clerk, url, application)  # the new card shows a photo taken for this application

    examiner = logged_in_page("browser_review_examiner")
    examiner.goto(url + "/exams/register/")
    examiner.fill("input[name=application_id]", str(application))
    examiner.click("#register")
    examiner.wait_for_selector("#examinee-detail")
    assert examiner.inner_text("#required-tests") == "技能試験"
    assert f"限定解除審査：「{AT}」の解除" in examiner.inner_text("#review-change")
    examiner.fill("input[name=item_1]", "合図不履行")
    examiner.fill("input[name=points_1]", "10")
    examiner.click("#record-skill")
    examiner.wait_for_selector("#skill-result")
    assert examiner.inner_text("#skill-result").startswith("90点（合格基準 70点）：合格")
    examiner.click("#register-result")
    examiner.wait_for_selector("ul.messages")
    assert examiner.inner_text("#examinee-state") == "合格"
    screenshot(examiner, "review-1-skill-test-passed.png")

    clerk.click("nav.mainnav a[href='/cards/']")
    clerk.click(f"#queue-passed a[href='/cards/applications/{application}/review/']")
    clerk.wait_for_selector("#review-form")
    assert "90" in clerk.inner_text("#review-sittings") and "合格" in clerk.inner_text("#review-sittings")
    screenshot(clerk, "review-2-pass-to-register.png")
    clerk.click("#review-issue")
    clerk.wait_for_selector("#job-detail")
    assert clerk.inner_text("#job-state") == "作成待ち" and "審査の合格を登録し" in clerk.inner_text("ul.messages")
    job = int(re.search(r"/cards/jobs/(\d+)/", clerk.url)[1])

    card = next(c for c in device_api(f"{url}/api/v1/card-jobs/pending?limit=50", holder["token"]) if c["job_id"] == job)
    assert card["number"] == holder["number"] and card["conditions"] == ["眼鏡等"]
    device_api(f"{url}/api/v1/card-jobs/{job}/produced", holder["token"], "POST", {"card_serial": f"RV-{job:06d}"})

    clerk.reload()
    assert clerk.inner_text("#job-state") == "作成済"
    clerk.click("#receive")
    clerk.wait_for_selector("#hand-over")
    clerk.check("input[name=signature_confirmed]")
    clerk.click("#hand-over")
    clerk.wait_for_selector("ul.messages")
    assert clerk.inner_text("#job-state") == "交付済"
    screenshot(clerk, "review-3-handed-over.png")
    clerk.goto(f"{url}/counter/applications/{application}/")
    assert clerk.inner_text("#application-state") == "交付済"


UPPER_SETUP = """
from datetime import date
from menkyo.core.actors import SystemActor
from menkyo.registry.services import register_holder
licence = register_holder(SystemActor("browser-test"), dict(
    name="上位 返子", name_kana="ジョウイ カエコ", birth_date=date(1990, 5, 5), sex="2", postal_code="6500001",
    address="兵庫県神戸市中央区加納町6丁目5番1号", honseki="兵庫県", commission="63",
    kinds={"普通": date(2010, 4, 1), "準中型": date(2020, 4, 1)}, issue_date=date(2024, 6, 1)))
print(licence.number)
"""


def test_an_at_condition_asked_for_by_a_semi_medium_holder_cancels_that_kind_first(
        menkyo_server, holder, logged_in_page, screenshot):
    """規程第9条の2第2項 and 第57条: the counter is told to explain that 準中型 goes; once explained, the
    application is received; the pass cancels 準中型 (申請取消通知書) and adds the AT condition on 普通."""
    url = menkyo_server["url"]
    number = server_shell(menkyo_server, UPPER_SETUP)[-1]
    clerk = logged_in_page("browser_review_clerk")
    clerk.goto(url + "/counter/new/")
    clerk.select_option("select[name=application_type]", "condition_by_request")
    clerk.select_option("select[name=route]", "review")
    clerk.select_option("select[name=licence_kind]", "普通")
    clerk.select_option("select[name=review_condition]", "at_futsuu")
    clerk.fill("[name=licence_number]", number)
    for code in ("photo", "licence"):
        clerk.check(f"input[name=documents][value={code}]")
    for item in ("lost_consciousness", "body_unmovable", "daytime_sleep", "alcohol", "doctor_advice"):
        clerk.check(f"input[name=q_{item}][value=no]")
    clerk.click("form[action='/counter/new/'] button[type=submit]")
    clerk.wait_for_selector(".errorlist, .error")
    assert "準中型免許を取り消します（規程第9条の2第2項）" in clerk.inner_text("main")
    screenshot(clerk, "review-upper-0-explain-first.png")
    clerk.check("input[name=disadvantage_explained]")
    clerk.click("form[action='/counter/new/'] button[type=submit]")
    clerk.wait_for_selector("#application-number")
    application = int(clerk.inner_text("#application-number"))
    assert f"「{AT}」の付与" in clerk.inner_text("#review-change")
    upload_photo(clerk, url, application)

    examiner = logged_in_page("browser_review_examiner")
    examiner.goto(url + "/exams/register/")
    examiner.fill("input[name=application_id]", str(application))
    examiner.click("#register")
    examiner.wait_for_selector("#examinee-detail")
    examiner.click("#register-result")
    examiner.wait_for_selector("ul.messages")
    assert examiner.inner_text("#examinee-state") == "合格"

    clerk.goto(f"{url}/cards/applications/{application}/review/")
    assert clerk.inner_text("#review-upper").startswith("準中型免許")
    screenshot(clerk, "review-upper-1-pass-to-register.png")
    clerk.click("#review-issue")
    clerk.wait_for_selector("#job-detail")
    clerk.goto(f"{url}/cards/applications/{application}/review/")
    assert "準中型" in clerk.inner_text("#review-cancellation")
    pdf = clerk.request.get(url + clerk.get_attribute("#review-cancellation-pdf", "href"))
    assert pdf.status == 200 and pdf.body().startswith(b"%PDF")
    screenshot(clerk, "review-upper-2-cancelled-and-card-requested.png")
