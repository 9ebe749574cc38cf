"""The review's services: scoped and audited reads, registering flags, the verdict workflow, the
supervisor's acknowledgement, the watch list, and the terminal and join rows make_inquiry writes."""

from datetime import timedelta

import pytest
from django.utils import timezone

from menkyo.audit.models import AuditEvent
from menkyo.core.context import reset_terminal, set_terminal, terminal_id
from menkyo.core.errors import Conflict, InvalidInput, NotFound, NotPermitted
from menkyo.inquiry import services as inquiry_services
from menkyo.inquiry.models import InquiredPerson
from menkyo.oversight import services
from menkyo.oversight.anomalies import Scope
from menkyo.oversight.models import Review, WatchEntry

from .conftest import at

pytestmark = pytest.mark.django_db


def last(action):
    return AuditEvent.objects.filter(action=action).order_by("-seq").first()


@pytest.fixture
def flagged(world, lookup, hyogo_auditor):
    """A night burst by clerk_b registered for review: (scope, reviews)."""
    clerk = world.operators[1]
    burst = [lookup(clerk, world.people[i], at(world.day, 22, 10 * i)) for i in range(5)]
    scope = world.scope()
    assert services.register_flags(hyogo_auditor, scope) == 5
    return scope, [Review.objects.get(inquiry=i) for i in burst]


def test_make_inquiry_records_the_terminal_and_one_row_per_person_found(world, make_operator):
    hyogo_inquirer = make_operator("hyogo_inquirer", ["inquiry"], "28-001")
    licence = world.people[0].licences.first()
    token = set_terminal("192.0.2.10", terminal_id(session_key="abc"))
    try:
        result = inquiry_services.make_inquiry(hyogo_inquirer, purpose="交通取締り", licence_number=licence.number)
    finally:
        reset_terminal(token)
    inquiry = result.inquiry
    assert inquiry.client_address == "192.0.2.10"
    assert inquiry.terminal == terminal_id(session_key="abc") != "abc"
    row = InquiredPerson.objects.get(inquiry=inquiry)
    assert (row.person_id, row.operator, row.affiliation_id, row.prefecture) == (
        world.people[0].pk, hyogo_inquirer, "28-001", "28")


def test_the_terminal_of_a_bearer_token_never_contains_its_secret():
    name = terminal_id(authorization="Bearer mkd_abcdef_SECRETSECRET")
    assert name == terminal_id(authorization="Bearer mkd_abcdef_OTHERSECRET")  # the key id names it
    assert "SECRET" not in name and len(name) == 32


def test_registering_flags_is_idempotent_and_audited(flagged, hyogo_auditor):
    scope, reviews = flagged
    assert services.register_flags(hyogo_auditor, scope) == 0
    assert reviews[0].patterns == ["off_hours"] and "勤務時間外" in reviews[0].reasons[0]
    assert last("oversight.report.view").detail["new_reviews"] == 0


def test_a_reviewer_marks_a_lookup_improper_with_a_note_and_it_is_audited(flagged, hyogo_auditor):
    _, reviews = flagged
    review = services.decide(hyogo_auditor, reviews[0].pk, verdict="improper", note="私的な照会と認めた")
    assert (review.state, review.note, review.reviewer) == ("improper", "私的な照会と認めた", hyogo_auditor)
    event = last("oversight.review.find_improper")
    assert event.actor == "hyogo_auditor" and event.detail["to"] == "improper"


def test_improper_needs_a_note_and_a_verdict_must_be_known(flagged, hyogo_auditor):
    _, reviews = flagged
    with pytest.raises(InvalidInput) as missing:
        services.decide(hyogo_auditor, reviews[0].pk, verdict="improper", note=" ")
    assert missing.value.field == "note"
    with pytest.raises(InvalidInput) as unknown:
        services.decide(hyogo_auditor, reviews[0].pk, verdict="maybe", note="")
    assert unknown.value.field == "verdict"


def test_a_decided_review_cannot_be_justified_again(flagged, hyogo_auditor):
    _, reviews = flagged
    services.decide(hyogo_auditor, reviews[0].pk, verdict="justified", note="")
    with pytest.raises(Conflict):
        services.decide(hyogo_auditor, reviews[0].pk, verdict="justified", note="")


def test_another_prefectures_reviewer_is_refused_and_the_refusal_audited(flagged, make_operator, expect_one_denial):
    _, reviews = flagged
    osaka = make_operator("osaka_auditor", ["audit"], "27-001")
    with expect_one_denial("oversight.review_inquiry", "oversight.review.justify"):
        with pytest.raises(NotPermitted):
            services.decide(osaka, reviews[0].pk, verdict="justified", note="")


def test_the_operators_supervisor_sees_and_acknowledges_the_finding(flagged, hyogo_auditor, make_operator):
    _, reviews = flagged
    services.decide(hyogo_auditor, reviews[0].pk, verdict="improper", note="私的な照会")
    services.decide(hyogo_auditor, reviews[1].pk, verdict="justified", note="夜間の事故対応")
    chief = make_operator("chief_28001", ["decision"], "28-001", decision_level="section_head")
    other_chief = make_operator("chief_28002", ["decision"], "28-002", decision_level="section_head")
    assert [r.pk for r in services.outcomes(chief)] == [reviews[0].pk]
    assert services.outcomes(other_chief) == []
    with pytest.raises(NotPermitted):
        services.acknowledge(other_chief, reviews[0].pk, note="指導した")
    review = services.acknowledge(chief, reviews[0].pk, note="本人を指導し本部に報告")
    assert (review.state, review.acknowledged_by) == ("acknowledged", chief)
    assert last("oversight.review.acknowledge").actor == "chief_28001"


