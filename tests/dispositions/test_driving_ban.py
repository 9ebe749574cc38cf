"""運転禁止 of 国際運転免許証・外国運転免許証 holders (道路交通法第107条の5; 規程第30条第2項, 第31条第2項, 第49条): the
permit registered with its holder (found or new, no licence number), the case opened from it, the proposal's period
bounded by the paragraph the reviewer names (not by part 2's 365 days), part 2's 意見の聴取 and the 公安委員会's
decision, the execution with the permit held, its return at the end, the daily job, and the papers."""

import pytest
from django.utils import timezone
from tests.dispositions.conftest import in_days

from menkyo.audit.models import AuditEvent
from menkyo.core.errors import Conflict, InvalidInput, NotPermitted
from menkyo.dispositions import driving_ban as services
from menkyo.dispositions import services as cases
from menkyo.dispositions.driving_ban_papers import driving_ban_paper
from menkyo.dispositions.models import BanState, CaseState, CaseType, DrivingBan, ForeignPermit
from menkyo.registry.models import HistoryEvent, Person
from menkyo.rules import driving_ban as law

pytestmark = pytest.mark.django_db

HOLDER = {"name": "SMITH JOHN", "name_kana": "スミス ジョン", "birth_date": timezone.localdate().replace(year=1990),
          "sex": "1", "nationality": "アメリカ合衆国", "postal_code": "6500001",
          "address": "兵庫県神戸市中央区加納町6丁目5番1号"}


def register(actor, number="IDP-0001", **extra):
    data = {"permit_type": "international", "issuing_country": "アメリカ合衆国", "permit_number": number,
            "valid_until": in_days(200), "holder": dict(HOLDER)}
    return services.register_foreign_permit(actor, **{**data, **extra})


def opened(officer, permit=None):
    return services.open_driving_ban_case(officer, permit or register(officer), ground="速度超過（50km/h以上）",
                                          facts="国道2号で法定速度を55km/h超過して運転した。")


def heard(officer, ban, days=365, paragraph="general"):
    """Proposed, the 意見の聴取 held today (notice a week ago) and sent to the decision."""
    services.propose_driving_ban(officer, ban, paragraph=paragraph, days=days)
    hearing = cases.schedule_hearing(officer, ban.case, hearing_date=in_days(0), place="運転免許課",
                                     notice_served=in_days(-7))
    cases.record_hearing(officer, hearing, attendance="attended", statement="反省している")
    cases.submit_case(officer, ban.case)
    ban.case.refresh_from_db()
    return ban


def decided(officer, commission, days=365, number="IDP-0001"):
    """A ban decided by the commission; another ``number`` is another person's permit."""
    holder = {**HOLDER, "name_kana": "スミス ジョン" if number == "IDP-0001" else "スミス ジェーン"}
    ban = heard(officer, opened(officer, register(officer, number=number, holder=holder)), days)
    cases.decide_case(commission, ban.case, reason="基本量定書による")
    return services.load_ban(ban.pk)


def test_a_permit_is_registered_with_a_new_holder_and_no_licence_number(officer):
    permit = register(officer)
    person = permit.person
    assert (person.nationality, person.name, person.address_prefecture_id) == ("アメリカ合衆国", "SMITH JOHN", "28")
    assert permit.prefecture_id == "28" and not person.licences.exists()
    event = AuditEvent.objects.get(action=services.Action.REGISTER)
    assert event.detail["person_found"] is False and event.detail["legal_basis"] == "規程第30条第2項"
    assert HistoryEvent.objects.filter(person=person, event_type="foreign_permit.register").exists()


def test_a_second_permit_of_the_same_person_finds_them_in_the_register(officer):
    first = register(officer)
    second = register(officer, number="DL-77", permit_type="foreign")
    assert second.person_id == first.person_id and Person.objects.count() == 1
    assert AuditEvent.objects.filter(action=services.Action.REGISTER).last().detail["person_found"] is True


