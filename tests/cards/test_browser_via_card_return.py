"""Browser: a 2枚持ち 兵庫 holder renewing at the 大阪 門真 試験場 (経由申請, 規程第17条の2) asks to give the card back at
the same time (→ マイナ免許証のみ): the 経由 intake refuses it next to the 「免許証の返納」 box, says why and what to do
instead (2枚持ちのまま受理, the return at 兵庫 after the renewal or before the 経由申請), and writes nothing; without
the box the 経由申請 is received and the holder stays a holder of both (the rest of the 経由 walk, with the card made
and the record rewritten at 兵庫, is ``test_browser_via``) — on the server ``make run`` starts."""

import pytest
from tests.conftest import BROWSER_PASSWORD, server_shell

pytestmark = pytest.mark.browser

SETUP = f"""
from datetime import date
from django.utils import timezone
from menkyo.accounts.models import Operator
from menkyo.core.actors import SystemActor
from menkyo.core.models import Affiliation
from menkyo.registry.models import Licence
from menkyo.registry.services import register_holder
from menkyo.rules.dates import birthday_in, one_month_after
operator = Operator(username="browser_via_return_osaka", display_name="門真 経由窓口（返納）", roles=["counter"],
                    affiliation=Affiliation.objects.get(code="27-002"))
operator.set_password("{BROWSER_PASSWORD}"); operator.save()
today = timezone.localdate()
birth = birthday_in(today.year - 45, date(2000, today.month, min(today.day, 28) if today.month == 2 else today.day))
licence = register_holder(SystemActor("browser-test"), dict(
    name="二枚 持子", name_kana="ニマイ モチコ", birth_date=birth, sex="2", postal_code="6500001",
    address="兵庫県神戸市中央区加納町6丁目5番1号", honseki="兵庫県", commission="63",
    kinds={{"普通": date(birth.year + 20, 8, 1)}}, issue_date=date(birth.year + 20, 8, 1)))
Licence.objects.filter(pk=licence.pk).update(issue_date=birthday_in(today.year - 5, birth), holding_form="both",
                                             expiry_date=one_month_after(birthday_in(today.year, birth)), colour="gold")
print(licence.number)
"""
QUESTIONNAIRE = ("lost_consciousness", "body_unmovable", "daytime_sleep", "alcohol", "doctor_advice")


@pytest.fixture(scope="module")
def number(menkyo_server):
    return server_shell(menkyo_server, SETUP)[-1]


def fill(page, number):
    page.fill("[name=licence_number]", number)
    page.check("input[name=documents][value=licence]")
    for item in QUESTIONNAIRE:
        page.check(f"input[name=q_{item}][value=no]")


def test_a_holder_of_both_asking_to_return_the_card_with_a_via_renewal_is_told_what_to_do_instead(
        menkyo_server, number, logged_in_page, screenshot):
    url = menkyo_server["url"]
    osaka = logged_in_page("browser_via_return_osaka")
    osaka.goto(url + "/counter/via-renewals/new/")
    assert "住所地で経由申請の前か更新の後" in osaka.inner_text("main")
    fill(osaka, number)
    osaka.check("input[name=return_card]")
    osaka.click("#via-submit")
    osaka.wait_for_selector(".errorlist")
    refusal = osaka.inner_text("main")
    assert "経由申請では免許証の返納（マイナ免許証のみへの変更）は受け付けません" in refusal
    assert "2枚持ちのまま" in refusal and "兵庫県" in refusal and osaka.locator("#via-state").count() == 0
    screenshot(osaka, "via-card-return-0-refused.png")
    osaka.uncheck("input[name=return_card]")
    osaka.click("#via-submit")
    osaka.wait_for_selector("#via-state")
    assert osaka.inner_text("#via-state") == "経由地で受理"
    screenshot(osaka, "via-card-return-1-received-without-the-return.png")
    form = server_shell(menkyo_server, "from menkyo.registry.models import Licence\n"
                                       f"print(Licence.objects.get(number='{number}').holding_form)")[-1]
    assert form == "both"
