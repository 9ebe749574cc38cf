"""The 一定の病気等 pages: the receipt form (a bad date refused in Japanese, nothing saved), the matter's page with
its 臨適通知 and result forms, a 不適 result opening the case page's proposal, the queue with its deadlines, the
papers, and a counter clerk kept out."""

import pytest
from tests.dispositions.conftest import in_days

from menkyo.core.wareki import wareki
from menkyo.dispositions.models import Case, MedicalMatter

pytestmark = pytest.mark.django_db


def receipt(licence, **extra):
    return {"licence_number": licence.number, "source": "doctor", "received_on": in_days(-1).isoformat(),
            "ground": "illness", "reporter": "医師 佐藤", "summary": "運転中の意識消失", **extra}


def test_a_doctors_report_is_received_on_the_page_and_the_matter_opens(client, login_as, officer, licence):
    login_as(client, officer)
    answer = client.post("/dispositions/medical/receive/", receipt(licence), follow=True)
    matter = MedicalMatter.objects.get()
    text = answer.content.decode()
    assert answer.redirect_chain[-1][0] == f"/dispositions/medical/{matter.pk}/"
    assert "受理しました" in text and "受理（審査中）" in text and "医師の届出（道路交通法第101条の6第1項）" in text
    assert "臨適通知・診断書提出命令・受検等命令（規程第26条の3）" in text and "illness" not in text.split("<main")[-1]


def test_a_future_receipt_day_is_refused_on_the_form_in_japanese_and_nothing_is_saved(client, login_as, officer,
                                                                                      licence):
    login_as(client, officer)
    answer = client.post("/dispositions/medical/receive/", receipt(licence, received_on=in_days(2).isoformat()))
    assert answer.status_code == 422 and "受理日は本日以前の日付" in answer.content.decode()
    assert not MedicalMatter.objects.exists()


def test_the_notice_and_an_unfit_result_on_the_page_open_the_illness_case(client, login_as, officer, licence):
    login_as(client, officer)
    client.post("/dispositions/medical/receive/", receipt(licence))
    pk = MedicalMatter.objects.get().pk
    ordered = client.post(f"/dispositions/medical/{pk}/order/", {
        "order_kind": "temporary_test", "ordered_on": in_days(0).isoformat(), "due_on": in_days(1).isoformat(),
        "place": "試験場"}, follow=True).content.decode()
    assert "臨時適性検査の通知（臨適通知）" in ordered and "臨時適性検査通知書" in ordered
    queue = client.get("/dispositions/medical/").content.decode()
    assert wareki(in_days(1)) in queue and "期限間近" in queue
    refused = client.post(f"/dispositions/medical/{pk}/result/", {"result": "unfit", "result_on": in_days(0).isoformat()})
    assert refused.status_code == 422 and "処分案を選んでください（取消・停止）" in refused.content.decode()
    done = client.post(f"/dispositions/medical/{pk}/result/", {
        "result": "unfit", "result_on": in_days(0).isoformat(), "kind": "revocation", "years": "2"}, follow=True)
    text = done.content.decode()
    case = Case.objects.get()
    assert "処分事案へ" in text and f"処分事案 第{case.pk}号" in text and "公安委員会・聴聞" in text
    case_page = client.get(f"/dispositions/cases/{case.pk}/").content.decode()
    assert "一定の病気等（第26条〜第27条の3）" in case_page and "（点数制度によらない）" in case_page


def test_the_papers_are_served_as_pdf(client, login_as, officer, licence):
    login_as(client, officer)
    client.post("/dispositions/medical/receive/", receipt(licence))
    pk = MedicalMatter.objects.get().pk
    answer = client.get(f"/dispositions/medical/{pk}/receipt.pdf")
    assert answer.status_code == 200 and answer.content.startswith(b"%PDF")
    assert client.get(f"/dispositions/medical/{pk}/order.pdf").status_code == 409


def test_a_counter_clerk_may_not_open_the_receipt_form_or_the_queue(client, login_as, clerk):
    login_as(client, clerk)
    assert client.get("/dispositions/medical/receive/").status_code == 403
    assert client.get("/dispositions/medical/").status_code == 403


def test_another_prefectures_receipt_stays_on_the_form_with_the_matters_number(client, login_as, osaka_officer,
                                                                                licence):
    login_as(client, osaka_officer)
    answer = client.post("/dispositions/medical/receive/", receipt(licence), follow=True)
    matter = MedicalMatter.objects.get()
    assert answer.redirect_chain[-1][0] == "/dispositions/medical/receive/" and matter.prefecture_id == "28"
    assert f"一定の病気等の事案 第{matter.pk}号" in answer.content.decode()
    assert client.get(f"/dispositions/medical/{matter.pk}/").status_code == 403


def test_the_hand_over_form_appears_once_the_driver_moved_and_sends_the_matter_on(client, login_as, officer, licence):
    from menkyo.registry.models import Licence

    login_as(client, officer)
    client.post("/dispositions/medical/receive/", receipt(licence))
    pk = MedicalMatter.objects.get().pk
    assert "hand-over-form" not in client.get(f"/dispositions/medical/{pk}/").content.decode()
    Licence.objects.filter(pk=licence.pk).update(home_prefecture_id="27")
    assert "hand-over-form" in client.get(f"/dispositions/medical/{pk}/").content.decode()
    answer = client.post(f"/dispositions/medical/{pk}/hand-over/", {"reason": "転居"}, follow=True)
    assert "変更後の住所地（大阪府）に引き継ぎました" in answer.content.decode()
    assert MedicalMatter.objects.get().prefecture_id == "27"
