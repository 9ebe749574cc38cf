"""The reissue of a 教習生's 仮免許証 on the school's application (規程第15条第6項).

第15条第6項: 「教習所の教習生に係る仮免許証の再交付は、教習所の管理者の申請により試験場長が行うものと
する。」 Here:

- **Submit** (:func:`submit_school_provisional_reissue`): the 指定自動車教習所's terminal (device kind
  ``school``) sends the application for a 仮免許 of its own prefecture. No register links a 仮免許 to
  the school where its holder is a 教習生 (a 卒業証明書 names a school, but it is made after the 卒業検定,
  when the 仮免許 is no longer needed; the school's 仮免許 application records no school). So the
  school's declaration that the holder is its 教習生, the 仮免許証番号 and the holder's birth date
  stand in for that link; a wrong birth date or no declaration is refused. Nothing is made yet.
- **Accept** (:func:`accept_school_provisional_reissue`): 「窓口」「審査」 at the 試験場 of that
  prefecture accept it through the ordinary reissue (:func:`~menkyo.cards.provisional.reissue_provisional_licence`,
  第15条第2項): the same checks, the card job, number digit and history as at the counter — or return it
  with a reason (:func:`return_school_provisional_reissue`: the holder is no longer a 教習生, the card was
  found …; the regulation names no return, this system's reading).
- **Follow** (:func:`school_applications`): the staff see the prefecture's open applications; a school's
  terminal sees its own, in every state, with the reason of a return.
"""

from datetime import date

from django.db import IntegrityError, transaction
from django.utils import timezone

from menkyo.audit.recorder import record
from menkyo.cards.actions import Action
from menkyo.cards.models import CardJob, SchoolProvisionalReissue, SchoolReissueState
from menkyo.cards.permissions import (
    REISSUE_PROVISIONAL,
    SUBMIT_SCHOOL_PROVISIONAL_REISSUE,
    VIEW_PROVISIONAL,
)
from menkyo.cards.provisional import (
    _check_no_card_pending,
    _check_usable,
    _ground,
    _refuse_outside_centre,
    reissue_provisional_licence,
)
from menkyo.core import legal
from menkyo.core.errors import Conflict, InvalidInput, NotFound
from menkyo.core.legal import procedure
from menkyo.core.models import AffiliationKind
from menkyo.core.permissions import authorize
from menkyo.registry import services as registry
from menkyo.registry.models import ProvisionalLicence
from menkyo.registry.text import clean_text


def _school(actor):
    affiliation = getattr(actor, "affiliation", None)
    if getattr(affiliation, "kind", None) != AffiliationKind.DRIVING_SCHOOL:
        raise InvalidInput("指定自動車教習所の端末ではありません。", field="school", code="not_a_school")
    return affiliation


def _provisional_by_number(number) -> ProvisionalLicence:
    number = registry.parse_licence_number(number or "")
    provisional = ProvisionalLicence.objects.select_related("person").filter(number=number).first()
    if provisional is None:
        raise NotFound(f"仮免許証番号 {number} の仮免許は登録されていません。", field="number")
    return provisional


def _check_holder(provisional: ProvisionalLicence, birth_date, declared) -> None:
    """The school vouches for its 教習生: the declaration is required and the birth date must match."""
    if isinstance(birth_date, str):
        try:
            birth_date = date.fromisoformat(birth_date)
        except ValueError:
            birth_date = None
    if not isinstance(birth_date, date):
        raise InvalidInput("教習生の生年月日を入力してください。", field="birth_date")
    if birth_date != provisional.person.birth_date:
        raise InvalidInput("生年月日が仮免許証番号の仮免許の名義人と一致しません。", field="birth_date",
                           code="birth_date_mismatch")
    if declared is not True:
        raise InvalidInput("自校の教習生である旨の申立て（管理者の申請）にチェックしてください。", field="declared")


