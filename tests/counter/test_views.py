"""Counter pages: the intake form with 和暦 and Japanese errors, an application with its fee, the
ledger and its CSV."""

import pytest
from django.utils import timezone

from menkyo.counter.models import Application, FeePayment

pytestmark = pytest.mark.django_db


def form(new_applicant, **change) -> dict:
    data = {k: v for k, v in new_applicant.items() if k not in ("questionnaire", "documents", "birth_date")}
    data |= {"birth_date": "平成20年4月2日", "documents": new_applicant["documents"]}
    data |= {f"q_{item}": "no" for item in new_applicant["questionnaire"]}
    return {**data, **change}


def test_a_clerk_receives_an_application_typed_in_wareki_and_sees_it_in_the_ledger(client, login_as, centre_clerk,
                                                                                   new_applicant):
    login_as(client, centre_clerk)
    page = client.get("/counter/new/")
    assert page.status_code == 200 and "質問票 1." in page.content.decode()
    assert 'action="/counter/new/" novalidate' in page.content.decode()  # the server's Japanese messages
    response = client.post("/counter/new/", form(new_applicant), follow=True)
    application = Application.objects.get()
    assert response.redirect_chain[-1][0] == f"/counter/applications/{application.pk}/"
    body = response.content.decode()
    assert "申請を受理しました" in body and "平成20年4月2日" in body and "すべて「いいえ」" in body
    ledger = client.get("/counter/").content.decode()
    assert application.ledger_number in ledger and "明石 花子" in ledger


@pytest.mark.parametrize(("change", "message"), [
    ({"birth_date": "平成20年2月30日"}, "という日付はありません"),
    ({"q_alcohol": ""}, "質問票の第4項に「はい」か「いいえ」で回答してください。"),
    ({"documents": ["photo"]}, "次の書類の提出・提示がありません"),
    ({"licence_kind": "ミサイル"}, "申請する免許の種類を一覧から選んでください。"),
    ({"name_kana": "akashi"}, "フリガナはカタカナで入力してください"),
    ({"birth_date": "平成22年1月1日"}, "規程第57条"),
])
def test_bad_input_shows_a_japanese_error_and_nothing_is_saved(client, login_as, centre_clerk, new_applicant,
                                                               change, message):
    login_as(client, centre_clerk)
    response = client.post("/counter/new/", form(new_applicant, **change))
    assert response.status_code == 422
    assert message in response.content.decode()
    assert not Application.objects.exists()


def test_a_provisional_holder_is_found_by_the_provisional_number_typed_on_the_page(client, login_as, centre_clerk,
                                                                                  new_applicant):
    from menkyo.core.actors import SystemActor
    from menkyo.registry.services import register_provisional_licence

    login_as(client, centre_clerk)
    client.post("/counter/new/", form(new_applicant))
    person = Application.objects.get().person
    provisional = register_provisional_licence(SystemActor("test"), person.pk, "普通仮",
                                               issue_date=timezone.localdate())
    documents = ["photo", "identity", "resident_record", "provisional_licence", "road_practice"]
    data = {"application_type": "new", "route": "direct", "licence_kind": "普通", "documents": documents,
            "provisional_number": provisional.number} | {f"q_{item}": "no" for item in new_applicant["questionnaire"]}
    response = client.post("/counter/new/", data, follow=True)
    assert "申請を受理しました" in response.content.decode()
    assert Application.objects.filter(person=person).count() == 2


def test_a_fee_is_collected_on_the_application_page(client, login_as, centre_clerk, new_applicant):
    login_as(client, centre_clerk)
    client.post("/counter/new/", form(new_applicant))
    application = Application.objects.get()
    response = client.post(f"/counter/applications/{application.pk}/payments/",
                           {"procedure_code": "provisional_issue", "method": "cash", "slip_number": "F-77"},
                           follow=True)
    assert "仮免許証の交付 1,100円 を収納しました" in response.content.decode()
    assert "<td>1,100円</td><td>現金</td><td>F-77</td>" in response.content.decode()  # the payments table
    assert f"（{centre_clerk.display_name}）" in response.content.decode()  # who received it, by name
    refused = client.post(f"/counter/applications/{application.pk}/payments/",
                          {"procedure_code": "provisional_issue", "method": "cash", "slip_number": "F-77"})
    assert refused.status_code == 422 and "既に使われています" in refused.content.decode()
    assert FeePayment.objects.count() == 1


def test_the_ledger_csv_is_a_spreadsheet_file_of_the_offices_day(client, login_as, centre_clerk, new_applicant):
    login_as(client, centre_clerk)
    client.post("/counter/new/", form(new_applicant))
    response = client.get("/counter/ledger.csv")
    text = b"".join(response.streaming_content).decode("utf-8-sig")
    assert text.splitlines()[0].startswith("申請簿番号,受理日,状態")
    assert f"{timezone.localdate():%Y%m%d}-0001" in text and "明石 花子" in text


def test_the_ledger_page_shows_an_office_day_in_few_queries(client, login_as, centre_clerk, new_applicant,
                                                           django_assert_max_num_queries):
    login_as(client, centre_clerk)
    for n, name in enumerate(("明石 一郎", "明石 二郎", "明石 三郎")):
        client.post("/counter/new/", form(new_applicant, name=name, name_kana=f"アカシ {'イチジサ'[n]}ロウ"))
    with django_assert_max_num_queries(16):
        assert client.get("/counter/").status_code == 200


def test_an_auditor_cannot_open_the_counter(client, login_as, make_operator):
    login_as(client, make_operator("akashi_audit", ["audit"], "28-002"))
    response = client.get("/counter/")
    assert response.status_code == 403 and "閲覧できます" in response.content.decode()
