"""Deadlines at risk (ADR 0016 part 7): the consolidated list of the dispositions work (仮停止, hearing notices and
期日, the search before 執行不能, 保留's end, course notices, hand-offs), soonest first with the days left and the
article, per role and prefecture, in a bounded number of queries; the daily job raising the ones due soon into the
office's inbox; the page, its CSV and the API."""

from datetime import timedelta

import pytest
from django.core.management import call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext
from tests.dispositions.conftest import decided, in_days, revocation_case
from tests.dispositions.test_interim import impose
from tests.dispositions.test_medical import ordered
from tests.dispositions.test_provisional import report
from tests.violations.conftest import SYSTEM

from menkyo.audit.models import AuditEvent
from menkyo.core.actors import SystemActor
from menkyo.core.errors import NotFound, NotPermitted
from menkyo.dispositions import deadlines
from menkyo.dispositions import execution as execution_services
from menkyo.dispositions import services as case_services
from menkyo.dispositions.models import (
    ApplicantDisposition,
    Case,
    CaseState,
    CaseType,
    DeadlineNotice,
    Handoff,
    HandoffKind,
    Hearing,
)
from menkyo.registry import services as registry
from menkyo.violations.models import CourseKind, CourseNotice, CourseNoticeState

pytestmark = pytest.mark.django_db
K = deadlines.Kind


def kinds_of(items):
    return [item.kind for item in items]


def by_kind(items, kind):
    return next(item for item in items if item.kind == kind)


def hearing(officer, licence, hearing_in=7, served_in=0, public=False):
    case = revocation_case(licence)
    return case_services.schedule_hearing(officer, case, hearing_date=in_days(hearing_in), place="兵庫県運転免許試験場",
                                          notice_served=in_days(served_in), public_service=public)


def summoned(officer, licence, appear_in=-15):
    case = decided(licence)
    execution_services.summon_for_execution(officer, case, appear_on=in_days(0), place="運転免許課")
    case.execution.__class__.objects.filter(case=case).update(appear_on=in_days(appear_in),
                                                              search_until=in_days(appear_in + 19))
    return case


def deferral(licence, ends_in=2):
    case = decided(licence, kind="deferral", days=90)
    Case.objects.filter(pk=case.pk).update(state=CaseState.EXECUTED)
    ApplicantDisposition.objects.create(case=case, notified_on=in_days(-88), deferral_starts_on=in_days(-88),
                                        deferral_ends_on=in_days(ends_in))
    return case


def course(licence, deadline_in=10):
    case = revocation_case(licence)
    return CourseNotice.objects.create(prefecture_id="28", person=licence.person, kind=CourseKind.VIOLATOR,
                                       period_key="2026-03-01", assessment=case.assessment,
                                       state=CourseNoticeState.SENT, sent_on=in_days(-20), deadline=in_days(deadline_in))


def handoff(licence, sent_ago=3):
    case = revocation_case(licence)
    return Handoff.objects.create(case=case, person=licence.person, kind=HandoffKind.TRANSFER, from_prefecture_id="28",
                                  to_prefecture_id="27", sent_on=in_days(-sent_ago), sent_by="hyogo_case")


def holder(holder_data, n):
    data = {**holder_data, "birth_date": holder_data["birth_date"] + timedelta(days=n)}
    return registry.register_holder(SYSTEM, data)


def test_a_provisional_suspension_on_its_fourth_day_shows_the_papers_due_today_first_with_its_article(
        officer, licence):
    report(officer, licence, days_ago=4)
    items = deadlines.deadlines_for(officer)
    assert kinds_of(items) == [K.PROVISIONAL_PAPERS, K.PROVISIONAL_EXPLANATION, K.PROVISIONAL_END]
    papers = items[0]
    assert (papers.due, papers.days_left, str(papers.article)) == (in_days(0), 0, "規程第39条第3項")
    assert items[2].days_left == 25 and papers.office_name == "運転免許課"


def test_a_hearing_noticed_today_for_seven_days_on_must_go_today_and_its_date_follows(officer, licence):
    hearing(officer, licence, hearing_in=7, served_in=0)
    items = deadlines.deadlines_for(officer)
    assert kinds_of(items) == [K.HEARING_NOTICE, K.HEARING]
    assert (items[0].due, items[0].days_left, str(items[0].article)) == (in_days(0), 0, "規程第44条")
    assert items[1].due == in_days(7)


