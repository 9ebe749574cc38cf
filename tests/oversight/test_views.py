"""The review's pages: the reports with filters, drill-down, CSV (injection-safe), the verdict form,
the person report for disclosure requests, the offices' completion, the supervisor's outcomes."""

import pytest

from menkyo.audit.models import AuditEvent
from menkyo.oversight.models import Review, WatchEntry

from .conftest import at

pytestmark = pytest.mark.django_db


@pytest.fixture
def auditor_client(client, login_as, hyogo_auditor):
    return login_as(client, hyogo_auditor)


@pytest.fixture
def burst(world, lookup):
    clerk = world.operators[1]
    return [lookup(clerk, world.people[i], at(world.day, 22, 10 * i), purpose="その他", note="=HYPERLINK(\"x\")")
            for i in range(5)]


def period(world):
    return f"start={world.scope().start}&end={world.scope().end}"


def test_the_index_shows_each_reports_count_for_the_period(auditor_client, world, burst):
    page = auditor_client.get(f"/oversight/?{period(world)}")
    assert page.status_code == 200
    text = page.content.decode()
    assert "勤務時間外の集中照会" in text and "業務につながらない照会" in text


def test_a_report_lists_the_flagged_lookups_with_their_reason(auditor_client, world, burst):
    page = auditor_client.get(f"/oversight/reports/off_hours/?{period(world)}")
    text = page.content.decode()
    assert page.status_code == 200 and text.count('class="flagged"') == 5 and "勤務時間外" in text
    assert AuditEvent.objects.filter(action="oversight.report.view", object_id="off_hours").exists()


def test_the_csv_export_is_safe_for_spreadsheets_and_audited(auditor_client, world, burst, lookup, make_operator):
    odd = make_operator("@sum", ["counter"], "28-001")  # a name a spreadsheet would read as a formula
    for i in range(5):
        lookup(odd, world.people[i], at(world.day, 5, i))
    answer = auditor_client.get(f"/oversight/reports/off_hours/?{period(world)}&format=csv")
    assert answer["Content-Type"].startswith("text/csv")
    body = b"".join(answer.streaming_content).decode("utf-8-sig")
    assert ",'@sum," in body and ",@sum," not in body
    assert body.splitlines()[0].startswith("照会番号,照会日時")
    assert len(body.strip().splitlines()) == 11
    assert AuditEvent.objects.filter(action="oversight.inquiries.export").exists()


def test_bad_filters_are_reported_in_japanese_and_nothing_is_read(auditor_client, world):
    page = auditor_client.get("/oversight/reports/off_hours/?start=2026-13-01")
    assert "日付は YYYY-MM-DD の形式で入力してください。" in page.content.decode()
    page = auditor_client.get("/oversight/reports/off_hours/?affiliation=27-001")
    assert "自県の所属から選択してください" in page.content.decode()
    assert not AuditEvent.objects.filter(action="oversight.report.view").exists()


def test_an_unknown_report_is_404(auditor_client):
    assert auditor_client.get("/oversight/reports/nothing/").status_code == 404


def test_the_reviewer_registers_flags_drills_down_and_marks_a_lookup_improper(auditor_client, world, burst):
    scope = world.scope()
    auditor_client.post("/oversight/", {"start": scope.start, "end": scope.end, "affiliation": ""})
    review = Review.objects.get(inquiry=burst[0])
    page = auditor_client.get(f"/oversight/inquiries/{burst[0].pk}/")
    assert "勤務時間外" in page.content.decode() and "verdict-form" in page.content.decode()
    missing = auditor_client.post(f"/oversight/inquiries/{burst[0].pk}/", {"review": review.pk, "verdict": "improper"})
    assert missing.status_code == 400 and "所見（理由）を入力してください。" in missing.content.decode()
    done = auditor_client.post(f"/oversight/inquiries/{burst[0].pk}/",
                               {"review": review.pk, "verdict": "improper", "note": "私的照会"}, follow=True)
    assert "不適正（所属長へ報告）" in done.content.decode()


def test_the_person_report_is_printable_and_exportable(auditor_client, world):
    person = world.people[0]
    page = auditor_client.get(f"/oversight/persons/{person.pk}/")
    assert "この人を照会した者" in page.content.decode() and "clerk_a" in page.content.decode()
    csv = b"".join(auditor_client.get(f"/oversight/persons/{person.pk}/?format=csv").streaming_content).decode(
        "utf-8-sig")
    assert len(csv.strip().splitlines()) == 3


def test_operator_and_offices_pages(auditor_client, world):
    assert "clerk_a" in auditor_client.get(f"/oversight/operators/clerk_a/?{period(world)}").content.decode()
    page = auditor_client.get("/oversight/offices/?month=2026-99")
    assert page.status_code == 400 and "YYYY-MM" in page.content.decode()
    assert auditor_client.get(f"/oversight/offices/?month={world.day:%Y-%m}").status_code == 200


def test_a_counter_clerk_is_refused_the_review_with_the_rules_message(client, login_as, hyogo_counter):
    login_as(client, hyogo_counter)
    page = client.get("/oversight/")
    assert page.status_code == 403 and "照会履歴を確認する権限がありません" in page.content.decode()


def test_the_watch_list_page_adds_with_japanese_errors(auditor_client, world):
    page = auditor_client.post("/oversight/watch/", {"licence_number": "", "reason": ""}).content.decode()
    assert "免許証番号を入力してください。" in page and "登録理由を入力してください" in page
    page = auditor_client.post("/oversight/watch/", {"licence_number": "abc", "reason": "県議会議員"})
    assert "免許証番号" in page.content.decode() and not WatchEntry.objects.exists()
    number = world.people[1].licences.get().number
    auditor_client.post("/oversight/watch/", {"licence_number": number, "reason": "県議会議員"})
    listed = auditor_client.get("/oversight/watch/").content.decode()
    assert "県議会議員" in listed and world.people[1].name in listed


def test_an_admin_enters_an_operators_particulars_on_screen(client, login_as, hyogo_admin, hyogo_counter):
    login_as(client, hyogo_admin)
    url = f"/operators/{hyogo_counter.pk}/particulars/"
    assert "照会審査用情報" in client.get(url).content.decode()
    bad = client.post(url, {"family_name_kana": "yamada", "birth_date": "1985/1/2"})
    assert "日付は YYYY-MM-DD の形式で入力してください。" in bad.content.decode()
    done = client.post(url, {"family_name_kana": "ヤマダ", "birth_date": "1985-01-02", "address_prefecture": "28",
                             "home_municipality": "明石市"})
    assert done.status_code == 302
    hyogo_counter.refresh_from_db()
    assert (hyogo_counter.family_name_kana, str(hyogo_counter.birth_date)) == ("ヤマダ", "1985-01-02")
    kana = client.post(url, {"family_name_kana": "yamada"})
    assert "氏（カナ）はカタカナで入力してください。" in kana.content.decode()
