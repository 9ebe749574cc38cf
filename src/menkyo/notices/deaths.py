"""Deaths (規程第56条): the station's 死亡者通報連絡票 and the 免許課長's 抹消登録 that stops the mail.

第1項: a station that handles a body, or hears from the family of a death the police did not
confirm, makes an inquiry (第45条); when the dead person held a licence it enters them in its
死亡者通報連絡票処理簿 and reports them to the 免許課長 with a 死亡者通報連絡票 —
:func:`report_death` (the inquiry must be the reporting prefecture's, for 死亡等, and have found
the person). A body is found wherever the holder lived: a station of any prefecture reports, and the
report goes to the 免許課長 of the prefecture that manages the licence (the national register is the
channel, ADR 0015 "Deaths of another prefecture's holder"); both prefectures see it, only the
licence's registers the deletion.

第2項: the 免許課長 checks the report, registers the deletion (抹消登録) in the system and stops
the 更新連絡書 and every other mailing about the licence — :func:`register_deletion` makes the
licence 死亡等抹消 with its history; a notice not yet printed is then left out of its PDF part and
the mail file (:mod:`menkyo.notices.services`), and no later batch selects the licence. A report
found wrong is returned with a reason (:func:`return_death_report`). Whoever reported a death
never registers it (separation of duties; a database constraint too).
"""

from datetime import date

from django.db import transaction
from django.utils import timezone

from menkyo.audit.recorder import record
from menkyo.core import legal, serials
from menkyo.core.errors import Conflict, InvalidInput, NotFound, NotPermitted
from menkyo.core.legal import procedure
from menkyo.core.permissions import authorize
from menkyo.core.recording import Outcome
from menkyo.core.wareki import wareki
from menkyo.inquiry.models import Inquiry
from menkyo.notices.actions import Action
from menkyo.notices.models import DEATH_REPORTS, DeathReport, DeathReportState, DeathSource
from menkyo.notices.permissions import (
    LIST_DEATH_REPORTS,
    REGISTER_DELETION,
    REPORT_DEATH,
    VIEW_DEATH_REPORTS,
)
from menkyo.registry.models import CURRENT_STATUSES, Licence, LicenceStatus
from menkyo.registry.purposes import ReadPurpose
from menkyo.registry.services import add_history

NOTE_MAX_LENGTH = 200
LIST_LIMIT = 200


@procedure(legal.KITEI_56, rule=REPORT_DEATH.name)
def report_death(actor, *, inquiry_id, licence_number: str, source: str, died_on: date | None,
                 note: str = "") -> DeathReport:
    """Enter a 死亡者通報連絡票 in the office's 処理簿 and report it to the 免許課長 (第56条第1項)."""
    licence = _current_licence(licence_number)
    authorize(actor, REPORT_DEATH.name, licence, action=Action.DEATH_REPORT, person_id=licence.person_id)
    if source not in DeathSource.values:
        raise InvalidInput("死亡を知った端緒を選んでください。", field="source")
    died_on = _died_on(died_on, licence)
    inquiry = _inquiry(actor, inquiry_id, licence)
    note = (note or "").strip()
    if len(note) > NOTE_MAX_LENGTH:
        raise InvalidInput(f"備考は{NOTE_MAX_LENGTH}文字以内で入力してください。", field="note")
    office = actor.affiliation
    with transaction.atomic():
        if DeathReport.objects.filter(licence=licence, state=DeathReportState.REPORTED).exists():
            raise Conflict("この免許には確認待ちの死亡者通報連絡票があります。", field="licence_number",
                           code="death_already_reported")
        year = timezone.localdate().year
        number = serials.take(f"death:{office.code}:{year}", lambda: _highest(office.code, year))
        report = DeathReport.objects.create(
            prefecture_id=licence.home_prefecture_id, office=office, ledger_number=f"{office.code}-{year}-{number:04d}",
            person_id=licence.person_id, licence=licence, inquiry=inquiry, source=source, died_on=died_on,
            note=note, reported_by=actor.actor_name)
        record(actor, Action.DEATH_REPORT, object_type="deathreport", object_id=report.pk,
               person_id=licence.person_id, subject_prefecture=licence.home_prefecture_id,
               detail={"inquiry": inquiry.pk, "source": source, "ledger_number": report.ledger_number,
                       "reporting_prefecture": office.prefecture_id, "legal_basis": str(legal.KITEI_56)})
    return report


def _current_licence(number: str) -> Licence:
    number = (number or "").strip()
    if not (len(number) == 12 and number.isdigit()):
        raise InvalidInput("免許証番号は12桁の数字で入力してください。", field="licence_number")
    licence = Licence.objects.select_related("person").filter(number=number).first()
    if licence is None:
        raise InvalidInput("その免許証番号の免許はありません。", field="licence_number")
    if licence.status not in CURRENT_STATUSES:
        raise InvalidInput(f"この免許は{licence.get_status_display()}のため、死亡者通報の対象ではありません。",
                           field="licence_number")
    return licence


def _died_on(value, licence: Licence) -> date:
    if not isinstance(value, date):
        raise InvalidInput("死亡日を入力してください。", field="died_on")
    if value > timezone.localdate():
        raise InvalidInput("死亡日に未来の日付は入力できません。", field="died_on")
    if value < licence.person.birth_date:
        raise InvalidInput(f"死亡日が生年月日（{wareki(licence.person.birth_date)}）より前です。", field="died_on")
    return value


