"""The 更新連絡書 pages: the list with the start form, a batch's progress and downloads."""

import pytest

from menkyo.audit.models import AuditEvent
from menkyo.core.actors import SystemActor
from menkyo.notices import services
from menkyo.notices.models import NoticeBatch

pytestmark = pytest.mark.django_db


@pytest.fixture
def officer(make_operator):
    return make_operator("hyogo_officer", ["case_officer"], "28-001")


def test_the_officer_starts_the_month_on_the_page_and_sees_it_queued(client, login_as, officer, month):
    login_as(client, officer)
    page = client.get("/notices/")
    assert page.status_code == 200 and "作成を開始する" in page.content.decode()
    response = client.post("/notices/", {"month": f"{month:%Y-%m}"}, follow=True)
    text = response.content.decode()
    assert response.status_code == 200 and "の更新連絡書の作成を開始しました" in text and "対象者の抽出中" in text
    assert NoticeBatch.objects.get().started_by == officer.actor_name


def test_a_bad_month_on_the_page_is_shown_next_to_the_field(client, login_as, officer):
    login_as(client, officer)
    response = client.post("/notices/", {"month": "2027-13"})
    assert response.status_code == 422 and "「2027-01」の形" in response.content.decode()
    assert not NoticeBatch.objects.exists()


def test_a_finished_batch_offers_its_parts_and_the_mail_file(client, login_as, officer, month, holders):
    batch = services.start_batch(officer, month)
    services.run_batch(SystemActor("task:notices.batch"), batch.pk)
    login_as(client, officer)
    text = client.get(f"/notices/{batch.pk}/").content.decode()
    assert "作成完了" in text and "発送データ（CSV）" in text and "死亡等抹消（規程第56条第2項）：1件" in text
    pdf = client.get(f"/notices/{batch.pk}/parts/1.pdf")
    assert pdf.status_code == 200 and pdf["Content-Type"] == "application/pdf" and pdf["Cache-Control"] == "no-store"
    mail = client.get(f"/notices/{batch.pk}/mail.csv")
    assert mail.status_code == 200 and mail["Content-Disposition"].startswith("attachment")
    assert AuditEvent.objects.filter(action__in=["notices.part.read", "notices.mail_file.read"]).count() == 2


def test_a_counter_clerk_sees_the_progress_but_no_downloads(client, login_as, hyogo_counter, month, holders):
    batch = services.start_batch(SystemActor("test"), month, prefecture="28")
    services.run_batch(SystemActor("task:notices.batch"), batch.pk)
    login_as(client, hyogo_counter)
    text = client.get(f"/notices/{batch.pk}/").content.decode()
    assert "作成完了" in text and "発送データ" not in text and "作成を開始する" not in client.get("/notices/").content.decode()
    assert client.get(f"/notices/{batch.pk}/mail.csv").status_code == 403


def test_a_station_reports_on_the_page_and_another_officer_registers_the_deletion(client, login_as, make_operator,
                                                                                   officer, holders):
    from menkyo.inquiry.services import make_inquiry

    station = make_operator("station_clerk", ["counter", "inquiry"], "28-001")
    licence = holders["renewal"]
    inquiry = make_inquiry(station, purpose="死亡等", licence_number=licence.number).inquiry
    login_as(client, station)
    bad = client.post("/notices/deaths/", {"inquiry_id": inquiry.pk, "licence_number": licence.number,
                                           "source": "family", "died_on": "令和99年1月1日"})
    assert bad.status_code == 422
    response = client.post("/notices/deaths/", {"inquiry_id": inquiry.pk, "licence_number": licence.number,
                                                "source": "family", "died_on": "令和8年11月1日"}, follow=True)
    text = response.content.decode()
    assert "を免許課長に通報しました" in text and "自分が通報した死亡者通報連絡票は確認できません" in text
    report = response.context["report"]
    login_as(client, officer)
    done = client.post(f"/notices/deaths/{report.pk}/register/", {"reason": ""}, follow=True)
    assert "抹消登録しました" in done.content.decode() and "抹消登録済" in done.content.decode()
