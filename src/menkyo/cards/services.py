"""Issue and hand-over of licence cards (免許証の交付, 規程第13条) and the 交付停止 (第21条第1号).

- **Issue** (:func:`issue_licence`, 第13条第1項・第2項・第4項・第7項): for a passed application the
  取得時講習 certificate is checked for the kinds the law lists (unless a 卒業証明書 within its year
  waives it), the licence is entered in the register — a first licence, a kind added to the
  current licence, or a 仮免許 — and a card job is created for the centre's 免許証作成機. At a
  centre the card is handed over the same day (第2項); a police station names a 交付予定日 and
  the card is made at the prefecture's 試験場 and sent to the station (第4項・第5項).
- **A passed 審査** (:func:`issue_review_card`, 第9条第3項・第9条の2): the licence held changes in the
  register (the 限定 or condition lifted, the condition asked for added) and a card showing it is
  requested and handed over like an issued one.
- **Production** by the 免許証作成機 (:func:`fetch_card_jobs`, :func:`report_card_produced`,
  :func:`report_card_failed`): a printer takes the pending jobs of its own centre — two printers
  never the same job — and reports each card made (its serial) or failed; after
  :data:`~menkyo.cards.models.FAILURES_BEFORE_STAFF` failures the job waits for staff (:func:`retry_card`).
- **Routing and hand-over** (:func:`send_card`, :func:`receive_card`, :func:`hand_over_card`,
  第13条第5項・第6項): only the producing centre sends, only the hand-over office receives and
  hands over, with the holder's signature (受領の署名) confirmed.
- **交付停止** (:func:`report_issue_hold`, :func:`release_issue_hold`, 第21条第1号): no card is
  handed over to a person the licence division reported while the report is active
  (第13条第6項ただし書). The licence is still issued and the card still made: the law stops the
  hand-over, and a released hold must not wait for a new card.
- **Queues** per office (:func:`queues`).

What the 事務処理票 and the receipt show is built by :func:`slip_data` and :func:`receipt_data`;
:func:`processing_slip` and :func:`card_receipt` hand them to :mod:`menkyo.documents` as PDF.
"""

import base64
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import date, datetime, timedelta

from django.db import IntegrityError, transaction
from django.db.models import Count, Exists, Max, OuterRef, Q
from django.utils import timezone

from menkyo.accounts.services import name_of
from menkyo.audit.recorder import record
from menkyo.cards import cancellation_book, card_gaiji
from menkyo.cards.actions import Action
from menkyo.cards.models import (
    CARD_JOB,
    FAILURES_BEFORE_STAFF,
    GROUNDS_OLD_CARD_KEPT,
    HELD_MESSAGE,
    TEXT_MAX_LENGTH,
    CardJob,
    CardJobState,
    CardKind,
    IssueHold,
    LicenceCancellation,
)
from menkyo.cards.permissions import (
    HAND_OVER_CARD,
    HOLD_ISSUE,
    ISSUE_LICENCE,
    ISSUE_REVIEW_CARD,
    PRODUCE_CARD,
    VIEW_CARD_JOBS,
)
from menkyo.core import legal, serials
from menkyo.core.actors import is_system
from menkyo.core.errors import Conflict, InvalidInput, NotFound, NotPermitted
from menkyo.core.legal import procedure
from menkyo.core.models import Affiliation, AffiliationKind
from menkyo.core.permissions import allowed, authorize
from menkyo.core.recording import Outcome
from menkyo.core.wareki import wareki
from menkyo.counter import lapse
from menkyo.counter.models import (
    APPLICATION,
    Application,
    ApplicationState,
    ApplicationType,
    GraduationCertificate,
)
from menkyo.documents.actions import Action as DocumentAction
from menkyo.documents.forms import CardReceipt, FeeLine, ProcessingSlip, SlipVariant
from menkyo.documents.services import RenderedDocument, render_document
from menkyo.exams.actions import Action as ExamsAction
from menkyo.exams.models import AptitudeResult, CourseCertificate, Examinee, ExamineeState
from menkyo.gaiji import services as glyph_register
from menkyo.registry import services as registry
from menkyo.registry.models import (
    HoldingForm,
    Licence,
    LicenceStatus,
    Person,
    Photo,
    ProvisionalLicence,
)
from menkyo.registry.text import clean_text
from menkyo.rules import exam_standards
from menkyo.rules import kinds as rules_kinds
from menkyo.rules.acquisition_course import CourseRequirement, required_course
from menkyo.rules.dates import is_closed_day
from menkyo.rules.errors import RulesError
from menkyo.rules.graduation import certificate_validity

#: Offices that make cards (their own, and a station's: 第13条第5項).
CENTRES = (AffiliationKind.LICENCE_CENTRE, AffiliationKind.RENEWAL_CENTRE)
#: Applications whose pass leads to a card through :func:`issue_licence`; a 審査 goes through
#: :func:`issue_review_card` (the licence held changes).
ISSUED_TYPES = (ApplicationType.NEW, ApplicationType.ADDITIONAL, ApplicationType.PROVISIONAL, ApplicationType.LAPSED)
#: What a passed 審査 carries out: 第9条第3項 (限定解除・条件解除), 第9条の2 (申請による条件の付与).
REVIEW_BASIS = {ApplicationType.LIMITATION_REMOVAL: legal.KITEI_9_P3, ApplicationType.CONDITION_REMOVAL: legal.KITEI_9_P3,
                ApplicationType.CONDITION_BY_REQUEST: legal.KITEI_9_2}
#: How long a printer holds a job it took before another printer may take it (not a law fact).
PRINTER_LEASE = timedelta(minutes=10)
MAX_FETCH = 50
QUEUE_LIMIT = 100
CERTIFICATE_NUMBER_MAX_LENGTH = 20
SERIAL_MAX_LENGTH = 32
#: Listeners ``listener(actor, job)`` called inside :func:`hand_over_card`'s transaction once the card is
#: handed over (the dispositions app hands the 前歴通知書 of 規程第22条第2号 with the licence); whatever a
#: listener raises rolls the hand-over back.
HANDED_OVER: list = []

S = CardJobState


def today() -> date:
    return timezone.localdate()


# --- loading and refusing ------------------------------------------------------------------------


def load_job(pk: int) -> CardJob:
    """One job with what its pages, slips and printers show, or :class:`NotFound`."""
    job = (CardJob.objects.select_related("person", "application__office", "application__licence_kind",
                                          "producing_centre", "handover_office", "licence__home_commission",
                                          "provisional_licence__commission")
           .filter(pk=pk).first())
    if job is None:
        raise NotFound(f"免許証の作成依頼 {pk} は見つかりません。", field="job_id")
    return job


def _application(pk: int) -> Application:
    application = (Application.objects.select_related("person", "office", "licence_kind")
                   .filter(pk=pk).first())
    if application is None:
        raise NotFound("指定された申請はありません。", field="application_id")
    return application


def _refuse(actor, obj, action: str, message: str, code: str, *, error=NotPermitted):
    """A refusal that is not the permission rule's (the office, a hold): audited, then raised."""
    record(actor, action, object_type=obj._meta.model_name, object_id=obj.pk, person_id=obj.person_id,
           subject_prefecture=obj.prefecture_id, outcome=Outcome.DENIED, detail={"rule": code})
    raise error(message, code=code)


def _at_office(actor, office_id: str) -> bool:
    return is_system(actor) or getattr(actor, "affiliation_id", None) == office_id


def _check_office(actor, obj, office: Affiliation, action: str, message: str) -> None:
    """Rules scope by prefecture; which office may act is checked here (ADR 0011)."""
    if not _at_office(actor, office.pk):
        _refuse(actor, obj, action, message.format(office=office.name), "other_office")


def _reason(value: str, *, label: str = "理由", required: bool = True) -> str:
    text = clean_text(value or "", TEXT_MAX_LENGTH, field="reason", label=label)
    if required and not text:
        raise InvalidInput(f"{label}を入力してください。", field="reason", code="reason_required")
    return text


# --- issue (第13条第1項・第2項・第4項・第7項) ------------------------------------------------------------


