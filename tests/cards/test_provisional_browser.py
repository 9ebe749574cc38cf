"""Browser: at the 明石 試験場 a clerk finds a 仮免許 by its number, reissues the lost 仮免許証 (規程第15条
第2項) and receives the return of another (規程第20条第2項) — on the server ``make run`` starts."""


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
clerk = Operator(username="browser_provisional", display_name="明石 窓口", roles=["counter"],
                 affiliation=Affiliation.objects.get(code="28-002"))
clerk.set_password("{BROWSER_PASSWORD}"); clerk.save()
system = SystemActor("browser-test")
for name, kana in (("仮免 一子", "カリメン イチコ"), ("仮免 二郎", "カリメン ジロウ")):
    person = Person.objects.create(**clean_person(dict(
        name=name, name_kana=kana, birth_date=date(2006, 6, 6), sex="2", postal_code="6500001",
        address="兵庫県神戸市中央区加納町6丁目5番1号", honseki="兵庫県")))
    provisional = register_provisional_licence(system, person.pk, "普通仮")
    print(provisional.pk, provisional.number)
"""


@pytest.fixture(scope="module")
def provisionals(menkyo_server):
    """Two 普通仮 issued today to 兵庫 holders, and the clerk browser_provisional of the 明石 試験場."""
    lines = server_shell(menkyo_server, SETUP)
    return [line.split() for line in lines[-2:]]


def test_a_clerk_reissues_a_lost_provisional_licence(menkyo_server, provisionals, logged_in_page, screenshot):
    (pk, number), _ = provisionals
    clerk = logged_in_page("browser_provisional")
    clerk.click("nav.mainnav a[href='/cards/']")
    clerk.click("#provisional-lookup-link")
    clerk.fill("input[name=number]", number)
    clerk.click("#provisional-lookup button[type=submit]")
    clerk.wait_for_selector("#provisional-detail")
    assert clerk.inner_text("#provisional-status") == "有効" and "令和" in clerk.inner_text("#provisional-expiry")
    assert "未確認" in clerk.inner_text("#reissue-fee")
    clerk.click("#reissue-submit")  # no ground chosen: refused next to the field
    assert "再交付の事由を亡失・盗難・滅失・汚損・破損から選んでください" in clerk.inner_text("#reissue-form")
    screenshot(clerk, "provisional-0-reissue-refused.png")
    clerk.select_option("#reissue-form select[name=ground]", "lost")
    clerk.fill("#reissue-form textarea[name=reason]", "通学中に亡失（遺失届済）")
    clerk.click("#reissue-submit")
    clerk.wait_for_selector("#job-detail")
    assert clerk.inner_text("#job-state") == "作成待ち" and "亡失による再交付" in clerk.inner_text("#job-reissue")
    assert "仮免許証の再交付を受け付け" in clerk.inner_text("ul.messages")
    screenshot(clerk, "provisional-1-reissued.png")
    clerk.click("#provisional-link")
    clerk.wait_for_selector("#provisional-cards")
    new_number = clerk.inner_text("#provisional-number")
    assert new_number[:11] == number[:11] and new_number[11] == "1"
    assert "再交付（亡失）" in clerk.inner_text("#provisional-cards") and pk in clerk.url


def test_a_clerk_receives_the_return_of_a_provisional_licence(menkyo_server, provisionals, logged_in_page,
                                                             screenshot):
    _, (pk, _number) = provisionals
    clerk = logged_in_page("browser_provisional")
    clerk.goto(f"{menkyo_server['url']}/cards/provisional/{pk}/")
    clerk.wait_for_selector("#return-form")
    clerk.fill("#return-form textarea", "普通免許を受けたため")
    screenshot(clerk, "provisional-2-return.png")
    clerk.click("#return-submit")
    clerk.wait_for_selector("ul.messages")
    assert clerk.inner_text("#provisional-status") == "返納" and "裁断" in clerk.inner_text("ul.messages")
    assert clerk.query_selector("#return-form") is None and clerk.query_selector("#reissue-form") is None
    screenshot(clerk, "provisional-3-returned.png")
