"""The 運転禁止 pages and API: the permit registered on the page (a bad postal code refused in Japanese, nothing
saved), the case opened from the permit's page, a period outside the paragraph's bounds refused on the ban's page,
the execution with the permit held and the papers; the API's operations with 201, 422, 403, 404 and 409."""

import pytest
from django.utils import timezone
from tests.dispositions.conftest import in_days
from tests.dispositions.test_driving_ban import HOLDER, decided, opened

from menkyo.core.wareki import wareki
from menkyo.dispositions.models import DrivingBan, ForeignPermit
from menkyo.rules import driving_ban as law

pytestmark = pytest.mark.django_db


def permit_form(**extra):
    holder = {**HOLDER, "birth_date": HOLDER["birth_date"].isoformat()}
    return {"permit_type": "international", "issuing_country": "アメリカ合衆国", "permit_number": "IDP-9",
            "valid_until": in_days(100).isoformat(), **holder, **extra}


def test_a_clerk_registers_a_permit_on_the_page_and_bad_input_is_refused_in_japanese(client, login_as, clerk):
    login_as(client, clerk)
    assert "国際運転免許証等を登録する" in client.get("/dispositions/driving-bans/").content.decode()
    bad = client.post("/dispositions/driving-bans/permits/new/", permit_form(postal_code="123"))
    assert bad.status_code == 422 and "郵便番号は7桁" in bad.content.decode() and not ForeignPermit.objects.exists()
    done = client.post("/dispositions/driving-bans/permits/new/", permit_form(), follow=True)
    permit = ForeignPermit.objects.get()
    text = done.content.decode()
    assert done.redirect_chain[-1][0] == f"/dispositions/driving-bans/permits/{permit.pk}/"
    assert "国際運転免許証等を登録しました" in text and "アメリカ合衆国" in text and "international" not in text
    assert "処分事案を開始する" not in text  # 「審査」 opens the case


def test_the_officer_opens_the_case_and_proposes_within_the_paragraphs_bounds(client, login_as, officer):
    login_as(client, officer)
    client.post("/dispositions/driving-bans/permits/new/", permit_form())
    permit = ForeignPermit.objects.get()
    empty = client.post(f"/dispositions/driving-bans/permits/{permit.pk}/open/", {"ground": "", "facts": "x"})
    assert empty.status_code == 422 and "運転禁止の事由" in empty.content.decode()
    opened_page = client.post(f"/dispositions/driving-bans/permits/{permit.pk}/open/",
                              {"ground": "速度超過", "facts": "55km/h超過"}, follow=True)
    ban = DrivingBan.objects.get()
    assert opened_page.redirect_chain[-1][0] == f"/dispositions/driving-bans/{ban.pk}/"
    assert "処分案を記録する" in opened_page.content.decode()
    today = timezone.localdate()
    latest = law.period_bounds("general", today)[1]
    refused = client.post(f"/dispositions/driving-bans/{ban.pk}/propose/",
                          {"paragraph": "general", "days": (latest - today).days + 2})
    assert refused.status_code == 422 and "第107条の5第1項" in refused.content.decode()
    done = client.post(f"/dispositions/driving-bans/{ban.pk}/propose/", {"paragraph": "general", "days": 180},
                       follow=True).content.decode()
    assert "処分案（運転禁止）を記録しました" in done and "運転禁止（180日）" in done and "公安委員会" in done


def test_the_clerk_executes_on_the_page_and_prints_the_papers(client, login_as, officer, commission, clerk):
    ban = decided(officer, commission, days=90)
    login_as(client, clerk)
    assert "執行待ち" in client.get("/dispositions/driving-bans/").content.decode()
    missing = client.post(f"/dispositions/driving-bans/{ban.pk}/execute/", {})
    assert missing.status_code == 422 and "提出がないときは" in missing.content.decode()
    done = client.post(f"/dispositions/driving-bans/{ban.pk}/execute/", {"permit_presented": "on"},
                       follow=True).content.decode()
    assert "運転禁止を執行しました" in done and "保管中" in done and f"{wareki(in_days(89))}まで" in done
    for paper in ("decision", "notice"):
        pdf = client.get(f"/dispositions/driving-bans/{ban.pk}/{paper}.pdf")
        assert pdf.status_code == 200 and pdf.content.startswith(b"%PDF")


def test_another_prefecture_and_a_role_without_the_rule_are_kept_out(client, login_as, officer, osaka_officer,
                                                                      make_operator):
    ban = opened(officer)
    login_as(client, osaka_officer)
    assert client.get(f"/dispositions/driving-bans/{ban.pk}/").status_code == 403
    assert client.get(f"/dispositions/driving-bans/permits/{ban.permit_id}/").status_code == 403
    login_as(client, make_operator("hyogo_inquiry", ["inquiry"], "28-001"))
    assert client.get("/dispositions/driving-bans/").status_code == 403


def post(client, url, body):
    return client.post(url, body, content_type="application/json")


def test_the_api_registers_opens_proposes_executes_and_answers_errors(client, login_as, officer, commission, clerk):
    body = {"permit_type": "foreign", "issuing_country": "大韓民国", "permit_number": "KR-1",
            "valid_until": in_days(300).isoformat(), "holder": {**HOLDER, "birth_date": HOLDER["birth_date"].isoformat()}}
    login_as(client, officer)
    bad = post(client, "/api/v1/foreign-permits", {**body, "permit_type": "x"})
    assert bad.status_code == 422 and bad.json()["error"]["field"] == "permit_type"
    made = post(client, "/api/v1/foreign-permits", body)
    assert made.status_code == 201 and made.json()["prefecture"] == "28"
    assert post(client, "/api/v1/foreign-permits", body).status_code == 409
    pid = made.json()["id"]
    assert client.get("/api/v1/foreign-permits/999999").status_code == 404
    case = post(client, f"/api/v1/foreign-permits/{pid}/driving-ban", {"ground": "g", "facts": "f"})
    assert case.status_code == 201 and case.json()["state"] == "pending"
    ban_id = case.json()["id"]
    short = post(client, f"/api/v1/driving-bans/{ban_id}/proposal", {"paragraph": "serious", "days": 30})
    assert short.status_code == 422 and short.json()["error"]["field"] == "days"
    proposed = post(client, f"/api/v1/driving-bans/{ban_id}/proposal", {"paragraph": "serious", "days": 1200})
    assert proposed.status_code == 200 and proposed.json()["authority"] == "commission"
    login_as(client, clerk)
    assert post(client, f"/api/v1/driving-bans/{ban_id}/execution", {}).status_code == 409
    assert post(client, f"/api/v1/foreign-permits/{pid}/driving-ban", {"ground": "g", "facts": "f"}).status_code == 403
    ban = decided(officer, commission, number="IDP-0002")
    executed = post(client, f"/api/v1/driving-bans/{ban.pk}/execution", {"permit_presented": True})
    assert executed.status_code == 200 and executed.json()["state"] == "in_force" and executed.json()["permit_held"]
    early = post(client, f"/api/v1/driving-bans/{ban.pk}/permit-return", {})
    assert early.status_code == 422 and early.json()["error"]["code"] == "ban_running"
    assert client.get(f"/api/v1/driving-bans/{ban.pk}/notice.pdf").content.startswith(b"%PDF")