def _inquiry(actor, inquiry_id, licence: Licence) -> Inquiry:
    """The 第45条 inquiry behind the report: this prefecture's, for 死亡等, and it found the person."""
    try:
        inquiry = Inquiry.objects.filter(pk=int(inquiry_id)).first()
    except (TypeError, ValueError):
        inquiry = None
    if inquiry is None:
        raise InvalidInput("照会番号の照会がありません。先に照会事由「死亡等」で照会してください（規程第56条第1項）。",
                           field="inquiry_id")
    if inquiry.actor_prefecture != actor.prefecture_id or inquiry.purpose != ReadPurpose.DEATH:
        raise InvalidInput("照会番号は、自県で照会事由「死亡等」により行った照会の番号を入力してください。",
                           field="inquiry_id")
    if licence.person_id not in inquiry.person_ids:
        raise InvalidInput("その照会ではこの免許の保有者は該当していません。", field="inquiry_id")
    return inquiry


def _highest(office: str, year: int) -> int:
    prefix = f"{office}-{year}-"
    last = (DeathReport.objects.filter(ledger_number__startswith=prefix).order_by("-ledger_number")
            .values_list("ledger_number", flat=True).first())
    return int(last.removeprefix(prefix)) if last else 0


# --- the 免許課長's decision ---------------------------------------------------------------------


def _check_decider(actor, report: DeathReport, transition: str) -> None:
    """A person of the licence division decides, never the one who reported (separation of duties)."""
    t = DEATH_REPORTS.transition(transition)
    authorize(actor, t.rule, report, action=t.audit_action, person_id=report.person_id)
    if report.reported_by == actor.actor_name:
        record(actor, t.audit_action, object_type="deathreport", object_id=report.pk, person_id=report.person_id,
               subject_prefecture=report.prefecture_id, outcome=Outcome.DENIED,
               detail={"rule": "separation_of_duties"})
        raise NotPermitted("自分が通報した死亡者通報連絡票は確認できません。別の「審査」「決定」の担当者が確認してください。",
                           code="separation_of_duties")


@procedure(legal.KITEI_56_2, rule=REGISTER_DELETION.name)
def register_deletion(actor, report: DeathReport, *, reason: str = "") -> DeathReport:
    """Register the deletion (抹消登録) and stop the mailings (第56条第2項): the licence becomes
    死亡等抹消 with its history, in one transaction with the report's state."""
    _check_decider(actor, report, "register")
    reason = (reason or "").strip()[:NOTE_MAX_LENGTH] or "死亡者通報連絡票による抹消登録"
    with transaction.atomic():
        event = DEATH_REPORTS.apply(actor, report, "register", reason=reason, decided_by=actor.actor_name,
                                    decided_at=timezone.now())
        licence = Licence.objects.select_for_update().select_related("person").get(pk=report.licence_id)
        if licence.status not in CURRENT_STATUSES:
            raise Conflict(f"この免許は既に{licence.get_status_display()}です。", field="licence", code="not_current")
        before = licence.status
        licence.status, licence.version = LicenceStatus.DECEASED, licence.version + 1
        licence.save(update_fields=["status", "version"])
        add_history(actor, licence.person, licence, "deceased", {"status": (before, licence.status)}, reason,
                    legal.KITEI_56_2, event)
    return report


@procedure(legal.KITEI_56_2, rule=REGISTER_DELETION.name)
def return_death_report(actor, report: DeathReport, *, reason: str) -> DeathReport:
    """Return a report that the check found wrong (the person is alive, another person …), with the reason."""
    _check_decider(actor, report, "return")
    reason = (reason or "").strip()
    if len(reason) > NOTE_MAX_LENGTH:
        raise InvalidInput(f"差戻しの理由は{NOTE_MAX_LENGTH}文字以内で入力してください。", field="reason")
    DEATH_REPORTS.apply(actor, report, "return", reason=reason, decided_by=actor.actor_name,
                        decided_at=timezone.now(), decision_reason=reason)
    return report


# --- reading -------------------------------------------------------------------------------------


def death_reports(actor, *, state: str = "") -> list[DeathReport]:
    """The reports of the actor's prefecture — about its licences, or made by its stations — newest
    first; ``state`` filters (reported …)."""
    authorize(actor, LIST_DEATH_REPORTS.name, action=Action.DEATH_LIST)
    found = DeathReport.objects.visible_to(actor).select_related("person", "licence", "office", "prefecture")
    if state:
        if state not in DeathReportState.values:
            raise InvalidInput(f"状態「{state[:20]}」はありません。", field="state")
        found = found.filter(state=state)
    reports = list(found[:LIST_LIMIT])
    record(actor, Action.DEATH_LIST, object_type="deathreport", detail={"state": state, "ids": [r.pk for r in reports]})
    return reports


def get_death_report(actor, report_id: int) -> DeathReport:
    """One report, if the actor may see it (a read of the person's record: audited)."""
    report = load_death_report(report_id)
    authorize(actor, VIEW_DEATH_REPORTS.name, report, action=Action.DEATH_READ, person_id=report.person_id)
    if actor.prefecture_id not in (report.prefecture_id, report.office.prefecture_id):
        record(actor, Action.DEATH_READ, object_type="deathreport", object_id=report.pk, person_id=report.person_id,
               subject_prefecture=report.prefecture_id, outcome=Outcome.DENIED,
               detail={"rule": VIEW_DEATH_REPORTS.name})
        raise NotPermitted("他の都道府県の死亡者通報連絡票は閲覧できません。", code="other_prefecture")
    record(actor, Action.DEATH_READ, object_type="deathreport", object_id=report.pk, person_id=report.person_id,
           subject_prefecture=report.prefecture_id)
    return report


def load_death_report(report_id: int) -> DeathReport:
    report = (DeathReport.objects.select_related("person", "licence", "office__prefecture", "prefecture", "inquiry")
              .filter(pk=report_id).first())
    if report is None:
        raise NotFound("その死亡者通報連絡票はありません。")
    return report
