"""The 送付書 of a 再試験・若年 取消処分書 not handed over (規程第41条の2第3項 運転免許取消処分書の送付書, 第41条の2の2第3項
特例取得免許取消処分書の送付書): made for a case decided 取消 and not executed, to the station named, audited with its
article; refused for an executed case, an ordinary points case, a missing station, a counter clerk or another
prefecture; on the case pages and through the API."""

import pytest
from tests.dispositions.conftest import decided
from tests.dispositions.test_retest_decided import decided_absent
from tests.dispositions.test_young_revocations import open_day, young_case
from tests.documents.pdf import flat, pdf_text

from menkyo.audit.models import AuditEvent
from menkyo.core.errors import Conflict, InvalidInput, NotPermitted
from menkyo.dispositions import revocation_send_papers as papers
from menkyo.dispositions import young_revocations

pytestmark = pytest.mark.django_db
STATION = "兵庫県神戸東警察署"


def test_a_decided_young_revocation_has_its_special_licence_send_paper_to_the_station_audited(officer, licence):
    case = young_case(officer, licence)
    made = papers.revocation_send_paper(officer, case, station=STATION)
    text = flat(pdf_text(made.pdf))
    assert "特例取得免許取消処分書の送付書" in text and f"{STATION}長" in text and "若年運転者取消処分書" in text
    assert flat(licence.person.name) in text and "運転免許課長" in text
    event = AuditEvent.objects.get(action="dispositions.revocation_send.paper")
    assert (event.object_id, event.detail["legal_basis"], event.detail["form"]) == (
        str(case.pk), "規程第41条の2の2第3項", "young_revocation_send")


def test_a_decided_retest_revocation_has_the_licence_revocation_send_paper_of_the_test_centre(officer, licence):
    case = decided_absent(officer, licence)
    text = flat(pdf_text(papers.revocation_send_paper(officer, case, station=STATION).pdf))
    assert "運転免許取消処分書の送付書" in text and "運転免許試験場長" in text and "様式第19の3の4）" in text
    event = AuditEvent.objects.get(action="dispositions.revocation_send.paper")
    assert event.detail["legal_basis"] == "規程第41条の2第3項"


def test_an_ordinary_points_case_has_no_send_paper(officer, licence):
    points = decided(licence, "revocation", days=None, years=1)
    with pytest.raises(Conflict) as refused:
        papers.revocation_send_paper(officer, points, station=STATION)
    assert refused.value.code == "not_sendable"


def test_an_executed_young_case_has_no_send_paper(officer, licence):
    case = young_case(officer, licence)
    young_revocations.revoke_young_driver_licence(officer, case, handover_date=open_day())
    case.refresh_from_db()
    with pytest.raises(Conflict):
        papers.revocation_send_paper(officer, case, station=STATION)
    assert not AuditEvent.objects.filter(action="dispositions.revocation_send.paper", outcome="success").exists()


def test_a_missing_station_is_refused_in_japanese_and_nothing_is_made(officer, licence):
    case = young_case(officer, licence)
    with pytest.raises(InvalidInput, match="送付先の署") as refused:
        papers.revocation_send_paper(officer, case, station="  ")
    assert refused.value.field == "station"
    assert not AuditEvent.objects.filter(action="dispositions.revocation_send.paper", outcome="success").exists()


def test_a_counter_clerk_and_another_prefectures_officer_may_not_make_it(officer, clerk, osaka_officer, licence):
    case = young_case(officer, licence)
    for actor in (clerk, osaka_officer):
        with pytest.raises(NotPermitted):
            papers.revocation_send_paper(actor, case, station=STATION)
    assert AuditEvent.objects.filter(action="dispositions.revocation_send.paper", outcome="denied").count() == 2


def test_the_case_pages_offer_it_and_the_api_makes_it_or_refuses_a_missing_station(client, login_as, officer,
                                                                                   licence):
    case = young_case(officer, licence)
    login_as(client, officer)
    assert "特例取得免許取消処分書の送付書（規程第41条の2の2第3項）" in client.get(
        f"/dispositions/young-drivers/{case.pk}/").content.decode()
    url = f"/dispositions/cases/{case.pk}/papers/revocation-send.pdf"
    made = client.post(url, {"station": STATION})
    assert made.status_code == 200 and made.content.startswith(b"%PDF")
    bad = client.post(url, {"station": ""})
    assert bad.status_code == 422 and "送付先の署を入力してください" in bad.content.decode()
    api = client.post(f"/api/v1/disposition-cases/{case.pk}/papers/revocation-send.pdf", {"station": STATION},
                      content_type="application/json")
    assert api.status_code == 200 and api.content.startswith(b"%PDF")
    empty = client.post(f"/api/v1/disposition-cases/{case.pk}/papers/revocation-send.pdf", {"station": ""},
                        content_type="application/json")
    assert empty.status_code == 422 and empty.json()["error"]["field"] == "station"


def test_the_retest_page_offers_the_licence_revocation_send_paper(client, login_as, officer, licence):
    case = decided_absent(officer, licence)
    page = login_as(client, officer).get(f"/dispositions/retests/{case.pk}/").content.decode()
    assert "運転免許取消処分書の送付書（規程第41条の2第3項）" in page