def test_a_notice_by_public_service_must_go_fourteen_days_before_and_a_notice_served_is_not_listed(officer, licence):
    found = hearing(officer, licence, hearing_in=20, served_in=2, public=True)
    assert by_kind(deadlines.deadlines_for(officer), K.HEARING_NOTICE).due == in_days(6)
    later = deadlines.deadlines_for(officer, day=found.notice_served + timedelta(days=1))
    assert kinds_of(later) == [K.HEARING]


def test_the_search_of_a_summoned_disposition_and_the_end_of_a_deferral_are_listed_with_their_articles(
        officer, holder_data):
    summoned(officer, holder(holder_data, 1))
    deferral(holder(holder_data, 2), ends_in=2)
    items = deadlines.deadlines_for(officer)
    assert kinds_of(items) == [K.DEFERRAL_END, K.SEARCH]
    assert [str(i.article) for i in items] == ["規程第25条", "規程第37条"]
    assert by_kind(items, K.SEARCH).due == in_days(4)


def test_a_course_notice_sent_and_a_hand_off_waiting_come_last_without_a_date(officer, osaka_officer, holder_data):
    course(holder(holder_data, 1), deadline_in=10)
    handoff(holder(holder_data, 2), sent_ago=3)
    items = deadlines.deadlines_for(officer)
    assert kinds_of(items) == [K.COURSE, K.HANDOFF_SENT]
    assert items[1].due is None and items[1].waiting_days == 3 and "大阪府" in items[1].detail
    osaka = deadlines.deadlines_for(osaka_officer)
    assert kinds_of(osaka) == [K.HANDOFF_RECEIVED]


def test_a_counter_clerk_sees_the_search_and_the_deferral_and_a_decider_sees_every_kind(
        officer, clerk, commission, holder_data):
    report(officer, holder(holder_data, 1), days_ago=1)
    summoned(officer, holder(holder_data, 2))
    deferral(holder(holder_data, 3))
    assert set(kinds_of(deadlines.deadlines_for(clerk))) == {K.SEARCH, K.DEFERRAL_END}
    assert set(kinds_of(deadlines.deadlines_for(commission))) == {
        K.SEARCH, K.DEFERRAL_END, K.PROVISIONAL_PAPERS, K.PROVISIONAL_EXPLANATION, K.PROVISIONAL_END}


def test_another_prefecture_sees_none_of_the_deadlines_and_a_device_is_refused(osaka_officer, officer, licence,
                                                                              make_device):
    report(officer, licence)
    assert deadlines.deadlines_for(osaka_officer) == []
    with pytest.raises(NotPermitted):
        deadlines.deadlines_for(make_device("terminal", "own"))


def test_the_office_filter_and_the_window_keep_the_offices_and_the_near_ones(officer, make_operator, holder_data):
    report(officer, holder(holder_data, 1), days_ago=1)
    station = make_operator("akashi_case", ["case_officer"], "28-002")
    report(station, holder(holder_data, 2), days_ago=0)
    mine = deadlines.deadlines_for(station, mine=True)
    assert {item.office_name for item in mine} == {"明石運転免許試験場"} and len(mine) == 3
    near = deadlines.deadlines_for(officer, within=3)
    assert [(i.kind, i.days_left, i.office_name) for i in near] == [(K.PROVISIONAL_PAPERS, 3, "運転免許課")]


def test_the_list_is_audited(officer, licence):
    report(officer, licence)
    deadlines.deadlines_for(officer)
    event = AuditEvent.objects.filter(action="dispositions.deadline.list", actor="hyogo_case").get()
    assert event.detail["count"] == 3 and len(event.detail["cases"]) == 1


def missed_hearing(officer, licence):
    """A 若年 取消 decided after an 意見の聴取 the driver missed (notice 20 days ago): its 取消手配 falls due."""
    case = Case.objects.create(prefecture_id="28", person_id=licence.person_id, case_type=CaseType.YOUNG_DRIVER,
                               state=CaseState.DECIDED, kind="revocation", decided_kind="revocation", opened_by="test")
    Hearing.objects.create(case=case, kind="opinion_hearing", hearing_date=in_days(-10), place="本部",
                           notice_served=in_days(-20), attendance="absent", scheduled_by=officer.username)
    return case


def test_a_missed_hearing_of_a_decided_young_revocation_lists_its_alert_from_the_31st_day(officer, licence):
    case = missed_hearing(officer, licence)
    item = by_kind(deadlines.deadlines_for(officer), K.REVOCATION_ALERT)
    assert (item.case_id, item.due, str(item.article)) == (case.pk, in_days(11), "規程第41条の2の2第2項")


