"""Browser: a 2枚持ち 兵庫 holder renewing at the 大阪 門真 試験場 (経由申請, 規程第17条の2) gives the card back at the
same time (→ マイナ免許証のみ; counter-facts §3.3, rules ``via_card_return``): the 経由 intake records it (the 経由
page says so, the renewal fee is the マイナ免許証のみ one); after the 経由地's part (in the shell: 適性検査, lecture,
fees, sending) 兵庫 accepts and renews in the browser — no card is made, the return is registered and the record is to
be rewritten; the licence is then held as the マイナ免許証 only — on the server ``make run`` starts."""

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
for username, name, code in (("browser_via_return_osaka", "門真 経由窓口（返納）", "27-002"),
                             ("browser_via_return_hyogo", "明石 経由受理（返納）", "28-002"),
                             ("browser_via_return_examiner", "門真 適性（返納）", "27-002")):
    operator = Operator(username=username, display_name=name, roles=["examiner" if "examiner" in username else "counter"],
                        affiliation=Affiliation.objects.get(code=code))
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


#: The 経由地's part after the intake, done through the services (the full 経由 walk is ``test_browser_via``).
VIA_PART = """
import os, importlib.util
from decimal import Decimal
from django.utils import timezone
from menkyo.accounts.models import Operator
from menkyo.counter import renewal, via
from menkyo.counter.models import ViaRenewal
from menkyo.counter.services import record_payment
from menkyo.exams import services as exams
spec = importlib.util.spec_from_file_location("photos", os.path.join(os.getcwd(), "tests", "photos.py"))
photos = importlib.util.module_from_spec(spec); spec.loader.exec_module(photos)
clerk = Operator.objects.get(username="browser_via_return_osaka")
examiner = Operator.objects.get(username="browser_via_return_examiner")
item = ViaRenewal.objects.get(via_number="{via_number}")
application = item.application
application.photo = photos.stored_photo(item.person); application.save(update_fields=["photo"])
examinee = exams.register_examinee(examiner, application.pk, centre="27-002", exam_date=timezone.localdate())
exams.record_aptitude(examiner, examinee.pk, {{"acuity_both": Decimal("1.0"), "acuity_left": Decimal("0.8"),
                                               "acuity_right": Decimal("0.8"), "corrective_lenses": False,
                                               "colour_ok": True, "hearing_ok": True, "hearing_aid": False,
                                               "motor_ok": True}})
exams.register_result(examiner, examinee.pk)
renewal.record_lecture(clerk, application.pk, mode="in_person")
for n, code in enumerate(("renewal", "renewal_lecture_excellent", "via_renewal"), start=1):
    record_payment(clerk, application.pk, procedure_code=code, method="cash", slip_number=f"VR-{{application.pk}}-{{n}}")
via.send_via_renewal(clerk, item.pk)
print(item.pk)
"""


def test_a_holder_of_both_gives_the_card_back_with_a_via_renewal_and_is_renewed_without_a_card(
        menkyo_server, number, logged_in_page, screenshot):
    url = menkyo_server["url"]
    osaka = logged_in_page("browser_via_return_osaka")
    osaka.goto(url + "/counter/via-renewals/new/")
    assert "2枚持ちの方は免許証を返納してマイナ免許証のみにできます" in osaka.inner_text("main")
    fill(osaka, number)
    osaka.check("input[name=return_card]")
    osaka.click("#via-submit")
    osaka.wait_for_selector("#via-state")
    assert osaka.inner_text("#via-state") == "経由地で受理"
    assert osaka.inner_text("#via-card-returned").startswith("経由地で受領")
    via_number = osaka.inner_text("#via-number")
    screenshot(osaka, "via-card-return-0-received-with-the-card.png")

    via_id = int(server_shell(menkyo_server, VIA_PART.format(via_number=via_number))[-1])
    hyogo = logged_in_page("browser_via_return_hyogo")
    hyogo.goto(f"{url}/counter/via-renewals/{via_id}/")
    assert hyogo.inner_text("#via-card-returned").startswith("経由地で受領")
    hyogo.click("#via-accept")
    hyogo.wait_for_selector("#via-renew")
    hyogo.click("#via-renew")
    hyogo.wait_for_selector("ul.messages")
    assert "マイナ免許証の免許情報の書換えが必要です" in hyogo.inner_text("ul.messages")
    assert hyogo.inner_text("#via-state") == "更新済"
    screenshot(hyogo, "via-card-return-1-renewed-without-a-card.png")
    form = server_shell(menkyo_server, "from menkyo.registry.models import Licence\n"
                                       f"print(Licence.objects.get(number='{number}').holding_form)")[-1]
    assert form == "mynumber"
