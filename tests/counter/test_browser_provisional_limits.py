"""Browser: the 普通 test of an AT限定の普通仮免許's holder at the 明石 試験場 (UNCONFIRMED, law engine
``provisional_vehicle_limits``) — an MT test is refused in Japanese on 「試験の車の限定」, and the default
receives an AT test whose page says 「普通車はAT車に限る」 will be put on the licence — on the server ``make run``
starts (shared with other browser tests: no fixed numbers)."""

import pytest
from tests.conftest import BROWSER_PASSWORD, server_shell

pytestmark = pytest.mark.browser

SETUP = f"""
from datetime import date
from menkyo.accounts.models import Operator
from menkyo.core.actors import SystemActor
from menkyo.core.models import Affiliation
from menkyo.registry.models import Person
from menkyo.registry.services import clean_person, register_provisional_licence
centre = Affiliation.objects.get(code="28-002")
operator = Operator(username="browser_kari_at_clerk", display_name="明石 仮免窓口", roles=["counter"], affiliation=centre)
operator.set_password("{BROWSER_PASSWORD}"); operator.save()
person = Person.objects.create(**clean_person(dict(
    name="仮免 AT子", name_kana="カリメン エーティーコ", birth_date=date(2006, 3, 3), sex="2", postal_code="6500001",
    address="兵庫県神戸市中央区加納町6丁目5番1号", honseki="兵庫県")))
print(register_provisional_licence(SystemActor("browser-test"), person.pk, "普通仮", conditions=["AT車に限る"]).number)
"""


@pytest.fixture(scope="module")
def number(menkyo_server):
    return server_shell(menkyo_server, SETUP)[-1]


def fill_direct_test(page, url, number, vehicle_limit):
    page.goto(url + "/counter/new/")
    page.select_option("select[name=application_type]", "new")
    page.select_option("select[name=route]", "direct")
    page.select_option("select[name=licence_kind]", "普通")
    page.select_option("select[name=vehicle_limit]", vehicle_limit)
    page.fill("[name=provisional_number]", number)
    for code in ("photo", "identity", "resident_record", "provisional_licence", "road_practice"):
        page.check(f"input[name=documents][value={code}]")
    for item in ("lost_consciousness", "body_unmovable", "daytime_sleep", "alcohol", "doctor_advice"):
        page.check(f"input[name=q_{item}][value=no]")
    page.click("form[action='/counter/new/'] button[type=submit]")


def test_an_at_provisional_holder_is_refused_an_mt_test_and_received_for_an_at_test(
        menkyo_server, number, logged_in_page, screenshot):
    url = menkyo_server["url"]
    clerk = logged_in_page("browser_kari_at_clerk")
    fill_direct_test(clerk, url, number, "mt")
    error = clerk.locator(".field:has(select[name=vehicle_limit]) .errorlist").inner_text()
    assert "普通仮免許に「AT車に限る」の条件があり" in error and "vehicle_limit" not in error
    screenshot(clerk, "provisional-at-0-mt-test-refused.png")
    fill_direct_test(clerk, url, number, "")
    clerk.wait_for_selector("#application-number")
    assert clerk.inner_text("#vehicle-limit") == "「普通車はAT車に限る」（合格により免許に付します）"
    screenshot(clerk, "provisional-at-1-at-test-received.png")