def _all_kinds(officer, holder_data, n):
    base = n * 10
    report(officer, holder(holder_data, base + 1), days_ago=1)
    hearing(officer, holder(holder_data, base + 2))
    summoned(officer, holder(holder_data, base + 3))
    deferral(holder(holder_data, base + 4))
    course(holder(holder_data, base + 5))
    handoff(holder(holder_data, base + 6))
    ordered(officer, holder(holder_data, base + 7))
    missed_hearing(officer, holder(holder_data, base + 8))


def test_the_list_costs_the_same_number_of_queries_for_one_or_three_of_each_kind(officer, holder_data):
    _all_kinds(officer, holder_data, 1)
    assert officer.affiliation.code == "28-001"  # loaded once, as on a request
    with CaptureQueriesContext(connection) as one:
        assert len(deadlines.deadlines_for(officer)) == 11
    _all_kinds(officer, holder_data, 2)
    _all_kinds(officer, holder_data, 3)
    with CaptureQueriesContext(connection) as three:
        assert len(deadlines.deadlines_for(officer)) == 33
    assert len(three) == len(one) <= 14  # ten sources and the audit event (four statements on SQLite, one on PostgreSQL)


def test_a_medical_test_day_is_listed_for_the_case_officer_and_raised_prefecture_wide(officer, clerk, licence):
    """規程第26条の3: the day set in a 臨適通知 or 診断書提出命令; the result (第27条の2) follows it."""
    matter = ordered(officer, licence, due_in=2)
    item = by_kind(deadlines.deadlines_for(officer), K.MEDICAL)
    assert (item.due, item.days_left, item.target, item.target_id) == (in_days(2), 2, "medical", matter.pk)
    assert "第26条の3" in str(item.article) and "臨時適性検査" in item.detail
    assert K.MEDICAL not in kinds_of(deadlines.deadlines_for(clerk))  # 窓口 does not record the result
    deadlines.raise_deadlines(SystemActor("task:deadlines"), in_days(0))
    notice = DeadlineNotice.objects.get(kind=K.MEDICAL)
    assert (notice.affiliation, notice.prefecture_id, notice.case) == (None, "28", None)


def test_an_interim_suspension_shows_its_explanation_to_the_officer_and_its_end_to_the_commission(
        officer, commission, licence):
    """法第104条の2の3: the 弁明 within the days of ``rules.interim_suspension``; the term's last day is the
    commission's to watch (it lifts, 規程第34条第5項)."""
    interim = impose(commission, ordered(officer, licence))
    mine = deadlines.deadlines_for(officer)
    item = by_kind(mine, K.INTERIM_EXPLANATION)
    assert (item.due, item.target, item.target_id) == (interim.explanation_due, "interim", interim.pk)
    assert K.INTERIM_END not in kinds_of(mine)
    end = by_kind(deadlines.deadlines_for(commission), K.INTERIM_END)
    assert end.due == interim.ends_on and end.case_id == interim.case_id


# --- the daily job and the inbox -------------------------------------------------------------------


def test_the_daily_job_raises_the_ones_due_within_the_set_days_into_the_offices_inbox_once(officer, holder_data):
    report(officer, holder(holder_data, 1), days_ago=4)  # papers today, 弁明 in 4 days, end in 25 days
    deferral(holder(holder_data, 2), ends_in=2)
    call_command("dispositions", "deadlines")
    raised = DeadlineNotice.objects.order_by("due", "key")
    assert [(n.kind, n.affiliation.code if n.affiliation else None) for n in raised] == [
        (K.PROVISIONAL_PAPERS, "28-001"), (K.DEFERRAL_END, None)]
    event = AuditEvent.objects.get(action="dispositions.deadline.raise")
    assert event.subject_prefecture_code == "28" and len(event.detail["keys"]) == 2
    deadlines.raise_deadlines(SystemActor("task:again"), in_days(1))
    assert DeadlineNotice.objects.count() == 3  # the 弁明 (in 3 days from tomorrow) only; nothing raised twice


def test_the_daily_job_raises_every_prefectures_rows_in_one_run_and_audits_each_prefecture(
        officer, osaka_officer, holder_data):
    report(officer, holder(holder_data, 1), days_ago=4)
    report(osaka_officer, holder(holder_data, 2), days_ago=4)
    result = deadlines.raise_deadlines(SystemActor("task:test"), in_days(0))
    assert result["prefectures"] == {"27": 1, "28": 1}
    events = AuditEvent.objects.filter(action="dispositions.deadline.raise")
    assert sorted(e.subject_prefecture_code for e in events) == ["27", "28"]