@procedure(legal.KITEI_13, rule=ISSUE_LICENCE.name)
def issue_licence(actor, application_id: int, *, course_certificates: Iterable[Mapping] = (),
                  handover_date: date | None = None, holding_form: str = HoldingForm.CARD,
                  reason: str = "免許証の交付") -> CardJob:
    """Issue the licence of a passed application and request its card (規程第13条).

    ``course_certificates``: the 取得時講習 終了証明書 shown, each {course, number, completed_on}
    (第13条第7項; waived by a 卒業証明書 within its year). ``handover_date``: the 交付予定日 a
    police station names (第13条第4項: a business day after today); a centre hands the card over
    today (第2項) and names none. ``holding_form`` of a new licence: 免許証 or 免許証及びマイナ免許証.
    The register entry, the course certificates, the card job and the application's move to
    免許証作成中 are one transaction: any refusal changes nothing.
    """
    application = _application(application_id)
    authorize(actor, ISSUE_LICENCE.name, application, action=Action.LICENCE_ISSUE, person_id=application.person_id)
    _check_office(actor, application, application.office, Action.LICENCE_ISSUE,
                  "この申請は{office}で受理したものです。交付の手続は受理した所属で行います（規程第13条）。")
    _check_issuable(application)
    _check_photo(application)
    day = today()
    centre = _producing_centre(application.office)
    handover = _handover_date(application.office, handover_date, day)
    requirement, shown, exemption = _courses(application, course_certificates, day)
    holding_form = _holding_form(application, holding_form)
    reason = _reason(reason)
    conditions = _test_conditions(application)
    with transaction.atomic():
        # The application and its applicant locked, not the office: every issue of the day shares it.
        application = Application.objects.select_for_update(of=("self", "person")).select_related(
            "person", "office").get(pk=application.pk)
        _check_issuable(application)
        licence, provisional = _enter_in_register(actor, application, handover, conditions, holding_form, reason)
        moot = _remove_moot_limits(actor, application, licence, day)
        _carry_photo(application, licence or provisional)
        _record_courses(actor, application, requirement, shown, exemption)
        job = _create_job(application, centre, handover, licence, provisional, day)
        APPLICATION.apply(actor, application, "start_issue", reason=reason, licence=licence)
        record(actor, Action.LICENCE_ISSUE, object_type="cardjob", object_id=job.pk, person_id=job.person_id,
               subject_prefecture=job.prefecture_id,
               detail={"application": application.pk, "type": application.application_type,
                       "kind": application.licence_kind_id, "slip_number": job.slip_number,
                       "producing_centre": centre.code, "handover_office": application.office_id,
                       "handover_date": handover.isoformat(), "legal_basis": str(legal.KITEI_13),
                       **({"vehicle_limit": application.vehicle_limit} if application.vehicle_limit else {}),
                       **({"moot_limits_removed": len(moot)} if moot else {})})
    return job


@dataclass(frozen=True)
class IssueRequirements:
    """What the issue form asks for an application (no audit: the page has read the application)."""

    courses: tuple[str, ...]  # the 取得時講習 whose certificate counts; empty when the kind needs none
    exemption: str  # the 卒業証明書 that waives the course, if any
    at_station: bool  # a 交付予定日 is named (第13条第4項)
    new_licence: bool  # the holding form is chosen
    vehicle_limit: str = ""  # the 限定 of the test's vehicle put on the licence or 仮免許 (printed text)
    moot: tuple[str, ...] = ()  # conditions held that the kind issued makes moot (removed at the issue)


def issue_requirements(application: Application) -> IssueRequirements:
    day = today()
    try:
        requirement = (None if application.application_type == ApplicationType.LAPSED
                       else required_course(application.licence_kind_id, day))
    except RulesError:
        requirement = None
    return IssueRequirements(requirement.courses if requirement else (),
                             _graduate_exemption(application, day) if requirement else "",
                             application.office.kind not in CENTRES,
                             application.application_type in (ApplicationType.NEW, ApplicationType.LAPSED),
                             _condition_text(application.vehicle_limit) if application.vehicle_limit else "",
                             tuple(_moot_on_issue(application, application.person.current_licence, day)))


def _moot_on_issue(application: Application, licence: Licence | None, day: date) -> list[str]:
    """The conditions of ``licence`` a 種類の追加 of the application's kind makes moot (law engine
    ``limits_made_moot``): shown on the issue page, removed by :func:`_remove_moot_limits`."""
    if licence is None or application.application_type != ApplicationType.ADDITIONAL:
        return []
    return exam_standards.limits_made_moot(application.licence_kind_id, application.vehicle_limit,
                                           licence.conditions, day).value


def _check_issuable(application: Application) -> None:
    if application.application_type not in ISSUED_TYPES:
        raise Conflict(f"「{application.get_application_type_display()}」の免許証は審査の結果の登録（条件等の変更と作成依頼）"
                       "で扱います。", field="application_id", code="type_not_issued_here")
    if application.state != ApplicationState.PASSED:
        raise Conflict(f"合格した申請のみ交付できます（この申請は「{application.get_state_display()}」です）。",
                       field="application_id", code="not_passed")
    missing = lapse.missing_elderly_course(application) if application.application_type == ApplicationType.LAPSED else ""
    if missing:
        raise Conflict(f"{missing}。", field="application_id", code="elderly_course_missing")


def _producing_centre(office: Affiliation) -> Affiliation:
    """The office that makes the card: a centre makes its own; a station's goes to the prefecture's
    運転免許試験場 (第13条第4項・第5項), the first by code when there are several."""
    if office.kind in CENTRES:
        return office
    centre = (Affiliation.objects.filter(prefecture_id=office.prefecture_id, kind=AffiliationKind.LICENCE_CENTRE,
                                         active=True).order_by("code").first())
    if centre is None:
        raise Conflict(f"{office.prefecture}の運転免許試験場が登録されていないため、免許証の作成を依頼できません。",
                       code="no_centre")
    return centre


def _handover_date(office: Affiliation, given, day: date) -> date:
    """At a centre the card is handed over on the day of the pass (第13条第2項); a station names the
    交付予定日 (第13条第4項): a day the office is open, after today."""
    if office.kind in CENTRES:
        if given not in (None, day):
            raise InvalidInput("試験場では合格した日に交付します（規程第13条第2項）。交付予定日は指定できません。",
                               field="handover_date")
        return day
    if given is None:
        raise InvalidInput("交付予定日を指定してください（規程第13条第4項）。", field="handover_date",
                           code="handover_date_required")
    if not isinstance(given, date):
        raise InvalidInput("交付予定日を正しい日付で指定してください。", field="handover_date")
    if given <= day or is_closed_day(given):
        raise InvalidInput("交付予定日は明日以降の開庁日（土日・祝日・年末年始を除く日）を指定してください。",
                           field="handover_date", code="not_a_business_day")
    return given


def _holding_form(application: Application, value: str) -> str:
    """A card is made for every issue here: a マイナ免許証 alone (特定免許情報の記録 only) is not."""
    if application.application_type != ApplicationType.NEW:
        return HoldingForm.CARD
    if value == HoldingForm.MYNUMBER:
        raise InvalidInput("マイナ免許証のみの交付（特定免許情報の記録のみ）はこの手続では扱えません。"
                           "保有形態は「免許証」か「免許証及びマイナ免許証」を選んでください。", field="holding_form")
    return value


def _courses(application: Application, given: Iterable[Mapping], day: date):
    """The 取得時講習 check (第13条第7項): (the requirement or None, certificates shown, exemption)."""
    if application.application_type == ApplicationType.LAPSED:  # no 取得時講習 after a lapse (rules.lapse)
        requirement = None
    else:
        try:
            requirement = required_course(application.licence_kind_id, day)
        except RulesError as error:
            raise InvalidInput(f"取得時講習の要否を判定できません: {error.message}",
                               field="course_certificates") from None
    given = list(given or [])
    if requirement is None:
        if given:
            raise InvalidInput(f"{application.licence_kind_id}免許には取得時講習の終了証明書の確認はありません。",
                               field="course_certificates", code="course_not_required")
        return None, [], ""
    exemption = _graduate_exemption(application, day)
    if exemption and not given:
        return requirement, [], exemption
    shown = [_certificate(item, requirement, day) for item in given]
    missing = [course for course in requirement.courses if course not in {c["course"] for c in shown}]
    if missing:
        raise InvalidInput(f"{application.licence_kind_id}免許の交付には取得時講習（{'・'.join(missing)}）"
                           "の終了証明書の確認が必要です（規程第13条第7項）。", field="course_certificates",
                           code="course_certificate_required")
    return requirement, shown, exemption