def test_the_same_permit_twice_and_bad_input_are_refused_naming_the_field(officer):
    register(officer)
    with pytest.raises(Conflict) as twice:
        register(officer)
    assert twice.value.code == "already_registered"
    for extra, field in (({"permit_type": "domestic"}, "permit_type"), ({"issuing_country": " "}, "issuing_country"),
                         ({"valid_until": "2026-02-30"}, "valid_until"),
                         ({"holder": {**HOLDER, "nationality": ""}}, "nationality"),
                         ({"holder": {**HOLDER, "postal_code": "123"}}, "postal_code")):
        with pytest.raises(InvalidInput) as refused:
            register(officer, number="X-1", **extra)
        assert refused.value.field == field
    assert ForeignPermit.objects.count() == 1


def test_another_prefecture_may_not_register_a_permit_of_a_hyogo_resident(osaka_officer):
    with pytest.raises(NotPermitted):
        register(osaka_officer)
    assert not ForeignPermit.objects.exists()


def test_the_case_opens_from_the_permit_once_per_person(officer):
    ban = opened(officer)
    case = ban.case
    assert (case.case_type, case.state, case.prefecture_id, case.points_based) == (
        CaseType.DRIVING_BAN, CaseState.REVIEW, "28", False)
    assert ban.state == BanState.PENDING and AuditEvent.objects.filter(action=services.Action.OPEN).exists()
    with pytest.raises(Conflict) as again:
        opened(officer, ban.permit)
    assert again.value.code == "case_open"
    with pytest.raises(InvalidInput):
        services.open_driving_ban_case(officer, ban.permit, ground="", facts="x")


def test_the_proposal_is_bounded_by_the_paragraph_the_reviewer_names(officer):
    ban = opened(officer)
    today = timezone.localdate()
    _, latest = law.period_bounds("general", today)
    with pytest.raises(InvalidInput) as too_long:
        services.propose_driving_ban(officer, ban, paragraph="general", days=(latest - today).days + 2)
    assert too_long.value.field == "days" and "第107条の5第1項" in too_long.value.message
    earliest, _ = law.period_bounds("serious", today)
    with pytest.raises(InvalidInput) as too_short:
        services.propose_driving_ban(officer, ban, paragraph="serious", days=365)
    assert too_short.value.field == "days" and "第2項" in too_short.value.message
    with pytest.raises(InvalidInput) as unknown:
        services.propose_driving_ban(officer, ban, paragraph="third", days=30)
    assert unknown.value.field == "paragraph"
    services.propose_driving_ban(officer, ban, paragraph="serious", days=(earliest - today).days + 1)
    ban.case.refresh_from_db()
    assert (ban.case.kind, ban.case.authority, ban.case.hearing_kind) == ("driving_ban", "commission", "opinion_hearing")
    assert ban.case.days > 365 and DrivingBan.objects.get().paragraph == "serious"


def test_part_twos_proposal_refuses_a_ban_so_there_is_one_way_to_propose_it(officer, licence):
    ban = opened(officer)
    with pytest.raises(Conflict) as refused:
        cases.propose_disposition(officer, ban.case, kind="suspension", days=30)
    assert refused.value.code == "driving_ban_elsewhere"
    from tests.dispositions.conftest import revocation_case
    with pytest.raises(Conflict):
        cases.propose_disposition(officer, revocation_case(licence), kind="driving_ban", days=30)


def test_only_the_commission_decides_and_never_one_who_prepared_it(officer, hq, commission, make_operator):
    ban = heard(officer, opened(officer))
    with pytest.raises(NotPermitted) as wrong:
        cases.decide_case(hq, ban.case)
    assert wrong.value.code == "wrong_authority"
    preparer = make_operator("hyogo_both", ["case_officer", "decision"], "28-001", decision_level="commission")
    ban2 = services.open_driving_ban_case(preparer, register(officer, number="IDP-2",
                                                           holder={**HOLDER, "name_kana": "スミス ジェーン"}),
                                         ground="g", facts="f")
    heard(preparer, ban2)
    with pytest.raises(NotPermitted) as own:
        cases.decide_case(preparer, ban2.case)
    assert own.value.code == "separation_of_duties"
    cases.decide_case(commission, ban.case)
    ban.case.refresh_from_db()
    assert (ban.case.state, ban.case.decided_level) == (CaseState.DECIDED, "commission")