def test_a_page_keeps_to_its_limit_per_source_and_the_job_to_what_falls_due(officer, holder_data):
    for n in (1, 2, 3):
        report(officer, holder(holder_data, n), days_ago=n)
    kinds = frozenset({K.PROVISIONAL_PAPERS})
    assert len(deadlines.collect(officer, deadlines.Scope(in_days(0), kinds, limit=2))) == 2
    due = deadlines.collect(SystemActor("task:test"), deadlines.Scope(in_days(0), kinds, until=in_days(2), limit=None))
    assert [item.days_left for item in due] == [1, 2]


def test_the_set_number_of_days_is_a_setting(officer, licence, settings):
    settings.MENKYO = {**settings.MENKYO, "DEADLINE_NOTICE_DAYS": 30}
    report(officer, licence, days_ago=4)
    result = deadlines.raise_deadlines(SystemActor("task:test"), in_days(0))
    assert result["raised"] == 3 and result["prefectures"] == {"28": 3}


def test_an_operator_may_not_run_the_daily_job(officer):
    with pytest.raises(NotPermitted):
        deadlines.raise_deadlines(officer, in_days(0))


def test_a_notice_is_read_by_its_office_and_the_prefecture_wide_one_by_anyone_there(
        officer, clerk, make_operator, osaka_officer, holder_data):
    station = make_operator("akashi_case", ["case_officer"], "28-002")
    report(station, holder(holder_data, 1), days_ago=4)
    deferral(holder(holder_data, 2), ends_in=0)
    deadlines.raise_deadlines(SystemActor("task:test"), in_days(0))
    station_notice = DeadlineNotice.objects.get(kind=K.PROVISIONAL_PAPERS)
    wide = DeadlineNotice.objects.get(kind=K.DEFERRAL_END)
    assert [n.pk for n in deadlines.notices_for(station)] == [wide.pk, station_notice.pk]
    assert [n.pk for n in deadlines.notices_for(officer)] == [wide.pk]
    assert [n.pk for n in deadlines.notices_for(clerk)] == [wide.pk]
    with pytest.raises(NotFound):
        deadlines.mark_deadline_notice_read(officer, station_notice.pk)
    with pytest.raises(NotPermitted):
        deadlines.mark_deadline_notice_read(osaka_officer, wide.pk)
    assert deadlines.mark_deadline_notice_read(clerk, wide.pk).read_by == "hyogo_clerk"
    assert deadlines.notices_for(clerk) == []
    assert AuditEvent.objects.filter(action="dispositions.deadline.read", object_id=str(wide.pk)).exists()


# --- page, CSV, API, inbox -------------------------------------------------------------------------


def test_the_page_lists_the_deadlines_in_japanese_with_the_days_left_and_the_csv_downloads(
        client, login_as, officer, licence):
    report(officer, licence, days_ago=4)
    login_as(client, officer)
    text = client.get("/dispositions/deadlines/").content.decode()
    assert "仮停止の関係書類の送付期限" in text and "本日" in text and "規程第39条第3項" in text
    assert "provisional_papers" not in text.replace("kind-provisional_papers", "")
    csv = b"".join(client.get("/dispositions/deadlines.csv").streaming_content).decode("utf-8-sig")
    assert csv.splitlines()[0].startswith("期限日,残り日数,期限") and "仮停止の弁明の機会の期限" in csv


def test_the_api_lists_the_deadlines_and_the_notices_and_marks_one_read(client, login_as, officer, licence):
    report(officer, licence, days_ago=4)
    deadlines.raise_deadlines(SystemActor("task:test"), in_days(0))
    login_as(client, officer)
    listed = client.get("/api/v1/disposition-deadlines?within=5").json()["items"]
    assert [(i["kind"], i["days_left"], i["article"]) for i in listed] == [
        ("provisional_papers", 0, "規程第39条第3項"), ("provisional_explanation", 4, "規程第39条第2項")]
    assert client.get("/api/v1/disposition-deadlines?within=x").status_code == 422
    assert client.get("/api/v1/disposition-deadlines?within=400").status_code == 422
    notices = client.get("/api/v1/disposition-deadline-notices").json()
    assert [n["kind"] for n in notices] == ["provisional_papers"]
    read = client.post(f"/api/v1/disposition-deadline-notices/{notices[0]['id']}/read")
    assert read.status_code == 200 and read.json()["read"] is True
    assert client.post("/api/v1/disposition-deadline-notices/999999/read").status_code == 404


def test_the_alerts_inbox_shows_the_unread_deadline_notices(client, login_as, officer, licence):
    report(officer, licence, days_ago=4)
    deadlines.raise_deadlines(SystemActor("task:test"), in_days(0))
    login_as(client, officer)
    text = client.get("/alerts/inbox/").content.decode()
    assert "期限の通知（行政処分、未読1件）" in text and "仮停止の関係書類の送付期限" in text