def _graduate_exemption(application: Application, day: date) -> str:
    """A 卒業証明書 of this application within its year waives the course (counter-facts §2.4)."""
    certificate = (GraduationCertificate.objects.select_related("school").filter(application=application).first())
    if certificate is None:
        return ""
    validity = certificate_validity(certificate.passed_on, day)
    if not validity.valid or "acquisition_course" not in validity.waives:
        return ""
    return f"卒業証明書（{certificate.school.name} {certificate.number}）"


def _certificate(item: Mapping, requirement: CourseRequirement, day: date) -> dict:
    if not isinstance(item, Mapping):
        raise InvalidInput("取得時講習の終了証明書は講習・番号・終了日で指定してください。", field="course_certificates")
    course = (item.get("course") or "").strip()
    if course not in requirement.courses:
        raise InvalidInput(f"{requirement.kind}免許の取得時講習は{'・'.join(requirement.courses)}です"
                           f"（「{course[:20]}」は該当しません）。", field="course_certificates", code="wrong_course")
    number = clean_text(item.get("number") or "", CERTIFICATE_NUMBER_MAX_LENGTH, field="course_certificates",
                        label="講習終了証明書の番号")
    if not number:
        raise InvalidInput("講習終了証明書の番号を入力してください。", field="course_certificates",
                           code="certificate_number_required")
    completed_on = item.get("completed_on")
    if not isinstance(completed_on, date) or completed_on > day:
        raise InvalidInput("講習の終了日を今日までの日付で入力してください。", field="course_certificates",
                           code="completed_on_invalid")
    return {"course": course, "number": number, "completed_on": completed_on}


def _test_conditions(application: Application) -> list[str]:
    """The printed conditions the 適性試験 gave (眼鏡等 …) on the passed sitting, and the 限定 of the
    vehicle the test was taken on (普通二輪は小型二輪に限る …; the application's ``vehicle_limit``)."""
    result = (AptitudeResult.objects.filter(examinee__application=application,
                                            examinee__state=ExamineeState.PASSED)
              .order_by("-recorded_at", "-pk").first())
    limit = [application.vehicle_limit] if application.vehicle_limit else []
    return [_condition_text(c) for c in [*(result.conditions if result else []), *limit]]


def _condition_text(value: str) -> str:
    """A condition as printed: a code of params/licence_conditions.yaml is its text (law-rules §9)."""
    try:
        return rules_kinds.condition_text(value)
    except KeyError:
        return value


def _enter_in_register(actor, application: Application, day: date, conditions: list[str], holding_form: str,
                       reason: str) -> tuple[Licence | None, ProvisionalLicence | None]:
    """The register's side of the issue: a first licence, a kind added to the current one, a 仮免許."""
    person, kind = application.person, application.licence_kind_id
    if application.application_type == ApplicationType.PROVISIONAL:
        return None, registry.register_provisional_licence(actor, person.pk, kind, issue_date=day,
                                                           conditions=conditions)
    special = special_route(application)
    if application.application_type in (ApplicationType.NEW, ApplicationType.LAPSED):
        kinds = _kinds_issued(application, day)
        return registry.issue_first_licence(actor, person.pk, kinds, conditions=conditions, issue_date=day,
                                            holding_form=holding_form, reason=reason,
                                            special_kinds=[kind] if special and kind in kinds else None), None
    current = person.current_licence
    if current is None:
        raise Conflict("種類の追加の申請者に現に受けている免許がありません。", field="application_id", code="no_licence")
    return registry.add_kind(actor, current.pk, kind, acquired_on=day, conditions=conditions, reason=reason,
                             special_course=special), None


def _remove_moot_limits(actor, application: Application, licence: Licence | None, day: date) -> list[str]:
    """A kind added without a 限定 may leave a 限定 of another kind nothing to limit (law engine
    ``limits_made_moot``, derived: 大型二輪 drives 普通二輪, law-rules §6.1, so an unlimited 大自二 makes the
    普通二輪 limits moot). They are removed in the issue's transaction with their own history row
    (``registry.change_conditions``, 規程第13条: the issue of the kind). Returns the texts removed."""
    moot = _moot_on_issue(application, licence, day)
    if moot:
        registry.change_conditions(actor, licence.pk, removed=moot,
                                   reason=f"{application.licence_kind_id}免許の取得により不要となった限定の削除",
                                   legal_basis=legal.KITEI_13)
    return moot


def special_route(application: Application) -> bool:
    """Was the application received through the 受験資格特例 (道路交通法第88条第1項第1号ただし書: the law engine's
    ``eligibility`` answer at intake, kept on the application, has ``route: special``)? The kind issued from it is
    then a 特例取得免許 (``LicenceKindHeld.special_course``): the 若年運転者期間 runs from its acquisition."""
    return application.eligibility.get("route") == "special"


def _kinds_issued(application: Application, day: date) -> dict[str, date]:
    """The kinds of a first licence: the kind passed; after a lapse on an aptitude-only route, every
    kind the lapsed licence carried, with its 取得年月日 (``counter.lapse``; UNCONFIRMED)."""
    back = application.eligibility.get("kinds_back") if application.application_type == ApplicationType.LAPSED else None
    if back and application.eligibility.get("route") == "aptitude_only":
        return {kind: date.fromisoformat(acquired) for kind, acquired in back.items()}
    return {application.licence_kind_id: day}


def _check_photo(application: Application) -> None:
    """A card is made from the application's 申請用写真 (規程第3条: attached to the application;
    ADR 0013): without one nothing is issued."""
    if not application.photo_id:
        raise InvalidInput("申請用写真が登録されていません。申請の画面で写真を登録してから交付してください（規程第3条）。",
                           field="photo", code="photo_missing")


def _carry_photo(application: Application, card: Licence | ProvisionalLicence) -> None:
    """The licence (or 仮免許) carries the application's 申請用写真, checked by :func:`_check_photo`:
    the card is made from it (規程第13条第1項・第4項; ADR 0013)."""
    type(card).objects.filter(pk=card.pk).update(photo_id=application.photo_id)
    card.photo_id = application.photo_id


def _record_courses(actor, application: Application, requirement, shown: list[dict], exemption: str) -> None:
    if requirement is None:
        return
    rows = [CourseCertificate(application=application, checked_by=actor.actor_name, **item) for item in shown]
    if not rows:
        rows = [CourseCertificate(application=application, course="・".join(requirement.courses),
                                  exemption=exemption, checked_by=actor.actor_name)]
    CourseCertificate.objects.bulk_create(rows)
    record(actor, ExamsAction.COURSE_CERTIFICATE_CHECK, object_type="application", object_id=application.pk,
           person_id=application.person_id, subject_prefecture=application.prefecture_id,
           detail={"courses": [row.course for row in rows], "exempted": not shown,
                   "legal_basis": str(legal.KITEI_13_7)})


def _create_job(application: Application, centre: Affiliation, handover: date, licence, provisional,
                day: date) -> CardJob:
    """The card job of an issue, numbered by :func:`save_numbered`."""
    return save_numbered(CardJob(
        application=application, person=application.person, licence=licence, provisional_licence=provisional,
        card_kind=CardKind.PROVISIONAL if provisional else CardKind.LICENCE, prefecture_id=application.prefecture_id,
        producing_centre=centre, handover_office=application.office, handover_date=handover), day)