def test_the_execution_starts_the_ban_today_and_holds_the_permit(officer, commission, clerk):
    ban = decided(officer, commission, days=365)
    executed = services.execute_driving_ban(clerk, ban)
    assert (executed.state, executed.starts_on, executed.ends_on) == (
        BanState.IN_FORCE, in_days(0), in_days(364))
    assert executed.holds_permit and executed.case.state == CaseState.EXECUTED
    event = AuditEvent.objects.get(action=services.Action.EXECUTE)
    assert event.detail["legal_basis"] == "規程第49条"
    assert HistoryEvent.objects.filter(event_type="disposition_case.driving_ban_execute").exists()
    with pytest.raises(Conflict):
        services.execute_driving_ban(clerk, services.load_ban(ban.pk))


def test_an_undecided_ban_or_a_missing_permit_without_a_reason_is_refused(officer, commission, clerk):
    with pytest.raises(Conflict) as early:
        services.execute_driving_ban(clerk, opened(officer))
    assert early.value.code == "not_decided"
    ban = decided(officer, commission, number="IDP-0002")
    with pytest.raises(InvalidInput) as missing:
        services.execute_driving_ban(clerk, ban, permit_presented=False)
    assert missing.value.field == "reason"
    done = services.execute_driving_ban(clerk, ban, permit_presented=False, reason="本国に送付済み")
    assert not done.holds_permit and done.permit_missing_reason == "本国に送付済み"


def test_the_permit_is_returned_only_from_the_last_day_and_the_daily_job_ends_the_ban(officer, commission, clerk):
    ban = services.execute_driving_ban(clerk, decided(officer, commission, days=30))
    with pytest.raises(InvalidInput) as running:
        services.return_foreign_permit(clerk, ban)
    assert running.value.code == "ban_running"
    DrivingBan.objects.filter(pk=ban.pk).update(starts_on=in_days(-30), ends_on=in_days(-1))
    from tests.violations.conftest import SYSTEM
    assert services.bans_due(SYSTEM, timezone.localdate()) == {"ended": 1}
    assert services.bans_due(SYSTEM, timezone.localdate()) == {"ended": 0}
    returned = services.return_foreign_permit(clerk, services.load_ban(ban.pk))
    assert returned.state == BanState.ENDED and returned.permit_returned_on == in_days(0)
    assert AuditEvent.objects.filter(action=services.Action.RETURN).exists()
    with pytest.raises(Conflict):
        services.return_foreign_permit(clerk, services.load_ban(ban.pk))


def test_the_batch_runs_once_per_day(officer, commission, clerk):
    ban = services.execute_driving_ban(clerk, decided(officer, commission, days=30))
    DrivingBan.objects.filter(pk=ban.pk).update(ends_on=in_days(-1))
    day = timezone.localdate().isoformat()
    first = services.driving_bans_ended.call(day)
    second = services.driving_bans_ended.call(day)
    assert first["result"] == {"ended": 1} and second["status"] != first["status"]
    assert DrivingBan.objects.get().state == BanState.ENDED


def test_the_papers_render_once_decided_and_are_audited(officer, commission, clerk):
    ban = opened(officer)
    with pytest.raises(Conflict):
        driving_ban_paper(officer, ban, "decision")
    ban = decided(officer, commission, number="IDP-0002")
    for paper in ("decision", "notice"):
        rendered = driving_ban_paper(officer, ban, paper)
        assert rendered.pdf.startswith(b"%PDF") and rendered.pages >= 1
    assert AuditEvent.objects.filter(action=services.Action.PAPER).count() == 2
    with pytest.raises(Conflict):
        driving_ban_paper(officer, ban, "other")


def test_the_hint_names_both_paragraphs_bounds():
    lines = services.period_hint(timezone.localdate())
    assert len(lines) == 2 and "第1項" in lines[0] and "第2項" in lines[1]
    today = timezone.localdate()
    assert f"{(law.period_bounds('general', today)[1] - today).days + 1}日" in lines[0]