@procedure(legal.KITEI_15_6, rule=SUBMIT_SCHOOL_PROVISIONAL_REISSUE.name)
def submit_school_provisional_reissue(actor, *, number: str, birth_date, ground: str, reason: str,
                                      declared: bool) -> SchoolProvisionalReissue:
    """A 教習所の管理者 applies, through the school's terminal, for the reissue of a 教習生's 仮免許証
    (規程第15条第6項). Only a 仮免許 of the school's prefecture that is 有効 today and has no card in
    the making, and not already applied for; the 試験場長 then reissues it (:func:`accept_school_provisional_reissue`)."""
    school = _school(actor)
    provisional = _provisional_by_number(number)
    authorize(actor, SUBMIT_SCHOOL_PROVISIONAL_REISSUE.name, provisional, action=Action.PROVISIONAL_SCHOOL_REISSUE,
              person_id=provisional.person_id)
    _check_holder(provisional, birth_date, declared)
    ground = _ground(ground)
    reason = registry.clean_reason(reason)
    _check_usable(provisional, timezone.localdate())
    try:
        with transaction.atomic():
            _check_no_card_pending(provisional)
            application = SchoolProvisionalReissue.objects.create(
                school=school, provisional_licence=provisional, prefecture_id=provisional.home_prefecture_id,
                ground=ground, reason=reason, declared=True, submitted_by=actor.actor_name)
            event = record(actor, Action.PROVISIONAL_SCHOOL_REISSUE, object_type="provisional_licence",
                           object_id=provisional.pk, person_id=provisional.person_id,
                           subject_prefecture=provisional.home_prefecture_id,
                           detail={"application": application.pk, "school": school.code, "ground": ground.value,
                                   "legal_basis": str(legal.KITEI_15_6)})
            registry.add_history(actor, provisional.person, None, "provisional.school_reissue_applied",
                                 {"provisional": [f"{provisional.kind_id} {provisional.number}",
                                                  f"{provisional.kind_id} {provisional.number}"
                                                  f"（{school.name}から再交付の申請・{ground.label}）"]},
                                 reason, legal.KITEI_15_6, event)
    except IntegrityError:
        raise Conflict("この仮免許証の再交付はすでに申請され、受理を待っています。", field="number",
                       code="already_applied") from None
    return application


def load_application(pk: int) -> SchoolProvisionalReissue:
    application = (SchoolProvisionalReissue.objects.select_related("school", "provisional_licence__person", "card_job")
                   .filter(pk=pk).first())
    if application is None:
        raise NotFound(f"教習所からの仮免許証の再交付の申請 {pk} はありません。", field="application_id")
    return application


SCHOOL_LIST_LIMIT = 100


def school_applications(actor, *, open_only: bool = True) -> list[SchoolProvisionalReissue]:
    """Newest first: for the staff who read 仮免許, the applications of the actor's prefecture (open ones
    unless ``open_only`` is False); for a school's terminal, its own last 100 in every state — how it
    learns that an application was accepted or returned, and why (audited: the list names 仮免許証番号)."""
    affiliation = getattr(actor, "affiliation", None)
    if getattr(affiliation, "kind", None) == AffiliationKind.DRIVING_SCHOOL:
        authorize(actor, SUBMIT_SCHOOL_PROVISIONAL_REISSUE.name, affiliation,
                  action=Action.PROVISIONAL_SCHOOL_REISSUE_LIST)
        rows = list(SchoolProvisionalReissue.objects.filter(school=affiliation)
                    .select_related("school", "provisional_licence").order_by("-submitted_at", "-pk")[:SCHOOL_LIST_LIMIT])
        record(actor, Action.PROVISIONAL_SCHOOL_REISSUE_LIST, object_type="schoolprovisionalreissue",
               detail={"ids": [r.pk for r in rows]})
        return rows
    authorize(actor, VIEW_PROVISIONAL.name, affiliation, action=Action.PROVISIONAL_READ)
    rows = SchoolProvisionalReissue.objects.filter(prefecture_id=affiliation.prefecture_id)
    if open_only:
        rows = rows.filter(state=SchoolReissueState.SUBMITTED)
    return list(rows.select_related("school", "provisional_licence__person", "card_job")
                .order_by("-submitted_at", "-pk"))