def save_numbered(job: CardJob, day: date) -> CardJob:
    """Save a new job with the next 事務処理票番号 of its hand-over office and ``day`` (office-yymmdd-serial)."""
    prefix = f"{job.handover_office_id}-{day:%y%m%d}-"

    def highest_in_use() -> int:
        last = CardJob.objects.filter(slip_number__startswith=prefix).aggregate(last=Max("slip_number"))["last"]
        return int(last[-4:]) if last else 0

    job.slip_number = f"{prefix}{serials.take(f'slip:{prefix}', highest_in_use):04d}"
    job.save(force_insert=True)
    return job


# --- a passed 審査 (第9条第3項, 第9条の2) ------------------------------------------------------------


@procedure(legal.KITEI_9_P3, rule=ISSUE_REVIEW_CARD.name)
def issue_review_card(actor, application_id: int, *, handover_date: date | None = None,
                      reason: str = "審査の合格による免許の条件等の変更") -> CardJob:
    """Register a passed 審査 on the licence held and request the card that shows it (規程第9条第3項:
    「運転者管理システムに対し登録するとともに…免許証にあつてはその旨の記載」; 第9条の2第1項・第3項
    for a condition asked for). The 限定 or condition lifted is removed, the condition asked for added,
    a 限定 lifted in part replaced by the 限定 that remains (小型AT限定 → AT限定: ``ReviewChange.added``)
    (``registry.change_conditions``, with history, in one change); the licence keeps its number and expiry. The card
    is made and handed over as after a test: today at a centre, on the 交付予定日 a station names
    (第13条第2項・第4項). The register change, the card job and the application's move to 免許証作成中
    are one transaction: any refusal changes nothing."""
    application = _application(application_id)
    authorize(actor, ISSUE_REVIEW_CARD.name, application, action=Action.REVIEW_ISSUE, person_id=application.person_id)
    _check_office(actor, application, application.office, Action.REVIEW_ISSUE,
                  "この申請は{office}で受理したものです。審査の結果の登録は受理した所属で行います（規程第9条）。")
    _check_reviewed(application)
    _check_photo(application)
    day = today()
    centre = _producing_centre(application.office)
    handover = _handover_date(application.office, handover_date, day)
    reason = _reason(reason)
    change = _review_change(application)
    with transaction.atomic():
        application = Application.objects.select_for_update(of=("self", "person")).select_related(
            "person", "office").get(pk=application.pk)
        _check_reviewed(application)
        licence = application.person.current_licence
        if licence is None:
            raise Conflict("審査の申請者に現に受けている免許がありません。", field="application_id", code="no_licence")
        cancellation = _cancel_upper_kinds(actor, application, change, licence, day, reason)
        registry.change_conditions(actor, licence.pk, removed=change.removed, added=change.added, reason=reason,
                                   legal_basis=REVIEW_BASIS[application.application_type])
        _carry_photo(application, licence)
        job = _create_job(application, centre, handover, licence, None, day)
        if cancellation is not None:
            cancellation.card_job = job
            cancellation.save(update_fields=["card_job"])
        APPLICATION.apply(actor, application, "start_issue", reason=reason, licence=licence)
        record(actor, Action.REVIEW_ISSUE, object_type="cardjob", object_id=job.pk, person_id=job.person_id,
               subject_prefecture=job.prefecture_id,
               detail={"application": application.pk, "type": application.application_type,
                       "condition": change.condition, "removed": change.removes, "remaining": change.replacement,
                       "slip_number": job.slip_number,
                       "upper_cancelled": cancellation.kinds_cancelled if cancellation else [],
                       "producing_centre": centre.code, "handover_office": application.office_id,
                       "handover_date": handover.isoformat(),
                       "legal_basis": str(REVIEW_BASIS[application.application_type])})
    return job


def _cancel_upper_kinds(actor, application: Application, change, licence: Licence, day: date, reason: str):
    """規程第9条の2第2項: a condition asked for by a holder of a 上位免許 of the kind — the 上位免許 is cancelled
    first, as on the holder's application (第41条の3), once the counter explained it at intake (第57条).
    The 申請取消通知書 is then handed over with the card. None when no 上位免許 is held."""
    upper = change.upper_held(licence.kinds.values_list("kind_id", flat=True))
    if not upper:
        return None
    if not application.disadvantage_explained:
        raise Conflict(f"{'・'.join(upper)}免許を取り消す説明（規程第57条）が受理の際に記録されていません。申請を受理し直してください。",
                       field="application_id", code="upper_cancellation_not_explained")
    licence = Licence.objects.select_for_update().select_related("person").get(pk=licence.pk)
    return cancellation_book.cancel_upper_kinds(actor, licence, upper, application.office, day, reason)


@dataclass(frozen=True)
class ReviewStatus:
    """What the 審査 page shows (no audit: the page has read the application): the change, the
    sittings with their results, the card jobs, and whether a station names the 交付予定日."""

    change: exam_standards.ReviewChange
    sittings: list
    jobs: list[CardJob]
    at_station: bool
    upper: list[str]  # 上位免許 held now, cancelled first when the condition is added (規程第9条の2第2項)
    cancellations: list  # the 申請取消簿 entries made with the card (their 申請取消通知書)


def review_status(application: Application) -> ReviewStatus:
    change = _review_change(application)
    sittings = list(Examinee.objects.filter(application=application).select_related("centre", "aptitude", "skill_test")
                    .order_by("pk"))
    jobs = list(CardJob.objects.filter(application=application).order_by("pk"))
    licence = application.person.current_licence
    upper = change.upper_held(licence.kinds.values_list("kind_id", flat=True)) if licence and not jobs else []
    cancellations = list(LicenceCancellation.objects.filter(card_job__in=jobs).order_by("pk")) if jobs else []
    return ReviewStatus(change, sittings, jobs, application.office.kind not in CENTRES, upper, cancellations)


def _review_change(application: Application) -> exam_standards.ReviewChange:
    """What the 審査 changes, as the law engine's table says on the day it was received (checked at intake)."""
    try:
        return exam_standards.review_change(application.application_type, application.licence_kind_id,
                                            application.review_condition, application.received_on,
                                            application.remaining_condition)
    except RulesError as error:
        raise Conflict(f"審査の内容を決められません: {error.message}", field="application_id",
                       code="review_not_applicable") from None


def _check_reviewed(application: Application) -> None:
    if application.application_type not in REVIEW_BASIS:
        raise Conflict(f"「{application.get_application_type_display()}」は審査の申請ではありません（免許の交付の手続で扱います）。",
                       field="application_id", code="not_a_review")
    if application.state != ApplicationState.PASSED:
        raise Conflict(f"審査に合格した申請のみ登録できます（この申請は「{application.get_state_display()}」です）。",
                       field="application_id", code="not_passed")


# --- the 免許証作成機 (card printer) ----------------------------------------------------------------


@dataclass(frozen=True)
class PrintedKind:
    kind: str
    acquired_on: date
    label: str  # 中型（8t限定）


@dataclass(frozen=True)
class PrintedPhoto:
    """The photo printed on the card, inline (base64 of the stored JPEG) with its SHA-256 to check."""

    sha256: str
    media_type: str
    base64: str


@dataclass(frozen=True)
class PrintData:
    """Exactly what a printer needs to make the card of one job, nothing else (no 本籍)."""

    job_id: int
    slip_number: str
    card_kind: str
    number: str
    name: str
    birth_date: date
    address: str
    issue_date: date  # the day the card is handed over (交付年月日)
    expiry_date: date
    colour: str
    kinds: list[PrintedKind]
    conditions: list[str]
    commission: str
    photo_ref: str
    photo: PrintedPhoto | None = None  # the card's 申請用写真 (ADR 0013); None: none registered
    gaiji: tuple[card_gaiji.PrintedGaiji, ...] = ()  # the 外字 of the printed text, numbered for the chip


