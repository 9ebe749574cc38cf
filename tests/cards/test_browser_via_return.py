"""Browser: a 経由申請 the 住所地 returns (規程第17条の2第3項, the 点検) — an 大阪 holder renews at the 兵庫 明石
試験場: the 兵庫 side's 適性検査, lecture and fees are set up through the services (the pages for them are in
test_browser_via.py), the 兵庫 clerk uploads the photo and sends it; the 大阪 clerk finds it in the list of what
was sent to 大阪, tries to return it without a reason (refused, nothing changed), then returns it with one; the
兵庫 clerk sees it 返戻 with the reason in its 管理表 and on the page, resends it with what it corrected (refused
without), 大阪 sees the correction and returns it again, and 兵庫 withdraws it at the applicant's word."""

import re

import pytest
from tests.conftest import BROWSER_PASSWORD, server_shell
from tests.photos import upload_photo

pytestmark = pytest.mark.browser

REASON = "一般運転者に該当しないため（住所地の違反の登録あり）"
FIX = "違反の登録は本人の誤認と申出あり、申出書を添付"
SETUP = f"""
from datetime import date
from decimal import Decimal
from django.utils import timezone
from menkyo.accounts.models import Operator
from menkyo.core.actors import SystemActor
from menkyo.core.models import Affiliation
from menkyo.counter import renewal, services, via
from menkyo.exams import services as exams
from menkyo.registry.models import Licence
from menkyo.registry.services import register_holder
from menkyo.rules.dates import birthday_in, one_month_after
staff = {{}}
for username, name, role, office in (("browser_ret_hyogo", "明石 経由窓口", "counter", "28-002"),
                                     ("browser_ret_hyogo_examiner", "明石 適性検査", "examiner", "28-002"),
                                     ("browser_ret_osaka", "門真 経由受理", "counter", "27-002")):
    operator = Operator(username=username, display_name=name, roles=[role],
                        affiliation=Affiliation.objects.get(code=office))
    operator.set_password("{BROWSER_PASSWORD}"); operator.save(); staff[role + office] = operator
today = timezone.localdate()
birth = birthday_in(today.year - 45, date(2000, today.month, min(today.day, 28) if today.month == 2 else today.day))
licence = register_holder(SystemActor("browser-test"), dict(
    name="返戻 三郎", name_kana="ヘンレイ サブロウ", birth_date=birth, sex="1", postal_code="5300001",
    address="大阪府大阪市北区梅田1丁目1番", honseki="大阪府", commission="62",
    kinds={{"普通": date(birth.year + 20, 8, 1)}}, issue_date=date(birth.year + 20, 8, 1)))
Licence.objects.filter(pk=licence.pk).update(issue_date=birthday_in(today.year - 5, birth), holding_form="both",
                                             expiry_date=one_month_after(birthday_in(today.year, birth)), colour="gold")
clerk, examiner = staff["counter28-002"], staff["examiner28-002"]
no = {{q: False for q in ("lost_consciousness", "body_unmovable", "daytime_sleep", "alcohol", "doctor_advice")}}
received = via.receive_via_renewal(clerk, {{"licence_number": licence.number, "questionnaire": no,
                                           "documents": ["licence"]}})
examinee = exams.register_examinee(examiner, received.application_id, centre="28-002", exam_date=today)
exams.record_aptitude(examiner, examinee.pk, {{"acuity_both": Decimal("1.0"), "acuity_left": Decimal("0.8"),
    "acuity_right": Decimal("0.9"), "corrective_lenses": False, "colour_ok": True, "hearing_ok": True,
    "hearing_aid": False, "motor_ok": True}})
exams.register_result(examiner, examinee.pk)
renewal.record_lecture(clerk, received.application_id, mode="in_person")
for number, code in enumerate(("renewal", "renewal_lecture_excellent", "via_renewal"), start=1):
    services.record_payment(clerk, received.application_id, procedure_code=code, method="cash",
                            slip_number=f"RT-{{received.pk}}-{{number}}")
print(received.pk)
print(received.application_id)
"""


@pytest.fixture(scope="module")
def sent_file(menkyo_server):
    via_id, application = server_shell(menkyo_server, SETUP)[-2:]
    return {"via": int(via_id), "application": int(application)}


def test_the_home_prefecture_returns_a_via_application_with_a_reason_and_the_via_prefecture_sees_it(
        menkyo_server, sent_file, logged_in_page, screenshot):
    url = menkyo_server["url"]
    hyogo = logged_in_page("browser_ret_hyogo")
    upload_photo(hyogo, url, sent_file["application"])
    hyogo.goto(f"{url}/counter/via-renewals/{sent_file['via']}/")
    hyogo.click("#via-send")
    hyogo.wait_for_selector("ul.messages")
    assert hyogo.inner_text("#via-state") == "住所地へ送付済"
    via_number = hyogo.inner_text("#via-number")

    osaka = logged_in_page("browser_ret_osaka")
    osaka.goto(url + "/counter/via-renewals/?side=received")
    rows = osaka.inner_text("#via-rows")
    assert "返戻 三郎" in rows and "兵庫県" in rows, rows
    osaka.click("#via-rows a")
    osaka.wait_for_selector("#via-return-button")
    assert re.search(r"/counter/via-renewals/(\d+)/", osaka.url)[1] == str(sent_file["via"])
    osaka.click("#via-return-button")
    osaka.wait_for_selector("#via-error")
    assert "返戻の理由を入力してください" in osaka.inner_text("#via-error")
    assert osaka.inner_text("#via-state") == "住所地へ送付済"
    osaka.fill("#id_return_reason", REASON)
    screenshot(osaka, "via-return-0-osaka-returns.png")
    osaka.click("#via-return-button")
    osaka.wait_for_selector("ul.messages")
    assert "経由地へ返戻しました" in osaka.inner_text("ul.messages")
    assert osaka.inner_text("#via-state") == "住所地から返戻"
    assert osaka.locator("#via-accept").count() == 0

    hyogo.goto(url + "/counter/via-renewals/")
    rows = hyogo.inner_text("#via-rows")
    assert via_number in rows and "住所地から返戻" in rows and REASON in rows, rows
    hyogo.goto(f"{url}/counter/via-renewals/{sent_file['via']}/")
    assert REASON in hyogo.inner_text("#via-returned")
    assert hyogo.inner_text("#via-return-reason") == REASON
    screenshot(hyogo, "via-return-1-hyogo-sees-it.png")
    hyogo.click("#via-resend")  # what was corrected is required
    hyogo.wait_for_selector("#via-error")
    assert "何を補正したかを入力してください" in hyogo.inner_text("#via-error")
    hyogo.fill("#id_resend_reason", FIX)
    hyogo.click("#via-resend")
    hyogo.wait_for_selector("ul.messages")
    assert hyogo.inner_text("#via-state") == "住所地へ送付済"

    osaka.goto(f"{url}/counter/via-renewals/{sent_file['via']}/")
    assert osaka.inner_text("#via-resend-reason") == FIX
    screenshot(osaka, "via-return-2-osaka-sees-the-correction.png")
    osaka.fill("#id_return_reason", REASON)  # the correction does not make the holder a 一般運転者
    osaka.click("#via-return-button")
    osaka.wait_for_selector("ul.messages")

    hyogo.goto(f"{url}/counter/via-renewals/{sent_file['via']}/")
    hyogo.fill("#id_reason", "返戻の連絡を受けた本人の申出")
    hyogo.click("#via-withdraw")
    hyogo.wait_for_selector("ul.messages")
    assert hyogo.inner_text("#via-state") == "取下げ"