@procedure(legal.KITEI_15_6, rule=REISSUE_PROVISIONAL.name)
def accept_school_provisional_reissue(actor, application_id: int) -> CardJob:
    """The 試験場長 reissues the 仮免許証 applied for by the school (規程第15条第6項) through the ordinary
    reissue (第15条第2項: its permission, checks, card job and history); the application is then
    受理 and points to the card job. An application already accepted is refused."""
    application = load_application(application_id)
    authorize(actor, REISSUE_PROVISIONAL.name, application.provisional_licence,
              action=Action.PROVISIONAL_SCHOOL_REISSUE_ACCEPT, person_id=application.provisional_licence.person_id)
    with transaction.atomic():
        application = SchoolProvisionalReissue.objects.select_for_update().get(pk=application.pk)
        if application.state != SchoolReissueState.SUBMITTED:
            raise Conflict("この申請はすでに受理されています。", field="application_id", code="already_accepted")
        job = reissue_provisional_licence(actor, application.provisional_licence_id, ground=application.ground,
                                          reason=application.reason)
        application.state, application.card_job, application.accepted_by = (
            SchoolReissueState.ACCEPTED, job, actor.actor_name)
        application.save(update_fields=["state", "card_job", "accepted_by"])
        record(actor, Action.PROVISIONAL_SCHOOL_REISSUE_ACCEPT, object_type="provisional_licence",
               object_id=application.provisional_licence_id, person_id=job.person_id,
               subject_prefecture=application.prefecture_id,
               detail={"application": application.pk, "card_job": job.pk, "legal_basis": str(legal.KITEI_15_6)})
    return job


RETURN_REASON_MAX = SchoolProvisionalReissue._meta.get_field("return_reason").max_length


@procedure(legal.KITEI_15_6, rule=REISSUE_PROVISIONAL.name)
def return_school_provisional_reissue(actor, application_id: int, *, reason: str) -> SchoolProvisionalReissue:
    """The 試験場 returns, with its reason, an application it will not reissue on (the holder is no longer the
    school's 教習生, the card was found, a wrong 事由 …). 規程第15条第6項 names no return: this system's reading
    (UNCONFIRMED), so that an application never waits for ever. The reason (required, at most 200
    characters) is what the school's terminal then reads; the school may apply anew. Only an open one."""
    application = load_application(application_id)
    authorize(actor, REISSUE_PROVISIONAL.name, application.provisional_licence,
              action=Action.PROVISIONAL_SCHOOL_REISSUE_RETURN, person_id=application.provisional_licence.person_id)
    _refuse_outside_centre(actor, application.provisional_licence)  # the 試験場長's, as the acceptance
    reason = clean_text(reason, RETURN_REASON_MAX, field="reason", label="返戻の理由")
    if not reason:
        raise InvalidInput("返戻の理由を入力してください（教習所に伝わります）。", field="reason", code="reason_required")
    with transaction.atomic():
        application = SchoolProvisionalReissue.objects.select_for_update().get(pk=application.pk)
        if application.state != SchoolReissueState.SUBMITTED:
            raise Conflict(f"この申請はすでに「{application.get_state_display()}」です。", field="application_id",
                           code="not_open")
        application.state, application.return_reason, application.accepted_by = (
            SchoolReissueState.RETURNED, reason, actor.actor_name)
        application.save(update_fields=["state", "return_reason", "accepted_by"])
        provisional = application.provisional_licence
        event = record(actor, Action.PROVISIONAL_SCHOOL_REISSUE_RETURN, object_type="provisional_licence",
                       object_id=provisional.pk, person_id=provisional.person_id,
                       subject_prefecture=application.prefecture_id,
                       detail={"application": application.pk, "reason": reason, "legal_basis": str(legal.KITEI_15_6)})
        registry.add_history(actor, provisional.person, None, "provisional.school_reissue_returned",
                             {"provisional": [f"{provisional.kind_id} {provisional.number}（教習所からの再交付の申請）",
                                              "返戻"]}, reason, legal.KITEI_15_6, event)
    return application