def print_data(job: CardJob, glyphs: Mapping[int, object] | None = None) -> PrintData:
    """The card of ``job`` as the printer prints it; ``glyphs``: the registered 外字 of a batch of jobs
    (:func:`menkyo.gaiji.services.card_glyphs`), else looked up for this job."""
    person = job.person
    if job.card_kind == CardKind.PROVISIONAL:
        card = job.provisional_licence
        kinds = [PrintedKind(card.kind_id, card.issue_date, card.kind_id)]
        colour, commission = "", card.commission.name
    else:
        card = job.licence
        kinds = [PrintedKind(k.kind_id, k.acquired_on, k.label) for k in card.kinds.all()]
        colour, commission = card.colour, card.home_commission.name
    return PrintData(job.pk, job.slip_number, job.card_kind, card.number, person.name, person.birth_date,
                     person.address, job.handover_date, card.expiry_date, colour, kinds, list(card.conditions),
                     commission, card.photo.reference if card.photo else person.photo_ref, _printed_photo(card.photo),
                     job_gaiji(job, glyphs).glyphs)


def _printed_texts(job: CardJob) -> list[tuple[str, str]]:
    """The card's text that may hold a 外字: 氏名, 住所, 条件 (本籍 is not printed)."""
    card = job.provisional_licence if job.card_kind == CardKind.PROVISIONAL else job.licence
    return card_gaiji.printed_texts(job.person.name, job.person.address, card.conditions)


def job_gaiji(job: CardJob, glyphs: Mapping[int, object] | None = None) -> card_gaiji.CardGaiji:
    """The 外字 the card of ``job`` prints, numbered for the chip, with the registered images (one query
    when ``glyphs`` is not given and the text holds a 外字; none otherwise). For pages and the API: no audit."""
    texts = _printed_texts(job)
    if glyphs is None:
        glyphs = glyph_register.card_glyphs(card_gaiji.code_points(texts))
    return card_gaiji.card_gaiji(texts, glyphs)


def print_waiting(job: CardJob, printed: card_gaiji.CardGaiji | None = None) -> str:
    """Why no printer is given ``job`` though it waits to be made: ``gaiji_unregistered`` (外字の登録待ち)
    while a printed 外字 is not registered; "" otherwise."""
    if job.state != S.REQUESTED:
        return ""
    printed = printed or job_gaiji(job)
    return card_gaiji.WAITING if printed.waiting else ""


def _printed_photo(photo: Photo | None) -> PrintedPhoto | None:
    if photo is None:
        return None
    return PrintedPhoto(photo.sha256, photo.media_type, base64.b64encode(bytes(photo.image)).decode("ascii"))


def _printer_centre(actor, action: str) -> Affiliation | None:
    centre = getattr(actor, "affiliation", None)
    authorize(actor, PRODUCE_CARD.name, centre, action=action)
    return centre


@procedure(legal.KITEI_13, rule=PRODUCE_CARD.name)
def fetch_card_jobs(actor, limit: int = 10) -> list[PrintData]:
    """The 免許証作成機 takes the oldest pending jobs of its own centre (at most ``limit``).

    Each job taken is marked with the printer and the time; another printer takes it only after
    :data:`PRINTER_LEASE` (a printer that died). On PostgreSQL rows another printer is taking are
    skipped (``SKIP LOCKED``), so two printers never take the same job. A job that failed
    :data:`FAILURES_BEFORE_STAFF` times is left to staff. Each job handed out is a read of the
    holder's data: one audit event per job.
    """
    centre = _printer_centre(actor, Action.JOB_FETCH)
    if isinstance(limit, bool) or not isinstance(limit, int) or not 1 <= limit <= MAX_FETCH:
        raise InvalidInput(f"取得件数は1〜{MAX_FETCH}で指定してください。", field="limit")
    now = timezone.now()
    with transaction.atomic():
        pending = (
            CardJob.objects.select_for_update(skip_locked=True, of=("self",))
            .filter(producing_centre=centre, state=S.REQUESTED, attempts__lt=FAILURES_BEFORE_STAFF)
            .filter(Q(taken_at__isnull=True) | Q(taken_at__lt=now - PRINTER_LEASE))
            .select_related("person", "licence__home_commission", "licence__photo", "provisional_licence__commission",
                            "provisional_licence__photo")
            .prefetch_related("licence__kinds").order_by("created_at", "pk"))
        jobs, glyphs = _printable(pending, limit)
        CardJob.objects.filter(pk__in=[job.pk for job in jobs]).update(printer=actor.actor_name, taken_at=now)
        for job in jobs:
            record(actor, Action.JOB_FETCH, object_type="cardjob", object_id=job.pk, person_id=job.person_id,
                   subject_prefecture=job.prefecture_id,
                   detail={"slip_number": job.slip_number, "legal_basis": str(legal.KITEI_13)})
    return [print_data(job, glyphs) for job in jobs]


def _printable(pending, limit: int) -> tuple[list[CardJob], dict]:
    """The oldest ``limit`` pending jobs whose printed 外字 are all registered, and the glyphs of those
    jobs (one query of the glyph register a batch of ``limit`` jobs). A job waiting for a 外字 is passed
    over, not taken: it goes to a printer once the glyph is registered (ops §34)."""
    taken: list[CardJob] = []
    glyphs: dict = {}
    start = 0
    while len(taken) < limit:
        batch = list(pending[start:start + limit])
        texts = {job.pk: card_gaiji.code_points(_printed_texts(job)) for job in batch}
        glyphs.update(glyph_register.card_glyphs(set().union(*texts.values()) - glyphs.keys()))
        taken += [job for job in batch if texts[job.pk].issubset(glyphs)][:limit - len(taken)]
        if len(batch) < limit:
            break
        start += limit
    return taken, glyphs


def _printer_job(actor, job_id: int, action: str) -> CardJob:
    """A job of the printer's centre that this printer took."""
    job = load_job(job_id)
    authorize(actor, PRODUCE_CARD.name, job, action=action, person_id=job.person_id)
    _check_office(actor, job, job.producing_centre, action,
                  "この免許証は{office}で作成するものです。自所属の作成依頼のみ報告できます。")
    return job


def _check_taken(actor, job: CardJob) -> None:
    if job.printer != actor.actor_name:
        raise Conflict("この作成依頼はこの作成機が取得したものではありません。作成待ちを取得し直してください。",
                       field="job_id", code="not_taken")


def _card_serial(value: str) -> str:
    serial = (value or "").strip()
    if not serial or len(serial) > SERIAL_MAX_LENGTH or not serial.isascii() \
            or not serial.replace("-", "").isalnum():
        raise InvalidInput(f"カード製造番号を英数字（ハイフン可）{SERIAL_MAX_LENGTH}文字以内で指定してください。",
                           field="card_serial")
    return serial


@procedure(legal.KITEI_13, rule=PRODUCE_CARD.name)
def report_card_produced(actor, job_id: int, *, card_serial: str) -> CardJob:
    """The printer reports the card of a job it took made, with the card's serial (作成済).

    The same report sent again (a lost answer) changes nothing; a serial already reported for
    another card is refused.
    """
    job = _printer_job(actor, job_id, Action.JOB_PRODUCE)
    serial = _card_serial(card_serial)
    if job.state != S.REQUESTED and job.card_serial == serial:
        return job
    _check_taken(actor, job)
    if CardJob.objects.filter(card_serial=serial).exclude(pk=job.pk).exists():
        raise InvalidInput("このカード製造番号は既に別の免許証の作成で報告されています。", field="card_serial",
                           code="duplicate_serial")
    try:
        CARD_JOB.apply(actor, job, "produce", reason="", card_serial=serial, produced_at=timezone.now(),
                       taken_at=None, failure_reason="")
    except IntegrityError:
        raise InvalidInput("このカード製造番号は既に別の免許証の作成で報告されています。", field="card_serial",
                           code="duplicate_serial") from None
    return job


