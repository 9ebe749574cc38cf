"""Browser: a 審査 officer of the licence division registers three minor violations of one driver from
the 違反等登録票 (dates in 和暦, violations chosen by name; a bicycle refused with the engine's reason
first); at 6 points the driver's 違反・点数 page shows 違反者講習 as the assessment, and the trace page
gives the reasons (規程第28条)."""


import pytest
from tests.conftest import server_shell

pytestmark = pytest.mark.browser

HOLDER = """
from datetime import date
from menkyo.core.actors import SystemActor
from menkyo.registry import services
licence = services.register_holder(SystemActor("browser-setup"), {
    "name": "違反 三郎", "name_kana": "イハン サブロウ", "birth_date": date(1979, 9, 9), "sex": "1",
    "postal_code": "6500011", "address": "兵庫県神戸市中央区下山手通5丁目4番1号",
    "commission": "63", "kinds": {"普通": date(1999, 8, 1)}, "issue_date": date(2024, 8, 1)})
print(licence.number)
"""
VIOLATIONS = (("令和8年3月1日", "信号無視（赤色等）"), ("令和8年6月1日", "指定場所一時不停止等"),
              ("2026-10-01", "速度超過（20以上25未満）"))


def a_holder(server) -> str:
    return server_shell(server, HOLDER)[-1]


def register(page, number, day, name, vehicle=""):
    page.fill("input[name=licence_number]", number)
    page.select_option("select[name=kind]", label="一般違反行為")
    page.select_option("select[name=code]", label=name)
    page.fill("input[name=violation_date]", day)
    page.select_option("select[name=vehicle]", vehicle)
    page.click("#register-violation button[type=submit]")


def test_three_minor_violations_reaching_6_points_show_the_violator_course_as_the_assessment(menkyo_server,
                                                                                           logged_in_page, screenshot):
    number = a_holder(menkyo_server)
    page = logged_in_page("browser_officer")
    page.click("nav.mainnav a[href='/violations/register/']")
    register(page, number, *VIOLATIONS[0], vehicle="自転車")
    assert "違反点数制度の対象外" in page.inner_text("#register-violation")
    screenshot(page, "violations-0-bicycle-refused.png")

    points = []
    for day, name in VIOLATIONS:
        page.goto(menkyo_server["url"] + "/violations/register/")
        register(page, number, day, name)
        page.wait_for_selector("ul.messages")
        assert "違反等登録しました" in page.inner_text("ul.messages")
        points.append(page.inner_text("#points"))
    assert points == ["2点", "4点", "6点"]
    assert page.inner_text("#outcome") == "違反者講習"
    assert page.locator(".violation-row").count() == 3 and "signal_red" not in page.inner_text("main")
    screenshot(page, "violations-1-violator-course.png")

    page.click("#trace-link")
    assert "違反者講習" in page.inner_text("[data-testid=outcome]")
    assert page.locator("[data-testid=trace] tbody tr").count() >= 3
    screenshot(page, "violations-2-trace.png")
