"""The papers of ADR 0016 part 7: the 処分猶予通知書 with its 請書 for a deferred case (規程第32条第2項), the 出頭命令書
and the 免許証保管証 for a 被処分手配者 found (規程第45条第3項; 法第104条の3) — each only where its step happened,
audited, on the case and execution pages and through the API."""

import pytest
from tests.dispositions.conftest import MARCH, decided, in_days, register
from tests.dispositions.test_execution import BATCH
from tests.documents.pdf import flat, pdf_text

from menkyo.audit.models import AuditEvent
from menkyo.core.errors import Conflict, InvalidInput, NotPermitted
from menkyo.core.wareki import wareki
from menkyo.dispositions import execution as execution_services
from menkyo.dispositions import more_papers
from menkyo.dispositions import services as case_services

pytestmark = pytest.mark.django_db


def deferred(licence, section_head):
    register(licence, "speeding_30_50", MARCH)  # 6 points: 停止30日
    case = licence.person.disposition_cases.get()
    return case_services.defer_case(section_head, case, reason="業務上の必要（家族の介護）")


def unexecutable(licence, officer):
    case = decided(licence)
    execution_services.summon_for_execution(officer, case, appear_on=in_days(0), place="運転免許課")
    execution_services.unexecutable_due(BATCH, in_days(20))
    case.refresh_from_db()
    return case


def test_a_deferred_case_has_its_deferral_notice_with_the_pledge_to_sign_and_the_rendering_is_audited(
        licence, officer, section_head):
    case = deferred(licence, section_head)
    made = more_papers.deferral_notice(officer, case)
    text = flat(pdf_text(made.pdf))
    assert "処分猶予通知書" in text and "業務上の必要（家族の介護）" in text and "請書（誓約書）" in text
    assert made.pages == 2
    event = AuditEvent.objects.get(action="dispositions.deferral.paper")
    assert (event.object_id, event.detail["legal_basis"]) == (str(case.pk), "規程第32条第2項")


def test_an_open_case_has_no_deferral_notice_and_a_counter_clerk_may_not_make_one(licence, clerk, officer,
                                                                                   section_head):
    register(licence, "speeding_30_50", MARCH)
    case = licence.person.disposition_cases.get()
    with pytest.raises(Conflict) as refused:
        more_papers.deferral_notice(officer, case)
    assert refused.value.code == "not_deferred"
    case_services.defer_case(section_head, case, reason="理由")
    with pytest.raises(NotPermitted):
        more_papers.deferral_notice(clerk, case)


def test_an_unexecutable_case_has_its_appearance_order_and_the_card_custody_receipt(licence, officer, clerk):
    case = unexecutable(licence, officer)
    made = more_papers.appearance_order(clerk, case, appear_on=in_days(3), place="兵庫県警察本部運転免許課",
                                        card_held=True)
    text = flat(pdf_text(made.pdf))
    assert "出頭命令書" in text and "免許証保管証" in text and flat(wareki(in_days(3))) in text
    assert made.pages == 2
    event = AuditEvent.objects.get(action="dispositions.appearance_order.paper")
    assert event.detail["legal_basis"] == "規程第45条第3項"


def test_a_decided_case_not_yet_unexecutable_has_no_appearance_order(licence, clerk):
    with pytest.raises(Conflict) as refused:
        more_papers.appearance_order(clerk, decided(licence), appear_on=in_days(1), place="本部")
    assert refused.value.code == "not_unexecutable"


def test_a_past_day_and_a_missing_place_are_refused_naming_the_field(licence, officer, clerk):
    case = unexecutable(licence, officer)
    for extra, field in (({"appear_on": in_days(-1)}, "appear_on"), ({"place": " "}, "place")):
        with pytest.raises(InvalidInput) as refused:
            more_papers.appearance_order(clerk, case, **{"appear_on": in_days(1), "place": "本部", **extra})
        assert refused.value.field == field
    assert not AuditEvent.objects.filter(action="dispositions.appearance_order.paper").exists()


def test_the_pages_link_the_papers_and_the_api_makes_them(client, login_as, licence, officer, section_head):
    case = deferred(licence, section_head)
    login_as(client, officer)
    page = client.get(f"/dispositions/cases/{case.pk}/").content.decode()
    assert "処分猶予通知書・請書" in page
    pdf = client.get(f"/dispositions/cases/{case.pk}/papers/deferral-notice.pdf")
    assert pdf.status_code == 200 and pdf.content.startswith(b"%PDF")
    api = client.get(f"/api/v1/disposition-cases/{case.pk}/papers/deferral-notice.pdf")
    assert api.status_code == 200 and api.content.startswith(b"%PDF")


def test_the_execution_page_orders_the_appearance_and_a_bad_day_is_refused_in_japanese(
        client, login_as, licence, officer):
    case = unexecutable(licence, officer)
    login_as(client, officer)
    assert "出頭命令書を作成する" in client.get(f"/dispositions/executions/{case.pk}/").content.decode()
    url = f"/dispositions/executions/{case.pk}/papers/appearance-order.pdf"
    made = client.post(url, {"appear_on": in_days(2).isoformat(), "place": "運転免許課"})
    assert made.status_code == 200 and made.content.startswith(b"%PDF")
    bad = client.post(url, {"appear_on": in_days(-2).isoformat(), "place": "運転免許課"})
    assert bad.status_code == 400 and "本日以降" in bad.content.decode()
    api = client.post(f"/api/v1/disposition-cases/{case.pk}/papers/appearance-order.pdf",
                      {"appear_on": in_days(-2).isoformat(), "place": "運転免許課"}, content_type="application/json")
    assert api.status_code == 422 and api.json()["error"]["field"] == "appear_on"