@procedure(legal.KITEI_13, rule=PRODUCE_CARD.name)
def report_card_failed(actor, job_id: int, *, reason: str) -> CardJob:
    """The printer could not make the card: the job stays 作成待ち for another try, with the reason;
    after :data:`FAILURES_BEFORE_STAFF` failures no printer takes it until staff retry it."""
    job = _printer_job(actor, job_id, Action.JOB_FAIL)
    reason = _reason(reason, label="作成失敗の理由")
    with transaction.atomic():
        job = CardJob.objects.select_for_update().select_related("person").get(pk=job.pk)
        if job.state != S.REQUESTED:
            raise Conflict(f"現在の状態（{job.get_state_display()}）では作成失敗を報告できません。", field="state",
                           code="illegal_transition")
        _check_taken(actor, job)
        job.attempts, job.failure_reason, job.printer, job.taken_at = job.attempts + 1, reason, "", None
        job.save(update_fields=["attempts", "failure_reason", "printer", "taken_at"])
        record(actor, Action.JOB_FAIL, object_type="cardjob", object_id=job.pk, person_id=job.person_id,
               subject_prefecture=job.prefecture_id,
               detail={"attempts": job.attempts, "needs_staff": job.needs_staff, "reason": reason,
                       "legal_basis": str(legal.KITEI_13)})
    return job


@procedure(legal.KITEI_13, rule=ISSUE_LICENCE.name)
def retry_card(actor, job_id: int, *, reason: str) -> CardJob:
    """Staff of the producing centre offer a job the printers gave up on to them again (the failures
    are counted afresh; the reason, e.g. the printer repaired, is kept in the audit trail)."""
    job = load_job(job_id)
    authorize(actor, ISSUE_LICENCE.name, job, action=Action.JOB_RETRY, person_id=job.person_id)
    _check_office(actor, job, job.producing_centre, Action.JOB_RETRY,
                  "この免許証は{office}で作成するものです。作成のやり直しは作成所属で行います。")
    reason = _reason(reason)
    with transaction.atomic():
        job = CardJob.objects.select_for_update().get(pk=job.pk)
        if not job.needs_staff:
            raise Conflict("この作成依頼は作成機が作成中か作成済です（やり直しは作成に繰り返し失敗したときのみ）。",
                           field="state", code="not_failed")
        failures = job.attempts
        job.attempts, job.printer, job.taken_at = 0, "", None
        job.save(update_fields=["attempts", "printer", "taken_at"])
        record(actor, Action.JOB_RETRY, object_type="cardjob", object_id=job.pk, person_id=job.person_id,
               subject_prefecture=job.prefecture_id,
               detail={"failures": failures, "reason": reason, "legal_basis": str(legal.KITEI_13)})
    return job


# --- routing and hand-over (第13条第2項・第4項–第6項) ---------------------------------------------------


@procedure(legal.KITEI_13_4, rule=HAND_OVER_CARD.name)
def send_card(actor, job_id: int) -> CardJob:
    """The producing centre sends a card made for a station with the 送付（交付）用 事務処理票
    (第13条第5項): 作成済 → 送付済."""
    job = load_job(job_id)
    authorize(actor, HAND_OVER_CARD.name, job, action=Action.JOB_SEND, person_id=job.person_id)
    _check_office(actor, job, job.producing_centre, Action.JOB_SEND,
                  "この免許証は{office}が作成したものです。送付は作成した試験場が行います。")
    if not job.sent_to_station:
        raise Conflict("この免許証は作成した試験場で交付します。送付はありません。", field="state", code="not_sent")
    CARD_JOB.apply(actor, job, "send", reason="")
    return job


@procedure(legal.KITEI_13_4, rule=HAND_OVER_CARD.name)
def receive_card(actor, job_id: int) -> CardJob:
    """The hand-over office takes the card in: a station when the centre's parcel arrives (送付済 →
    交付待ち, 第13条第6項), a centre when its printer made it (作成済 → 交付待ち)."""
    job = load_job(job_id)
    authorize(actor, HAND_OVER_CARD.name, job, action=Action.JOB_RECEIVE, person_id=job.person_id)
    _check_office(actor, job, job.handover_office, Action.JOB_RECEIVE,
                  "この免許証の交付所属は{office}です。受領は交付所属が行います。")
    if job.sent_to_station and job.state == S.PRODUCED:
        raise Conflict("この免許証はまだ試験場から送付されていません。", field="state", code="not_yet_sent")
    CARD_JOB.apply(actor, job, "make_ready", reason="")
    return job


@procedure(legal.KITEI_13, rule=HAND_OVER_CARD.name)
def hand_over_card(actor, job_id: int, *, signature_confirmed: bool, old_card_collected: bool = False) -> CardJob:
    """Hand the card to the holder, who signs for it (受領の署名, 第13条第2項・第6項): 交付待ち →
    交付済, and the application 交付済, in one transaction. Only at the hand-over office; never while
    a 交付停止 is active (第13条第6項ただし書, 第21条第1号); never before the 交付予定日, which the card
    prints as its 交付年月日 (第13条第4項; the licence has effect from the hand-over, 法第92条第1項).
    A card handed over in exchange for the holder's old one (:func:`needs_old_card`: a reissue for
    dirt or damage, 第15条第5項; the card of the kinds kept after a 申請による取消し, 第41条の3) only
    with ``old_card_collected``."""
    job = load_job(job_id)
    authorize(actor, HAND_OVER_CARD.name, job, action=Action.JOB_HAND_OVER, person_id=job.person_id)
    _check_office(actor, job, job.handover_office, Action.JOB_HAND_OVER,
                  "この免許証の交付所属は{office}です。交付は交付所属で行います。")
    if signature_confirmed is not True:
        raise InvalidInput("受領の署名を確認してから交付してください（規程第13条第6項）。", field="signature_confirmed",
                           code="signature_required")
    if needs_old_card(job) and old_card_collected is not True:
        raise InvalidInput("この免許証は現に有する免許証と引換えに交付します。旧免許証を回収してから交付してください"
                           "（規程第15条第5項・第41条の3）。", field="old_card_collected", code="old_card_required")
    if IssueHold.objects.active().filter(person_id=job.person_id).exists():
        _refuse(actor, job, Action.JOB_HAND_OVER, HELD_MESSAGE, "issue_held", error=Conflict)
    if kept_while_suspended(job):
        _refuse(actor, job, Action.JOB_HAND_OVER, KEEP_MESSAGE, "suspended_keep", error=Conflict)
    if timezone.localdate() < job.handover_date:
        _refuse(actor, job, Action.JOB_HAND_OVER,
                f"この免許証の交付予定日は{wareki(job.handover_date)}です。免許証の交付年月日は交付予定日のため、"
                "それより前には交付できません（規程第13条第4項）。", "before_handover_date", error=Conflict)
    with transaction.atomic():
        event = CARD_JOB.apply(actor, job, "hand_over", reason="", handed_over_at=timezone.now(),
                               handed_over_by=actor.actor_name, signature_confirmed=True,
                               old_card_collected=needs_old_card(job))
        if job.application_id is not None:  # a reissue (規程第15条第2項) has no application
            APPLICATION.apply(actor, job.application, "issue", reason="")
        card = job.licence or job.provisional_licence
        basis = (legal.KITEI_15_2 if job.provisional_licence_id else legal.KITEI_15) if job.reissue_ground else (
            legal.KITEI_41_3 if hasattr(job, "cancellation") else legal.KITEI_13)
        registry.add_history(actor, job.person, job.licence, "card.handed_over", {"card": [None, card.number]},
                             "免許証の交付（受領の署名）", basis, event)
        for listener in HANDED_OVER:
            listener(actor, job)
    return job


KEEP_MESSAGE = ("この方の免許は効力の停止中です。更新後の免許証は本人に渡さず、「停止期間中のため保管」の手続をしてください"
                "（停止の終期に返還します）。")


def kept_while_suspended(job: CardJob) -> bool:
    """The renewed card of a licence still 停止中: issued into the police's keeping, not handed over
    (``cards.suspended_renewal``)."""
    return (job.card_kind == CardKind.LICENCE and job.application_id is not None
            and job.application.application_type == ApplicationType.RENEWAL
            and job.licence.status == LicenceStatus.SUSPENDED)


