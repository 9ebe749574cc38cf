"""Browser: a 指定自動車教習所's terminal applies over the API for the reissue of its 教習生's lost 仮免許証
(規程第15条第6項); a clerk of the 明石 試験場 sees it on the staff page and accepts it, which requests the card
through the ordinary reissue (第15条第2項) — after returning a first application with its reason, which the
school reads over the API and corrects — on the server ``make run`` starts."""

import urllib.error

import pytest
from tests.conftest import BROWSER_PASSWORD, device_api, server_shell

pytestmark = pytest.mark.browser

SETUP = f"""
from datetime import date
from menkyo.accounts.models import Operator
from menkyo.accounts.services import register_device
from menkyo.core.actors import SystemActor
from menkyo.core.models import Affiliation, AffiliationKind
from menkyo.registry.models import Person
from menkyo.registry.services import clean_person, register_provisional_licence
clerk = Operator(username="browser_school_clerk", display_name="明石 窓口", roles=["counter"],
                 affiliation=Affiliation.objects.get(code="28-002"))
clerk.set_password("{BROWSER_PASSWORD}"); clerk.save()
Affiliation.objects.create(code="28-S91", prefecture_id="28", kind=AffiliationKind.DRIVING_SCHOOL, name="舞子自動車教習所")
person = Person.objects.create(**clean_person(dict(
    name="教習 生子", name_kana="キョウシュウ イクコ", birth_date=date(2006, 6, 6), sex="2", postal_code="6500001",
    address="兵庫県神戸市中央区加納町6丁目5番1号", honseki="兵庫県")))
provisional = register_provisional_licence(SystemActor("browser-test"), person.pk, "普通仮")
school = register_device(SystemActor("browser-test"), name="browser-school", kind="school",
                         affiliation="28-S91", roles=[])
print(school.token)
print(provisional.number)
"""


def test_a_school_applies_for_its_students_reissue_and_the_centre_accepts_it(menkyo_server, logged_in_page):
    url = menkyo_server["url"]
    token, number = server_shell(menkyo_server, SETUP)[-2:]
    body = {"number": number, "birth_date": "2006-06-07", "ground": "lost", "reason": "教習中に亡失", "declared": True}
    with pytest.raises(urllib.error.HTTPError) as wrong:
        device_api(f"{url}/api/v1/school-provisional-reissues", token, "POST", body)
    assert wrong.value.code == 422
    sent = device_api(f"{url}/api/v1/school-provisional-reissues", token, "POST", {**body, "birth_date": "2006-06-06"})
    assert (sent["state"], sent["school"], sent["ground_label"]) == ("submitted", "舞子自動車教習所", "亡失")
    clerk = logged_in_page("browser_school_clerk")
    clerk.goto(f"{url}/cards/provisional/")
    clerk.click("a[href='/cards/provisional/school-reissues/']")
    row = clerk.inner_text("#school-reissues")
    assert "舞子自動車教習所" in row and "教習 生子" in row and "教習中に亡失" in row
    returning = f"form[action='/cards/provisional/school-reissues/{sent['id']}/return/']"
    clerk.click(f"{returning} button")  # a return needs its reason
    assert "返戻の理由を入力してください" in clerk.inner_text("main")
    clerk.fill(f"{returning} input[name=reason]", "亡失の届出の日付が申請の内容と異なるため")
    clerk.click(f"{returning} button")
    assert "理由を付して返戻しました" in clerk.inner_text("main")
    mine = device_api(f"{url}/api/v1/school-provisional-reissues", token)
    assert [(r["state"], r["return_reason"]) for r in mine] == [("returned", "亡失の届出の日付が申請の内容と異なるため")]
    sent = device_api(f"{url}/api/v1/school-provisional-reissues", token, "POST",
                      {**body, "birth_date": "2006-06-06", "reason": "11月20日、教習中に亡失"})
    clerk.goto(f"{url}/cards/provisional/school-reissues/")
    clerk.click(f"form[action='/cards/provisional/school-reissues/{sent['id']}/accept/'] button")
    assert "教習所からの申請を受理し、仮免許証の作成を依頼しました" in clerk.inner_text("main")
    clerk.goto(f"{url}/cards/provisional/school-reissues/")
    assert "受理待ちの申請はありません。" in clerk.inner_text("main")