def test_the_person_report_lists_who_looked_them_up_and_is_audited_with_the_person(world, hyogo_auditor):
    person = world.people[0]
    found, rows = services.lookups_of_person(hyogo_auditor, person.pk)
    assert found == person and {i.actor for i in rows} == {"clerk_a"} and len(rows) == 2
    event = last("oversight.inquiries.view")
    assert event.person_id == person.pk and event.detail["view"] == "person"


def test_another_prefectures_reviewer_sees_none_of_these_lookups(world, make_operator):
    osaka = make_operator("osaka_auditor", ["audit"], "27-001")
    assert services.lookups_of_person(osaka, world.people[0].pk)[1] == []
    with pytest.raises(NotFound):
        services.inquiry_detail(osaka, InquiredPerson.objects.first().inquiry_id)


def test_the_offices_completion_counts_flagged_and_reviewed(flagged, hyogo_auditor, world):
    scope, reviews = flagged
    services.decide(hyogo_auditor, reviews[0].pk, verdict="justified", note="")
    lines = {line.affiliation.code: line for line in services.offices(hyogo_auditor, scope)}
    assert (lines["28-001"].flagged, lines["28-001"].reviewed, lines["28-001"].complete) == (5, 1, False)
    assert lines["28-002"].complete


def test_period_and_office_are_checked_with_japanese_messages(hyogo_auditor, db):
    today = timezone.localdate()
    with pytest.raises(InvalidInput, match="開始日は終了日以前"):
        services.scope_for(hyogo_auditor, today, today - timedelta(days=1))
    with pytest.raises(InvalidInput, match="92日以内"):
        services.scope_for(hyogo_auditor, today - timedelta(days=100), today)
    with pytest.raises(InvalidInput, match="自県の所属にありません"):
        services.scope_for(hyogo_auditor, today, today, "27-001")
    with pytest.raises(InvalidInput, match="YYYY-MM"):
        services.month_scope(hyogo_auditor, "2026/10")


def test_the_watch_list_is_kept_by_the_auditor_and_audited(world, hyogo_auditor, hyogo_counter):
    number = world.people[2].licences.get().number
    entry = services.add_to_watch_list(hyogo_auditor, number, reason="市長")
    assert last("oversight.watch.add").person_id == world.people[2].pk
    with pytest.raises(InvalidInput, match="すでに"):
        services.add_to_watch_list(hyogo_auditor, number, reason="市長")
    with pytest.raises(InvalidInput) as bad_digit:
        services.add_to_watch_list(hyogo_auditor, number[:-1] + str((int(number[-1]) + 1) % 10), reason="市長")
    assert bad_digit.value.field == "licence_number"
    with pytest.raises(NotPermitted):
        services.add_to_watch_list(hyogo_counter, world.people[3].licences.get().number, reason="x")
    services.remove_from_watch_list(hyogo_auditor, entry.pk)
    assert not WatchEntry.objects.filter(active=True).exists()


def test_a_report_read_is_audited_with_its_filters(world, hyogo_auditor):
    scope = Scope("28", world.day, world.day)
    services.report(hyogo_auditor, "off_hours", scope)
    event = last("oversight.report.view")
    assert event.detail["pattern"] == "off_hours" and event.detail["start"] == world.day.isoformat()


def test_an_operators_lookups_are_listed_for_the_period_and_audited(world, hyogo_auditor):
    rows = services.lookups_by_operator(hyogo_auditor, "officer", world.scope())
    assert [i.purpose for i in rows] == ["その他", "捜査", "交通取締り"]
    assert last("oversight.inquiries.view").object_id == "officer"


def test_the_monthly_command_registers_the_flags_of_a_month(world, lookup):
    from io import StringIO

    from django.core.management import call_command

    for i in range(5):
        lookup(world.operators[1], world.people[i], at(world.day, 22, i))
    out = StringIO()
    call_command("oversight", "flag", "--prefecture", "28", "--month", f"{world.day:%Y-%m}", stdout=out)
    assert "5 new reviews" in out.getvalue()
    assert Review.objects.count() == 5


def test_the_operators_particulars_are_set_by_an_admin_and_audited_without_values(hyogo_admin, hyogo_counter):
    from datetime import date

    from menkyo.accounts import services as accounts

    accounts.set_operator_particulars(hyogo_admin, hyogo_counter, family_name_kana="やまだ", birth_date=date(1985, 1, 2),
                                      address_prefecture="28", home_municipality="明石市")
    hyogo_counter.refresh_from_db()
    assert (hyogo_counter.family_name_kana, hyogo_counter.home_municipality) == ("ヤマダ", "明石市")
    event = last("accounts.operator.set_particulars")
    assert "ヤマダ" not in str(event.detail) and "family_name_kana" in event.detail["fields"]
    with pytest.raises(InvalidInput) as bad:
        accounts.set_operator_particulars(hyogo_admin, hyogo_counter, family_name_kana="Yamada")
    assert bad.value.field == "family_name_kana"


def test_the_shell_sets_an_operators_particulars(hyogo_counter):
    from django.core.management import call_command

    call_command("operator", "particulars", "hyogo_counter", "--family-kana", "タナカ", "--municipality", "神戸市")
    hyogo_counter.refresh_from_db()
    assert hyogo_counter.family_name_kana == "タナカ"