def needs_old_card(job: CardJob) -> bool:
    """A licence card handed over only in exchange for the card the holder still has: a reissue for
    dirt or damage (規程第15条第5項; not after a loss, theft or destruction), and the card of the kinds
    kept after a 申請による取消し of higher kinds (規程第41条の3: 現に受けている免許証と引換え)."""
    if job.card_kind != CardKind.LICENCE:
        return False
    return job.reissue_ground in GROUNDS_OLD_CARD_KEPT or hasattr(job, "cancellation")


# --- 交付停止 (第13条第6項ただし書, 第21条第1号) ---------------------------------------------------------


@procedure(legal.KITEI_21, rule=HOLD_ISSUE.name)
def report_issue_hold(actor, person_id: int, *, reason: str) -> IssueHold:
    """The licence division reports a person who meets the 拒否・保留 standard (第21条第1号): no card is
    handed over to them until the report is released; cards waiting at an office are 交付停止."""
    person = Person.objects.filter(pk=person_id).first()
    if person is None:
        raise NotFound("指定された運転者は登録されていません。", field="person_id")
    authorize(actor, HOLD_ISSUE.name, person, action=Action.HOLD_REPORT, person_id=person.pk)
    reason = _reason(reason, label="通報の内容")
    with transaction.atomic():
        Person.objects.select_for_update().filter(pk=person.pk).first()  # one report at a time per person
        if IssueHold.objects.active().filter(person=person).exists():
            raise Conflict("この方には既に交付停止の通報があります。", field="person_id", code="duplicate_hold")
        hold = IssueHold.objects.create(person=person, prefecture_id=person.home_prefecture_id, reason=reason,
                                        reported_by=actor.actor_name)
        event = record(actor, Action.HOLD_REPORT, object_type="issuehold", object_id=hold.pk, person_id=person.pk,
                       subject_prefecture=hold.prefecture_id, detail={"legal_basis": str(legal.KITEI_21)})
        registry.add_history(actor, person, person.current_licence, "issue.held", {"issue_hold": [None, hold.pk]},
                             reason, legal.KITEI_21, event)
        for job in CardJob.objects.filter(person=person, state=S.READY):
            CARD_JOB.apply(actor, job, "hold", reason=reason)
    return hold


@procedure(legal.KITEI_21, rule=HOLD_ISSUE.name)
def release_issue_hold(actor, hold_id: int, *, reason: str) -> IssueHold:
    """Release a 交付停止 (the case was decided, or no 拒否・保留 followed): held cards are 交付待ち again
    unless another report on the person is still active."""
    hold = IssueHold.objects.select_related("person").filter(pk=hold_id).first()
    if hold is None:
        raise NotFound(f"交付停止の通報 {hold_id} は見つかりません。", field="hold_id")
    authorize(actor, HOLD_ISSUE.name, hold, action=Action.HOLD_RELEASE, person_id=hold.person_id)
    reason = _reason(reason, label="解除の理由")
    with transaction.atomic():
        hold = IssueHold.objects.select_for_update().select_related("person").get(pk=hold.pk)
        if hold.released_at is not None:
            raise Conflict("この交付停止は既に解除されています。", field="hold_id", code="already_released")
        hold.released_at, hold.released_by, hold.release_reason = timezone.now(), actor.actor_name, reason
        hold.save(update_fields=["released_at", "released_by", "release_reason"])
        event = record(actor, Action.HOLD_RELEASE, object_type="issuehold", object_id=hold.pk,
                       person_id=hold.person_id, subject_prefecture=hold.prefecture_id,
                       detail={"legal_basis": str(legal.KITEI_21)})
        registry.add_history(actor, hold.person, hold.person.current_licence, "issue.released",
                             {"issue_hold": [hold.pk, None]}, reason, legal.KITEI_21, event)
        if not IssueHold.objects.active().filter(person_id=hold.person_id).exists():
            for job in CardJob.objects.filter(person_id=hold.person_id, state=S.HELD):
                CARD_JOB.apply(actor, job, "resume", reason=reason)
    return hold


def active_hold(person_id: int) -> IssueHold | None:
    """The person's active 交付停止, if any (for pages: no audit)."""
    return IssueHold.objects.active().filter(person_id=person_id).order_by("pk").first()


def holds_for(actor) -> list[IssueHold]:
    """The active 交付停止 of the actor's prefecture, oldest first; the list is audited with its ids."""
    authorize(actor, HOLD_ISSUE.name, getattr(actor, "affiliation", None), action=Action.JOB_LIST)
    rows = list(IssueHold.objects.visible_to(actor).active().select_related("person").order_by("pk")[:QUEUE_LIMIT])
    record(actor, Action.JOB_LIST, object_type="issuehold", detail={"holds": [h.pk for h in rows]})
    return rows


# --- reading: one job, what may be done, the office's queues -------------------------------------------


def get_card_job(actor, job_id: int) -> CardJob:
    """One job for the staff of its prefecture; the read is audited (it names a person)."""
    job = load_job(job_id)
    authorize(actor, VIEW_CARD_JOBS.name, job, action=Action.JOB_READ, person_id=job.person_id)
    record(actor, Action.JOB_READ, object_type="cardjob", object_id=job.pk, person_id=job.person_id,
           subject_prefecture=job.prefecture_id)
    return job


def actions_for(actor, job: CardJob) -> list[str]:
    """What ``actor`` may do with ``job`` now (buttons and the API's ``actions``; no audit):
    send, receive, hand_over (keep instead for a renewed card of a 停止中 licence), retry — the workflow's
    transitions narrowed to the right office."""
    names = {t.name for t in CARD_JOB.available(actor, job)}
    found = []
    if "send" in names and job.sent_to_station and _at_office(actor, job.producing_centre_id):
        found.append("send")
    if "make_ready" in names and _at_office(actor, job.handover_office_id) and not (
            job.sent_to_station and job.state == S.PRODUCED):
        found.append("receive")
    if _at_office(actor, job.handover_office_id):
        kept = kept_while_suspended(job)
        if "hand_over" in names and not kept:
            found.append("hand_over")
        if "keep" in names and kept:
            found.append("keep")
    if job.needs_staff and allowed(actor, ISSUE_LICENCE.name, job) and _at_office(actor, job.producing_centre_id):
        found.append("retry")
    return found


@dataclass(frozen=True)
class Queue:
    key: str
    label: str
    count: int
    rows: list  # Applications or CardJobs, oldest first, at most QUEUE_LIMIT


@dataclass(frozen=True)
class OfficeQueues:
    office: Affiliation
    day: date
    queues: list[Queue]


APPLICATION_QUEUES = (
    ("received", "本日の申請（受理）"), ("testing", "受験中（試験待ち）"), ("passed", "合格（交付手続待ち）"),
)
JOB_QUEUES = (
    ("requested", "作成待ち"), ("produced", "作成済（送付・受領待ち）"), ("sent", "送付中"),
    ("ready", "交付待ち"), ("held", "交付停止（拒否・保留）"),
)


def _application_filters(day: date) -> dict[str, Q]:
    return {"received": Q(state=ApplicationState.RECEIVED, received_on=day),
            "testing": Q(state=ApplicationState.TESTING), "passed": Q(state=ApplicationState.PASSED)}


def _job_filters(office: Affiliation) -> dict[str, Q]:
    """A centre sees what it makes and hands over; a station what it waits for and hands over."""
    mine = Q(producing_centre=office) | Q(handover_office=office)
    on_hold = Q(person_on_hold=True)
    return {
        "requested": mine & Q(state=S.REQUESTED), "produced": Q(producing_centre=office, state=S.PRODUCED),
        "sent": mine & Q(state=S.SENT), "ready": Q(handover_office=office, state=S.READY) & ~on_hold,
        "held": Q(handover_office=office) & (Q(state=S.HELD) | (Q(state=S.READY) & on_hold)),
    }


@procedure(legal.KITEI_13, rule=VIEW_CARD_JOBS.name)
def queues(actor, office_code: str, day: date | None = None) -> OfficeQueues:
    """The office's work (規程第13条): today's applications, those in the tests, the passed waiting for
    issue, cards waiting to be made, made, on their way, waiting to be handed over, and held.
    Counts in one query per table, each list (oldest first, at most :data:`QUEUE_LIMIT`) in one
    more; the lists name persons, so the read is audited with their ids."""
    office = Affiliation.objects.select_related("prefecture").filter(code=office_code or "").first()
    if office is None:
        raise NotFound(f"所属「{(office_code or '')[:8]}」はありません。", field="office")
    authorize(actor, VIEW_CARD_JOBS.name, office, action=Action.JOB_LIST)
    day = day or today()
    applications = Application.objects.visible_to(actor).filter(office=office).select_related("person")
    found = _queues(applications, _application_filters(day), APPLICATION_QUEUES, ("received_at", "pk"))
    jobs = CardJob.objects.visible_to(actor).annotate(
        person_on_hold=Exists(IssueHold.objects.active().filter(person_id=OuterRef("person_id")))
    ).select_related("person", "handover_office", "producing_centre", "licence", "provisional_licence")
    found += _queues(jobs, _job_filters(office), JOB_QUEUES, ("created_at", "pk"))
    _mark_gaiji_waiting(next(q.rows for q in found if q.key == "requested"))
    record(actor, Action.JOB_LIST, object_type="office", object_id=office.code, subject_prefecture=office.prefecture_id,
           detail={q.key: [row.pk for row in q.rows] for q in found})
    return OfficeQueues(office, day, found)


def _mark_gaiji_waiting(jobs: list[CardJob]) -> None:
    """Mark each job of the 作成待ち list no printer is given (``gaiji_waiting``: 外字の登録待ち), with one
    query of the glyph register for the whole list (none when no name or address holds a 外字)."""
    texts = {job.pk: _printed_texts(job) for job in jobs}
    glyphs = glyph_register.card_glyphs(set().union(*(card_gaiji.code_points(t) for t in texts.values())))
    for job in jobs:
        job.gaiji_waiting = card_gaiji.card_gaiji(texts[job.pk], glyphs).waiting


def _queues(queryset, filters: dict[str, Q], labels, order) -> list[Queue]:
    counts = queryset.aggregate(**{key: Count("pk", filter=f) for key, f in filters.items()})
    return [Queue(key, label, counts[key], list(queryset.filter(filters[key]).order_by(*order)[:QUEUE_LIMIT]))
            for key, label in labels]


# --- what the 事務処理票 and the receipt show (rendered by menkyo.documents) ---------------------------


@dataclass(frozen=True)
class SlipData:
    """作成依頼用・送付（交付）用 事務処理票 (規程第13条第2項・第4項): one card's work item."""

    slip_number: str
    card_kind: str
    licence_kind: str
    licence_number: str
    name: str
    name_kana: str
    birth_date: date
    application_ledger: str
    receiving_office: str
    producing_centre: str
    handover_office: str
    handover_date: date
    fees: list[tuple[str, int, str]]  # (name, amount, 手数料事務処理票番号)


@dataclass(frozen=True)
class ReceiptData:
    """What the holder signs for at the hand-over (受領の署名, 第13条第6項)."""

    slip_number: str
    licence_number: str
    name: str
    card_kind: str
    card_serial: str
    handover_office: str
    handed_over_at: datetime | None
    handed_over_by: str


def slip_data(job: CardJob) -> SlipData:
    """The 事務処理票 of ``job`` (one query for the fees paid on its application). A reissue has no
    application: the kind is the card's, and no fee is listed (UNCONFIRMED, ``cards.provisional``)."""
    application, person = job.application, job.person
    card = job.licence or job.provisional_licence
    if application is None:
        return SlipData(job.slip_number, job.get_card_kind_display(), card.kind_id, card.number, person.name,
                        person.name_kana, person.birth_date, "", job.handover_office.name, job.producing_centre.name,
                        job.handover_office.name, job.handover_date, [])
    return SlipData(
        job.slip_number, job.get_card_kind_display(), application.licence_kind_id, card.number, person.name,
        person.name_kana, person.birth_date, application.ledger_number, application.office.name,
        job.producing_centre.name, job.handover_office.name, job.handover_date,
        [(p.label, p.amount, p.slip_number) for p in application.payments.order_by("pk")])


def receipt_data(job: CardJob) -> ReceiptData:
    card = job.licence or job.provisional_licence
    return ReceiptData(job.slip_number, card.number, job.person.name, job.get_card_kind_display(), job.card_serial,
                       job.handover_office.name, job.handed_over_at, name_of(job.handed_over_by))


# --- the 事務処理票 and the 受領書 as PDF ----------------------------------------------------------------


def slip_variants(job: CardJob) -> tuple[SlipVariant, ...]:
    """The 事務処理票 of a job: the fee slip of a same-day issue at a centre (第13条第2項), the
    作成依頼用 and 送付（交付）用 of a card a station asked for (第13条第4項)."""
    return (SlipVariant.REQUEST, SlipVariant.DELIVERY) if job.sent_to_station else (SlipVariant.FEE,)


@procedure(legal.KITEI_13, rule=VIEW_CARD_JOBS.name)
def processing_slip(actor, job_id: int, variant: str) -> RenderedDocument:
    """A 運転免許手数料事務処理票 of the job (``variant``: fee, request, delivery) with its number as a
    barcode, the applicant, the kind, the fees paid, and for a station the 交付予定日 and where the
    slip goes: the 作成依頼用 to the centre that makes the card, the 送付（交付）用 back with the card to
    the station that hands it over (第13条第4項・第5項). A variant the job has not is 409."""
    job = load_job(job_id)
    authorize(actor, VIEW_CARD_JOBS.name, job, action=DocumentAction.PROCESSING_SLIP_RENDER, person_id=job.person_id)
    if variant not in {v.value for v in SlipVariant}:
        raise InvalidInput("事務処理票の種類は fee（手数料）・request（作成依頼用）・delivery（送付（交付）用）の"
                           "いずれかです。", field="variant")
    variant = SlipVariant(variant)
    if variant not in slip_variants(job):
        raise Conflict(("警察署で受理した申請の事務処理票は作成依頼用と送付（交付）用です。" if job.sent_to_station else
                        "試験場で即日交付する免許証の事務処理票は手数料事務処理票のみです。"),
                       field="variant", code="document_not_applicable")
    data = slip_data(job)
    form = ProcessingSlip(
        variant=variant, slip_number=data.slip_number, office=data.receiving_office,
        prepared_on=timezone.localdate(job.created_at), name=data.name, name_kana=data.name_kana,
        birth_date=data.birth_date, kinds=[data.licence_kind], fees=[FeeLine(name, amount) for name, amount, _ in data.fees],
        handover_date=data.handover_date if job.sent_to_station else None,
        destination={SlipVariant.REQUEST: data.producing_centre, SlipVariant.DELIVERY: data.handover_office}.get(variant, ""))
    return render_document(actor, form, object_type="cardjob", object_id=job.pk, person_id=job.person_id,
                           subject_prefecture=job.prefecture_id)


@procedure(legal.KITEI_13, rule=VIEW_CARD_JOBS.name)
def card_receipt(actor, job_id: int) -> RenderedDocument:
    """The 受領書 of a card handed over (第13条第2項・第6項): the card, its number and serial, the
    事務処理票, the office, the day and who handed it over, and the holder's signature box. Before
    the hand-over there is none (409)."""
    job = load_job(job_id)
    authorize(actor, VIEW_CARD_JOBS.name, job, action=DocumentAction.CARD_RECEIPT_RENDER, person_id=job.person_id)
    if job.state != S.HANDED_OVER:
        raise Conflict(f"受領書は免許証の交付後に作成します（この免許証は「{job.get_state_display()}」です）。",
                       field="job_id", code="document_not_applicable")
    data = receipt_data(job)
    form = CardReceipt(name=data.name, card=data.card_kind, licence_number=data.licence_number,
                       card_serial=data.card_serial, slip_number=data.slip_number, office=data.handover_office,
                       handed_over_on=timezone.localdate(data.handed_over_at), handed_over_by=data.handed_over_by)
    return render_document(actor, form, object_type="cardjob", object_id=job.pk, person_id=job.person_id,
                           subject_prefecture=job.prefecture_id)
