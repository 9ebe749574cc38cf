"""Receiving applications at the counter (規程第3条・第4条・第57条・第58条), fees and the 申請（届出）簿.

:func:`receive_application` is the intake a 試験場 or 警察署 does (規程第3条第1項): it checks
the application against what the law asks on the application date — the documents
(``rules.application_documents``), the five-item 質問票 (a "yes" routes the applicant to the
臨時適性検査 path), eligibility from the law engine (age, prerequisite kinds, experience:
``eligibility``), a 受験停止 after fraud (:class:`ExamBar`) and, for a school graduate, the
卒業証明書 — then enters it in the office's 申請（届出）簿 (第4条).

An applicant the law does not allow is told why. Before such an application is taken the
counter must have explained the disadvantage (第57条第1項); if the applicant still insists it
is received as asked (第57条第2項) and refused in writing with the 運転免許申請に対する通知書
(第58条): the application is kept as 不受理（通知済） with its reasons.

Fees come from the law engine's fee table (``rules.fees``) by prefecture, date and holding
form; each payment is a :class:`FeePayment` with its 手数料事務処理票 number.

The 申請用写真 the application carries (規程第3条: the documents attached to it) is taken or scanned
at the counter, or sent by its camera, through :func:`attach_photo`; it is checked against
``rules.application_photo``, cleaned of its metadata and kept as a :class:`~menkyo.registry.models.Photo`
(ADR 0013). :func:`application_photo` hands it to staff who read applications (an audited read).

The forms the counter hands out are rendered as PDF (:mod:`menkyo.documents`, audited): the
運転免許申請書 pre-filled with the 質問票 (:func:`application_form`, 第4条), the 領収書 of a fee
(:func:`fee_receipt`) and the 運転免許申請に対する通知書 (:func:`refusal_notice`, 第58条).
"""

from dataclasses import dataclass
from datetime import date

from django.db import transaction
from django.db.models import F, Max, Q
from django.utils import timezone

from menkyo.audit.recorder import record
from menkyo.core import legal, serials
from menkyo.core.errors import Conflict, InvalidInput, NotFound
from menkyo.core.legal import procedure
from menkyo.core.models import Affiliation, AffiliationKind
from menkyo.core.permissions import authorize
from menkyo.core.wareki import wareki
from menkyo.counter.actions import Action
from menkyo.counter.models import (
    APPLICATION,
    Application,
    ApplicationState,
    ApplicationType,
    DocumentCode,
    DrivingSchool,
    ExamBar,
    FeePayment,
    GraduationCertificate,
    LectureMode,
    PaymentMethod,
    QuestionnaireItem,
    Route,
    ViaRenewal,
)
from menkyo.counter.permissions import (
    ATTACH_PHOTO,
    ISSUE_REFUSAL_NOTICE,
    RECEIVE_APPLICATION,
    RECORD_PAYMENT,
    REGISTER_GRADUATION_CERTIFICATE,
    SUBMIT_SCHOOL_APPLICATION,
    VIEW_APPLICATIONS,
    WITHDRAW_APPLICATION,
)
from menkyo.documents.actions import Action as DocumentAction
from menkyo.documents.forms import (
    ApplicationForm,
    FeeLine,
    QuestionnaireAnswer,
    Reason,
    Receipt,
    RefusalNotice,
)
from menkyo.documents.services import RenderedDocument, render_document
from menkyo.judgement.services import judge
from menkyo.registry.models import (
    CURRENT_STATUSES,
    Licence,
    LicenceKind,
    LicenceStatus,
    Person,
    Photo,
    ProvisionalLicence,
)
from menkyo.registry.photos import clean_photo
from menkyo.registry.services import (
    add_history,
    clean_kana,
    clean_name,
    clean_person,
    clean_reason,
    may_see_honseki,
    parse_licence_number,
)
from menkyo.rules import application_documents, exam_standards, fees
from menkyo.rules.application_photo import photo_standard
from menkyo.rules.errors import RulesError
from menkyo.rules.graduation import certificate_validity
from menkyo.rules.kinds import condition_text

#: Offices that receive licence applications (規程第3条第1項: 試験場長 and 署長).
RECEIVING_OFFICES = (AffiliationKind.LICENCE_CENTRE, AffiliationKind.POLICE_STATION)
NOTE_MAX_LENGTH = 200

#: The 審査 (規程第9条・第9条の2): they change a licence held and take the route 審査.
REVIEW_TYPES = (ApplicationType.LIMITATION_REMOVAL, ApplicationType.CONDITION_REMOVAL,
                ApplicationType.CONDITION_BY_REQUEST)
#: Japanese for the law engine's eligibility reasons (rules.eligibility).
ELIGIBILITY_REASONS = {
    "kind_not_introduced": "申請日にはこの免許の種類がありません。",
    "already_held": "この種類の免許を既に受けています。",
    "under_age": "受験できる年齢に達していません。",
    "insufficient_experience": "受験に必要な運転経験（免許を受けていた期間）が足りません。",
    "prerequisite_missing": "この種類の免許を受けるのに必要な免許を受けていません。",
}


@dataclass(frozen=True)
class Refusal:
    """Why the law does not allow the application: a stable code, Japanese text, legal reference."""

    code: str
    message: str
    reference: str

    def as_dict(self) -> dict:
        return {"code": self.code, "message": self.message, "reference": self.reference}


# --- intake -----------------------------------------------------------------------------


@procedure(legal.KITEI_3, rule=RECEIVE_APPLICATION.name)
def receive_application(actor, data: dict, *, received_on: date | None = None) -> Application:
    """Receive an application at the actor's office (規程第3条第1項) and enter it in the
    申請（届出）簿 (第4条), or keep it as not accepted with its reasons (第57条・第58条).

    ``data``: ``application_type``, ``route``, ``licence_kind`` (card label: 普通, 普通仮 …),
    the applicant — ``licence_number`` of a holder, ``provisional_number`` of a 仮免許 holder (a
    direct test), ``person_id`` of a person already in the register, or the particulars of a new applicant (name, name_kana, birth_date, sex,
    postal_code, address, honseki | nationality) —, ``questionnaire`` {item: bool} (all five),
    ``documents`` [DocumentCode], ``graduation_certificate`` {"school", "number"} for a school
    graduate, ``special_course`` (受験資格特例教習, bool), ``review_condition`` for a 条件解除審査 or a
    申請による条件の付与 (the condition's code: glasses, hearing_aid, at_futsuu; a 限定解除審査 lifts the
    限定 of ``licence_kind`` that is on the licence), ``remaining_condition`` for a partial 限定解除 (the 限定
    that remains: at_futsuu_nirin, kogata_futsuu_nirin), ``vehicle_limit`` for a test on a limited vehicle
    (at_futsuu, at_futsuu_nirin, kogata_futsuu_nirin, kogata_at_futsuu_nirin, at_oogata_nirin: the licence
    issued carries it), ``disadvantage_explained`` (第57条) and ``note``. Raises InvalidInput (nothing written) for input the counter must correct.
    """
    office = _office(actor)
    authorize(actor, RECEIVE_APPLICATION.name, office, action=Action.APPLICATION_RECEIVE)
    return _receive(actor, office, data, received_on or timezone.localdate(),
                    explained=bool(data.get("disadvantage_explained")))


@procedure(legal.KITEI_3_2, rule=SUBMIT_SCHOOL_APPLICATION.name)
def submit_school_application(actor, data: dict, *, received_on: date | None = None) -> Application:
    """A 指定自動車教習所 sends a student's 仮免許 application through its terminal; the 試験場長 of
    its prefecture receives it (規程第3条第2項). ``data`` as for :func:`receive_application`
    (new applicant's particulars, 質問票, documents) with the 仮免許 kind; the route is the school's
    仮免許試験. An application the law does not allow is refused (the school tells the student;
    nothing is recorded) — there is no counter to explain it (第57条) at a school."""
    authorize(actor, SUBMIT_SCHOOL_APPLICATION.name, getattr(actor, "affiliation", None),
              action=Action.APPLICATION_RECEIVE)
    school = _school_of(actor)
    data = {**data, "application_type": ApplicationType.PROVISIONAL, "route": Route.SCHOOL_PROVISIONAL,
            "disadvantage_explained": False}
    return _receive(actor, main_licence_centre(school.prefecture_id), data, received_on or timezone.localdate(),
                    explained=False)


def _receive(actor, office, data: dict, day: date, *, explained: bool) -> Application:
    """The intake itself, once the office is known and the actor authorized (see the two entry points)."""
    kind = _licence_kind(data.get("licence_kind"))
    application_type, route = _type_and_route(data, kind)
    questionnaire = _questionnaire(data.get("questionnaire"))
    documents = _documents(data.get("documents"))
    note = _note(data.get("note"))
    vehicle_limit = _vehicle_limit(application_type, kind, data.get("vehicle_limit"), day)
    with transaction.atomic():
        person, new_values = _applicant(actor, data, office)
        licence = _current_licence(person)
        _check_type_against_licence(application_type, licence)
        vehicle_limit = _limit_of_provisional(person, application_type, kind, vehicle_limit, day)
        review = _review(application_type, kind, data.get("review_condition"), licence, day,
                         data.get("remaining_condition"))
        _check_upper_explained(review, licence, explained)
        _check_documents(day, documents, holder=licence is not None, route=route, kind=kind,
                         foreign=_is_foreign(person, new_values))
        birth_date = person.birth_date if person else new_values["birth_date"]
        certificate = _certificate(data.get("graduation_certificate"), route, kind, birth_date, new_values or person,
                                   day)
        refusals, eligibility = _assess(actor, person, birth_date, licence, kind, application_type, route, day,
                                        bool(data.get("special_course")))
        if refusals and not explained:
            raise _unexplained(refusals)
        application = Application.objects.create(
            office=office, prefecture_id=office.prefecture_id, person=person or Person.objects.create(**new_values),
            application_type=application_type, route=route, licence_kind=kind, received_on=day,
            review_condition=review.condition if review else "",
            remaining_condition=review.replacement if review else "", vehicle_limit=vehicle_limit,
            received_by=actor.actor_name, questionnaire=questionnaire, aptitude_review=any(questionnaire.values()),
            documents=documents, eligibility=eligibility, refusal_reasons=[r.as_dict() for r in refusals],
            disadvantage_explained=explained, note=note,
            state=ApplicationState.NOT_ACCEPTED if refusals else ApplicationState.RECEIVED,
        )
        if not refusals:
            _enter_in_ledger(application)
            if certificate is not None:
                certificate.application = application
                certificate.save(update_fields=["application"])
        _audit_intake(actor, application, refusals)
    return application


def _unexplained(refusals: list[Refusal]) -> InvalidInput:
    return InvalidInput(
        "この申請は受理できない理由があります（" + "／".join(r.message for r in refusals) + "）。"
        "申請者に不利益を説明し（規程第57条）、なお申請する場合は「不利益を説明した」を確認してください。",
        field="disadvantage_explained", code="disadvantage_not_explained",
    )


def _school_of(actor) -> DrivingSchool:
    """The 指定自動車教習所 whose terminal the actor is."""
    school = DrivingSchool.objects.filter(affiliation_id=getattr(actor, "affiliation_id", None), active=True).first()
    if school is None:
        raise InvalidInput("指定自動車教習所の端末ではありません。", field="school", code="not_a_school")
    return school


def main_licence_centre(prefecture_id: str) -> Affiliation:
    """The prefecture's 運転免許試験場 that receives schools' applications and makes cards: the
    licence centre with the lowest code (e.g. 28-002 明石運転免許試験場)."""
    centre = (Affiliation.objects.filter(prefecture_id=prefecture_id, kind=AffiliationKind.LICENCE_CENTRE,
                                         active=True).order_by("code").first())
    if centre is None:
        raise Conflict("この都道府県には運転免許試験場が登録されていません。", code="no_licence_centre")
    return centre


def _office(actor):
    """The actor's office, which must be a 試験場 or 警察署 (規程第3条第1項)."""
    office = getattr(actor, "affiliation", None)
    if office is None or office.kind not in RECEIVING_OFFICES:
        raise InvalidInput("免許の申請は運転免許試験場又は警察署で受理します（規程第3条）。", field="office",
                           code="not_a_receiving_office")
    return office


def _licence_kind(code) -> LicenceKind:
    kind = LicenceKind.objects.filter(code=code or "").first()
    if kind is None:
        raise InvalidInput(f"申請する免許の種類「{code or ''}」は存在しません。", field="licence_kind")
    return kind


def _type_and_route(data: dict, kind: LicenceKind) -> tuple[str, str]:
    """The application type and route, consistent with the kind applied for."""
    application_type, route = data.get("application_type"), data.get("route")
    if application_type not in ApplicationType.values:
        raise InvalidInput("申請の種別を選択してください。", field="application_type")
    if route not in Route.values:
        raise InvalidInput("受験の経路を選択してください。", field="route")
    if application_type in COUNTER_FEES or route == Route.COUNTER:
        raise InvalidInput("再交付の申請は免許の画面の「免許証の再交付」から受理します（規程第15条）。",
                           field="application_type", code="not_an_intake_type")
    provisional = kind.category == LicenceKind.Category.PROVISIONAL
    if provisional != (application_type == ApplicationType.PROVISIONAL):
        raise InvalidInput("仮免許の申請には仮免許の種類を、それ以外の申請には免許の種類を選択してください。",
                           field="licence_kind")
    if (application_type in REVIEW_TYPES) != (route == Route.REVIEW):
        raise InvalidInput("限定解除・条件の審査は経路「審査」で、それ以外は受験の経路を選択してください。", field="route")
    if route == Route.SCHOOL_PROVISIONAL and not provisional:
        raise InvalidInput("教習所での仮免許試験は仮免許の申請のみです。", field="route")
    return application_type, route


def _questionnaire(answers) -> dict[str, bool]:
    """All five 質問票 items answered はい (True) or いいえ (False) (規則別記様式第12の2)."""
    if not isinstance(answers, dict):
        raise InvalidInput("質問票の5項目すべてに「はい」か「いいえ」で回答してください。", field="questionnaire")
    unknown = sorted(set(answers) - set(QuestionnaireItem.values))
    if unknown:
        raise InvalidInput(f"質問票の項目「{unknown[0]}」は存在しません。", field="questionnaire")
    missing = [item for item in QuestionnaireItem if not isinstance(answers.get(item.value), bool)]
    if missing:
        raise InvalidInput(f"質問票の第{list(QuestionnaireItem).index(missing[0]) + 1}項に「はい」か「いいえ」で"
                           "回答してください。", field="questionnaire")
    return {item.value: answers[item.value] for item in QuestionnaireItem}


def _documents(codes) -> list[str]:
    codes = list(codes or [])
    unknown = [c for c in codes if c not in DocumentCode.values]
    if unknown:
        raise InvalidInput(f"書類の区分「{unknown[0]}」は存在しません。", field="documents")
    return [c for c in DocumentCode.values if c in codes]


def _note(value) -> str:
    note = (value or "").strip()
    if len(note) > NOTE_MAX_LENGTH:
        raise InvalidInput(f"備考は{NOTE_MAX_LENGTH}文字以内で入力してください。", field="note")
    return note


def _applicant(actor, data: dict, office) -> tuple[Person | None, dict]:
    """The person applying: found by licence number or register id, or (None, the checked
    particulars of a new applicant). Whoever applies must live in the office's prefecture
    (the test is taken before the 住所地 commission)."""
    if data.get("licence_number"):
        number = parse_licence_number(data["licence_number"], field="licence_number")
        licence = Licence.objects.select_related("person").filter(number=number, status__in=CURRENT_STATUSES).first()
        if licence is None:
            raise NotFound(f"免許証番号 {number} の有効な免許は登録されていません。", field="licence_number")
        person = licence.person
    elif data.get("provisional_number"):
        person = _provisional_holder(data["provisional_number"])
    elif data.get("person_id"):
        person = Person.objects.filter(pk=data["person_id"]).first()
        if person is None:
            raise NotFound("指定された申請者は登録されていません。", field="person_id")
    else:
        values = clean_person(data)
        if values["address_prefecture_id"] != office.prefecture_id:
            raise InvalidInput("住所地の都道府県の試験場・警察署で申請してください（住所が他の都道府県です）。",
                               field="address")
        return None, values
    person = Person.objects.select_for_update().get(pk=person.pk)  # two counters, one applicant
    if person.home_prefecture_id != office.prefecture_id:
        raise InvalidInput("この申請者は他の都道府県の管理です。住所地の都道府県で申請してください。", field="person_id")
    return person, {}


def _provisional_holder(value) -> Person:
    """The holder of a valid 仮免許 found by its number (the 仮免許証 shown for a direct test)."""
    number = parse_licence_number(value, field="provisional_number")
    provisional = (ProvisionalLicence.objects.select_related("person")
                   .filter(number=number, status=LicenceStatus.VALID).first())
    if provisional is None:
        raise NotFound(f"仮免許証番号 {number} の有効な仮免許は登録されていません。", field="provisional_number")
    return provisional.person


def _current_licence(person: Person | None) -> Licence | None:
    return person.current_licence if person is not None else None


def _check_type_against_licence(application_type: str, licence: Licence | None) -> None:
    if application_type == ApplicationType.NEW and licence is not None:
        raise InvalidInput("免許を受けている方の申請は「種類の追加」です。", field="application_type")
    if application_type in (ApplicationType.ADDITIONAL, *REVIEW_TYPES) and licence is None:
        raise InvalidInput(f"「{ApplicationType(application_type).label}」は免許を受けている方の申請です。",
                           field="application_type")


def _review(application_type: str, kind: LicenceKind, condition, licence: Licence | None,
            day: date, remaining=None) -> exam_standards.ReviewChange | None:
    """What a 審査 changes (``rules.exam_standards.review_change``), checked against the licence held:
    the kind is held, a 限定 or condition to lift is on the licence (規程第9条第1項・第2項), a condition
    asked for is not yet (第9条の2第1項). A holder of a 上位免許 of the kind has it cancelled first
    (第9条の2第2項): that is checked at intake as a disadvantage to explain (:func:`_receive`) and carried
    out when the condition is registered (``cards.services.issue_review_card``). A 限定解除審査 lifts the
    限定 of the kind that is on the licence (普自二: AT・小型・小型AT), wholly or, with ``remaining``, in part.
    None for a test application."""
    if application_type not in REVIEW_TYPES:
        if remaining:
            raise InvalidInput("一部解除後に残る限定は限定解除審査でのみ選びます。", field="remaining_condition",
                               code="review_not_applicable")
        return None
    if application_type == ApplicationType.LIMITATION_REMOVAL and not condition and licence is not None:
        condition = _limitation_held(kind, licence, day)
    try:
        change = exam_standards.review_change(application_type, kind.code, condition or "", day, remaining or "")
    except RulesError as error:
        raise InvalidInput(error.message, field=REVIEW_FIELDS.get(error.path or "", "licence_kind"),
                           code="review_not_applicable") from None
    held = {row.kind_id for row in licence.kinds.all()}
    name = ApplicationType(application_type).label
    if change.kind not in held:
        raise InvalidInput(f"{change.kind}免許を受けていないため「{name}」の対象ではありません。", field="licence_kind",
                           code="kind_not_held")
    field = "licence_kind" if application_type == ApplicationType.LIMITATION_REMOVAL else "review_condition"
    if change.removes and change.text not in licence.conditions:
        raise InvalidInput(f"この免許に「{change.text}」は付されていません（「{name}」の対象外）。", field=field,
                           code="condition_not_held")
    if not change.removes and change.text in licence.conditions:
        raise InvalidInput(f"この免許には既に「{change.text}」が付されています。", field=field,
                           code="condition_already_held")
    return change


REVIEW_FIELDS = {"condition": "review_condition", "remaining": "remaining_condition"}


def _limitation_held(kind: LicenceKind, licence: Licence, day: date) -> str:
    """The 限定 of ``kind`` on the licence that a 限定解除審査 lifts (the kind's first when none is on it:
    the intake then refuses it as not held)."""
    limits = exam_standards.limitations(kind.code, day)
    held = [code for code in limits if condition_text(code) in licence.conditions]
    return (held or limits or [""])[0]


#: ``vehicle_limit`` of a test taken on an MT車 said outright (no 限定; refused on an AT限定の仮免許).
MT_TEST = "mt"
LIMITED_TEST_TYPES = (ApplicationType.NEW, ApplicationType.ADDITIONAL, ApplicationType.PROVISIONAL)


def _vehicle_limit(application_type: str, kind: LicenceKind, limit, day: date) -> str:
    """The 限定 chosen by the vehicle of the test (``rules.exam_standards.test_vehicle_limit``): only for
    a test application (新規取得・種類の追加・仮免許) of a kind that has it (普通 AT; 普自二 AT・小型・小型AT;
    大自二 AT; 普通仮 AT; 普二 AT). ``mt`` (an MT test said outright) is kept until the 仮免許 is checked."""
    if not limit:
        return ""
    if application_type not in LIMITED_TEST_TYPES:
        raise InvalidInput("試験の車の限定は新規取得・種類の追加・仮免許の申請でのみ選びます。", field="vehicle_limit",
                           code="vehicle_limit_not_applicable")
    if limit == MT_TEST:
        return MT_TEST
    try:
        exam_standards.test_vehicle_limit(kind.code, str(limit), day)
    except RulesError as error:
        raise InvalidInput(error.message, field="vehicle_limit", code="vehicle_limit_not_applicable") from None
    return str(limit)


def _limit_of_provisional(person: Person | None, application_type: str, kind: LicenceKind, chosen: str,
                          day: date) -> str:
    """The 限定 of a test taken by the holder of a limited 仮免許 of the kind (UNCONFIRMED,
    ``rules.exam_standards.provisional_vehicle_limit``): an AT限定の普通仮免許 allows practice on AT車 only, so
    its holder's 普通 test is an AT test — chosen by default, and an MT test (or another 限定) is refused."""
    provisional = None
    if person is not None and application_type in (ApplicationType.NEW, ApplicationType.ADDITIONAL):
        provisional = ProvisionalLicence.objects.filter(
            person=person, kind_id=f"{kind.code}仮", status=LicenceStatus.VALID, issue_date__lte=day,
            expiry_date__gte=day).order_by("-issue_date", "-pk").first()
    conditions = provisional.conditions if provisional else []
    carried = exam_standards.provisional_vehicle_limit(kind.code, conditions, day).value
    if not carried:
        return "" if chosen == MT_TEST else chosen
    if chosen and chosen != carried:
        raise InvalidInput(
            f"{kind.code}仮免許に「{'・'.join(conditions)}」の条件があり、その車でしか練習できないため、"
            f"{kind.code}免許の試験は「{condition_text(carried)}」の限定で受けます（MT車・他の限定では受けられません）。",
            field="vehicle_limit", code="vehicle_limit_provisional")
    return carried


def _check_upper_explained(review, licence: Licence | None, explained: bool) -> None:
    """A condition asked for by a holder of a 上位免許 of the kind cancels that 上位免許 first (規程第9条の2
    第2項): a disadvantage the counter explains before receiving it (第57条第1項)."""
    upper = review.upper_held(h.kind_id for h in licence.kinds.all()) if review and licence else []
    if upper and not explained:
        raise InvalidInput(
            f"{'・'.join(upper)}免許（{review.kind}免許の上位免許）を受けている方に条件を付与するときは、先に"
            f"{'・'.join(upper)}免許を取り消します（規程第9条の2第2項）。申請者にこの不利益を説明し（規程第57条）、"
            "なお申請する場合は「不利益を説明した」を確認してください。", field="disadvantage_explained",
            code="upper_cancellation_not_explained")


def review_of(application: Application) -> exam_standards.ReviewChange | None:
    """What the application's 審査 changes on the licence (for pages; None for a test application)."""
    if application.application_type not in REVIEW_TYPES:
        return None
    return exam_standards.review_change(application.application_type, application.licence_kind_id,
                                        application.review_condition, application.received_on,
                                        application.remaining_condition)


def vehicle_limit_of(application: Application) -> str:
    """The printed 限定 the application's test is taken for (普通二輪は小型二輪に限る …; "" when none)."""
    return condition_text(application.vehicle_limit) if application.vehicle_limit else ""


def _is_foreign(person: Person | None, values: dict) -> bool:
    """A foreign national: 国籍等 recorded and no 本籍."""
    source = values or {"nationality": person.nationality, "honseki": person.honseki}
    return bool(source["nationality"]) and not source["honseki"]


def _check_documents(day: date, presented: list[str], *, holder: bool, route: str, kind: LicenceKind,
                     foreign: bool) -> None:
    """Every document the law asks for this application on ``day`` is presented. A direct test for
    a kind that has a 仮免許 (大型・中型・準中型・普通) is taken with that 仮免許 shown."""
    facts = application_documents.Facts(
        holder=holder, foreign_national=foreign, school_graduate=route == Route.SCHOOL_GRADUATE,
        provisional_route=route == Route.DIRECT and LicenceKind.objects.filter(code=f"{kind.code}仮").exists())
    missing = [r for r in application_documents.required_documents(day, facts) if r.code not in presented]
    if missing:
        raise InvalidInput("次の書類の提出・提示がありません: " + "、".join(r.label for r in missing) + "。",
                           field="documents", code="documents_missing")


def _certificate(given, route: str, kind: LicenceKind, birth_date: date, applicant, day: date):
    """The school graduate's 卒業証明書: registered by the school, unused, for this kind and this
    person, and within its year (counter-facts §2.4). None for other routes."""
    if route != Route.SCHOOL_GRADUATE:
        return None
    given = given or {}
    # Only the certificate's row is locked: the school's is every graduate's (of="self").
    certificate = (GraduationCertificate.objects.select_for_update(of=("self",)).select_related("school")
                   .filter(school_id=given.get("school") or "", number=(given.get("number") or "").strip()).first())
    if certificate is None:
        raise InvalidInput("卒業証明書が登録されていません（教習所番号と証明書番号を確認してください）。",
                           field="graduation_certificate")
    if certificate.application_id is not None:
        raise InvalidInput("この卒業証明書は既に他の申請に使われています。", field="graduation_certificate")
    name = applicant["name"] if isinstance(applicant, dict) else applicant.name
    if certificate.kind_id != kind.code or certificate.birth_date != birth_date or certificate.name != name:
        raise InvalidInput("卒業証明書の氏名・生年月日・免許の種類が申請と一致しません。", field="graduation_certificate")
    validity = certificate_validity(certificate.passed_on, day)
    if not validity.valid:
        raise InvalidInput(f"卒業証明書の有効期間（{wareki(validity.last_day)}まで）を過ぎています。",
                           field="graduation_certificate")
    return certificate


def _assess(actor, person, birth_date: date, licence, kind: LicenceKind, application_type: str, route: str,
            day: date, special_course: bool) -> tuple[list[Refusal], dict]:
    """What the law says against the application — a 受験停止, and eligibility from the law engine
    (age, prerequisite kinds, experience) — and the law engine's answer with its trace."""
    refusals = []
    if person is not None:
        bar = ExamBar.objects.filter(person=person, starts_on__lte=day, until__gte=day).order_by("-until").first()
        if bar is not None:
            refusals.append(Refusal("exam_bar", f"{wareki(bar.until)}まで免許試験を受けることができません"
                                                "（受験停止）。", "道路交通法第97条の3; 規程第6条第3項"))
    if application_type in REVIEW_TYPES:  # the licence held was checked against the 審査 (_review)
        return refusals, {}
    held = [{"kind": k.kind_id, "acquired": k.acquired_on.isoformat(), "limited": bool(k.limitation)}
            for k in (licence.kinds.all() if licence else [])]
    refusals += _missing_provisional(person, kind, route, [h["kind"] for h in held], day)
    ok, result = judge(actor, "eligibility", {"date": day.isoformat(), "birth_date": birth_date.isoformat(),
                                               "kind": kind.code, "licences": held,
                                               "special_course": special_course}, channel="counter")
    if not ok:
        raise _rules_error(result)
    reference = "; ".join(dict.fromkeys(step["reference"] for step in result["trace"]))
    refusals += [Refusal(code, ELIGIBILITY_REASONS.get(code, code), reference) for code in result["reasons"]]
    return refusals, result


def _missing_provisional(person, kind: LicenceKind, route: str, held: list[str], day: date) -> list[Refusal]:
    """A direct test for a kind that needs a 仮免許 first (``rules.exam_standards``): the applicant
    must hold a valid one on the application day."""
    if route != Route.DIRECT or kind.category == LicenceKind.Category.PROVISIONAL:
        return []
    try:
        plan = exam_standards.required_tests(kind.code, route, held, day)
    except RulesError:
        return []  # a kind and route the table does not plan: the examinee registration says why
    refusals = []
    for requirement in plan.requirements:
        if requirement.code != "provisional_licence":
            continue
        valid = person is not None and ProvisionalLicence.objects.filter(
            person=person, kind_id=requirement.kind, status=LicenceStatus.VALID, issue_date__lte=day,
            expiry_date__gte=day).exists()
        if not valid:
            refusals.append(Refusal("no_provisional_licence",
                                    f"有効な{requirement.kind}免許（仮運転免許）を受けていません。"
                                    f"{kind.code}免許を直接受験するには{requirement.label}が要ります。",
                                    requirement.reference))
    return refusals


def _rules_error(result: dict) -> InvalidInput:
    """The law engine refused the input (a kind not in force on the day, a birth date after it)."""
    error = result.get("error", {})
    field = "birth_date" if error.get("path") == "birth_date" else "licence_kind"
    return InvalidInput(f"受験資格を判定できません: {error.get('message', '')}", field=field)


def _enter_in_ledger(application: Application) -> None:
    """The next number of the office's 申請（届出）簿 for the day (規程第4条)."""
    def highest_in_use() -> int:
        return (Application.objects.filter(office_id=application.office_id, ledger_date=application.received_on)
                .aggregate(last=Max("ledger_serial"))["last"] or 0)

    application.ledger_date = application.received_on
    application.ledger_serial = serials.take(f"ledger:{application.office_id}:{application.received_on}",
                                             highest_in_use)
    application.save(update_fields=["ledger_date", "ledger_serial"])


def enter_in_ledger(application: Application) -> None:
    """Enter an application received by another app's procedure (a 再交付, 規程第15条) in the
    office's 申請（届出）簿 as :func:`receive_application` does (規程第4条)."""
    _enter_in_ledger(application)


def _audit_intake(actor, application: Application, refusals: list[Refusal]) -> None:
    """The intake's audit event (no personal data in the detail) and the person's history row."""
    accepted = not refusals
    event = record(
        actor, Action.APPLICATION_RECEIVE if accepted else Action.APPLICATION_NOT_ACCEPT,
        object_type="application", object_id=application.pk, person_id=application.person_id,
        subject_prefecture=application.prefecture_id,
        detail={"type": application.application_type, "route": application.route,
                "kind": application.licence_kind_id, "ledger": application.ledger_number,
                "aptitude_review": application.aptitude_review, "refusals": [r.code for r in refusals],
                "legal_basis": str(legal.KITEI_4 if accepted else legal.KITEI_58)},
    )
    what = f"{application.get_application_type_display()} {application.licence_kind_id}"
    add_history(actor, application.person, None, "application.received" if accepted else "application.not_accepted",
                {"application": [None, what]}, "免許の申請" if accepted else "免許の申請（不受理・通知書）",
                legal.KITEI_4 if accepted else legal.KITEI_58, event)


# --- fees --------------------------------------------------------------------------------


@procedure(legal.KITEI_4, rule=RECORD_PAYMENT.name)
def record_payment(actor, application_id: int, *, procedure_code: str, method: str, slip_number: str,
                   holding_form: str = "") -> FeePayment:
    """Record a fee paid on an application: the amount is the law engine's for the procedure, the
    prefecture, the day and the holding form (``rules.fees``; when not given, a renewal's licence's,
    else a card); ``slip_number`` is the 手数料事務処理票's number (unique). A 不受理 or withdrawn
    application takes no fee."""
    application = _application_for(actor, application_id, RECORD_PAYMENT.name, Action.PAYMENT_RECORD)
    if application.state in (ApplicationState.NOT_ACCEPTED, ApplicationState.WITHDRAWN):
        raise Conflict(f"{application.get_state_display()}の申請の手数料は収納できません。", field="application_id",
                       code="application_closed")
    method, slip_number = clean_payment(method, slip_number)
    try:
        amount = fees.fee(procedure_code, timezone.localdate(), holding_form or _holding_form_of(application),
                          _fee_prefecture(application, procedure_code))
    except RulesError as error:
        raise InvalidInput(f"手数料を決められません: {error.message}", field="procedure_code") from None
    with transaction.atomic():
        if slip_in_use(slip_number):
            raise InvalidInput("この手数料事務処理票番号は既に使われています。", field="slip_number", code="duplicate")
        payment = FeePayment.objects.create(application=application, procedure=amount.procedure, label=amount.name,
                                            amount=amount.amount, method=method, slip_number=slip_number,
                                            received_by=actor.actor_name)
        record(actor, Action.PAYMENT_RECORD, object_type="fee_payment", object_id=payment.pk,
               person_id=application.person_id, subject_prefecture=application.prefecture_id,
               detail={"application": application.pk, "procedure": amount.procedure, "amount": amount.amount,
                       "method": method, "fee_status": amount.status, "legal_basis": str(legal.KITEI_4)})
    return payment


def clean_payment(method: str, slip_number: str, *, method_field: str = "method",
                  slip_label: str = "手数料事務処理票番号") -> tuple[str, str]:
    """A fee's method of payment and the number of the slip it was paid on (英数字20文字以内), or
    :class:`InvalidInput` naming the field. Used by every procedure that takes a fee at the counter."""
    if method not in PaymentMethod.values:
        raise InvalidInput("納付方法を選択してください。", field=method_field)
    slip_number = (slip_number or "").strip()
    if not slip_number or len(slip_number) > 20 or not slip_number.isascii() or not slip_number.replace("-", "").isalnum():
        raise InvalidInput(f"{slip_label}を英数字20文字以内で入力してください。", field="slip_number")
    return method, slip_number


def slip_in_use(slip_number: str) -> bool:
    """Whether a payment on an application already bears this 手数料事務処理票 number."""
    return FeePayment.objects.filter(slip_number=slip_number).exists()


@dataclass(frozen=True)
class FeeDue:
    """A fee the application calls for: the law engine's amount, or why it cannot be given."""

    procedure: str
    label: str
    amount: int | None
    paid: bool
    note: str = ""


#: The 交付手数料 of each application type (paid before the card is made, 規程第13条第1項).
ISSUE_FEES = {ApplicationType.NEW: "issue", ApplicationType.LAPSED: "issue",
              ApplicationType.ADDITIONAL: "issue_additional_kind",
              ApplicationType.PROVISIONAL: "provisional_issue"}


#: Applications without a test and their one fee (rules.fees): the 再交付手数料 (規程第15条).
COUNTER_FEES = {ApplicationType.REISSUE: "reissue"}


def fees_due(application: Application, day: date | None = None) -> list[FeeDue]:
    """The 受験手数料 of the application's kind and route and its 交付手数料 (``rules.fees``) — for a
    審査, its 審査手数料 alone —, each with whether a payment of that procedure is recorded. A fee the table does not price (e.g. a
    仮免許 by direct test: UNCONFIRMED) is listed with the law engine's reason instead of an amount."""
    day = day or timezone.localdate()
    paid = {p.procedure for p in application.payments.all()}
    if application.application_type in COUNTER_FEES:
        fee = fees.fee(COUNTER_FEES[application.application_type], day, prefecture=application.prefecture_id)
        return [FeeDue(fee.procedure, fee.name, fee.amount, fee.procedure in paid)]
    if application.application_type == ApplicationType.RENEWAL:
        return _renewal_fees(application, day, paid)
    if application.route == Route.REVIEW:
        return [_review_fee(application, day, paid)]
    # 失効後の再取得: the law engine's fee route (its 6 months–1 year route pays the 一般 test fee).
    route = (application.eligibility.get("fee_route") if application.application_type == ApplicationType.LAPSED
             else application.route)
    try:
        code = fees.exam_fee_procedure(application.licence_kind_id, route)
    except RulesError as error:
        exam = FeeDue("", "受験手数料", None, False, error.message)
    else:
        fee = fees.fee(code, day, prefecture=application.prefecture_id)
        exam = FeeDue(code, fee.name, fee.amount, code in paid)
    return [exam, *_issue_fee(application, day, paid)]


#: The fee of a 審査 in the law engine's table: only the 限定解除審査手数料 has a source
#: (counter-facts §1.4; 規程第9条第1項 and 第9条の3第2項 name the 限定解除審査手数料事務処理票).
REVIEW_FEES = {ApplicationType.LIMITATION_REMOVAL: "limit_removal_review"}
UNPRICED_REVIEW = ("この審査の手数料は資料になく未確認です（counter-facts §1.4 には限定解除審査手数料のみ）。"
                   "都道府県の手数料条例で確認してください。")


def _review_fee(application: Application, day: date, paid: set[str]) -> FeeDue:
    """The 審査's fee; a 審査 the table does not price is listed with why (UNCONFIRMED), not as free."""
    code = REVIEW_FEES.get(application.application_type)
    if code is None:
        return FeeDue("", "審査手数料", None, False, UNPRICED_REVIEW)
    fee = fees.fee(code, day, prefecture=application.prefecture_id)
    return FeeDue(code, fee.name, fee.amount, code in paid)


def _issue_fee(application: Application, day: date, paid: set[str]) -> list[FeeDue]:
    code = ISSUE_FEES.get(application.application_type)
    if code is None:
        return []
    fee = fees.fee(code, day, prefecture=application.prefecture_id)
    return [FeeDue(code, fee.name, fee.amount, code in paid)]


# --- withdrawal, reads, the 申請（届出）簿 ---------------------------------------------------


@procedure(legal.KITEI_3, rule=WITHDRAW_APPLICATION.name)
def withdraw_application(actor, application_id: int, *, reason: str) -> Application:
    """The applicant withdraws (取下げ) an application not yet issued; the reason is kept."""
    application = _application_for(actor, application_id, WITHDRAW_APPLICATION.name, Action.APPLICATION_WITHDRAW)
    APPLICATION.apply(actor, application, "withdraw", reason=clean_reason(reason))
    return application


@procedure(legal.KITEI_4, rule=VIEW_APPLICATIONS.name)
def read_application(actor, application_id: int) -> Application:
    """One application of the actor's prefecture, with its applicant and payments (audited read)."""
    application = _application_for(actor, application_id, VIEW_APPLICATIONS.name, Action.APPLICATION_READ)
    record(actor, Action.APPLICATION_READ, object_type="application", object_id=application.pk,
           person_id=application.person_id, subject_prefecture=application.prefecture_id)
    return application


# --- the 申請用写真 ------------------------------------------------------------------------------

#: States in which the application's photo may be attached or replaced: once the licence is being
#: issued, the card is made from the photo it had.
PHOTO_STATES = (ApplicationState.RECEIVED, ApplicationState.TESTING, ApplicationState.FAILED,
                ApplicationState.PASSED)


@procedure(legal.KITEI_3, rule=ATTACH_PHOTO.name)
def attach_photo(actor, application_id: int, image_bytes: bytes, *, taken_on: date | None = None,
                 reason: str = "") -> Photo:
    """Attach the 申請用写真 to an application (規程第3条: the documents attached to it, 道路交通法施行規則
    第17条第2項第9号): a JPEG or PNG of a portrait photo taken within six months before the
    application (``taken_on``, today when not given). It is stored re-encoded without its
    metadata; the application names it from now on. Replacing a photo needs a ``reason``, and the
    earlier photo is kept. The audit event names the photo by its SHA-256, never its bytes."""
    application = _application_for(actor, application_id, ATTACH_PHOTO.name, Action.PHOTO_ATTACH)
    if application.state not in PHOTO_STATES:
        raise Conflict(f"「{application.get_state_display()}」の申請の写真は登録できません。", field="application_id",
                       code="photo_closed")
    today = timezone.localdate()
    photo = clean_photo(image_bytes, taken_on=taken_on or today, applied_on=application.received_on, today=today,
                        standard=photo_standard(application.received_on))
    reason = _photo_reason(reason, replacing=application.photo_id is not None)
    with transaction.atomic():
        locked = Application.objects.select_for_update().get(pk=application.pk)
        stored = Photo.objects.create(person_id=locked.person_id, image=photo.image, sha256=photo.sha256,
                                      media_type=photo.media_type, source_format=photo.source_format,
                                      size=len(photo.image), width=photo.width, height=photo.height,
                                      taken_on=photo.taken_on, received_by=actor.actor_name)
        replaced = Photo.objects.filter(pk=locked.photo_id).values_list("sha256", flat=True).first()
        Application.objects.filter(pk=locked.pk).update(photo=stored, version=F("version") + 1)
        record(actor, Action.PHOTO_ATTACH, object_type="application", object_id=locked.pk,
               person_id=locked.person_id, subject_prefecture=locked.prefecture_id,
               detail={"photo": stored.pk, "sha256": stored.sha256, "size": stored.size, "width": stored.width,
                       "height": stored.height, "source_format": stored.source_format,
                       "taken_on": stored.taken_on.isoformat(), "replaced": replaced, "reason": reason,
                       "legal_basis": str(legal.KITEI_3)})
    return stored


def _photo_reason(value, *, replacing: bool) -> str:
    reason = (value or "").strip()
    if len(reason) > NOTE_MAX_LENGTH:
        raise InvalidInput(f"理由は{NOTE_MAX_LENGTH}文字以内で入力してください。", field="reason")
    if replacing and not reason:
        raise InvalidInput("登録済みの写真を差し替える理由を入力してください。", field="reason", code="reason_required")
    return reason


@procedure(legal.KITEI_4, rule=VIEW_APPLICATIONS.name)
def application_photo(actor, application_id: int) -> Photo:
    """The application's 申請用写真, for staff who read applications: an image of a person is personal
    data, so each read is audited like the application's own (with the photo's SHA-256)."""
    application = _application_for(actor, application_id, VIEW_APPLICATIONS.name, Action.PHOTO_READ)
    photo = Photo.objects.filter(pk=application.photo_id).first()
    if photo is None:
        raise NotFound("この申請には写真が登録されていません。", field="application_id")
    record(actor, Action.PHOTO_READ, object_type="application", object_id=application.pk,
           person_id=application.person_id, subject_prefecture=application.prefecture_id,
           detail={"sha256": photo.sha256})
    return photo


@procedure(legal.KITEI_4, rule=VIEW_APPLICATIONS.name)
def ledger(actor, office_code: str, day: date) -> list[Application]:
    """The office's 申請（届出）簿 for a day (規程第4条): accepted applications in ledger order, then
    those not accepted. The list is audited with the ids it names."""
    authorize(actor, VIEW_APPLICATIONS.name, _office_of_prefecture(actor, office_code),
              action=Action.APPLICATION_LIST)
    rows = list(
        Application.objects.visible_to(actor).filter(office_id=office_code, received_on=day)
        .select_related("person", "licence_kind").prefetch_related("payments")
        .order_by(F("ledger_serial").asc(nulls_last=True), "pk")
    )
    record(actor, Action.APPLICATION_LIST, object_type="application",
           detail={"office": office_code, "day": day.isoformat(), "ids": [a.pk for a in rows]})
    return rows


def _office_of_prefecture(actor, office_code: str) -> Affiliation:
    office = Affiliation.objects.filter(code=office_code or "").first()
    if office is None:
        raise NotFound(f"所属「{office_code}」は存在しません。", field="office")
    return office


def _application_for(actor, application_id, rule: str, action: str) -> Application:
    """The application, refused (audited) unless ``rule`` allows the actor on it; an unknown id is 404."""
    application = (Application.objects.select_related("person", "licence_kind", "office", "prefecture")
                   .filter(pk=application_id).first())
    if application is None:
        raise NotFound("指定された申請はありません。", field="application_id")
    authorize(actor, rule, application, action=action, person_id=application.person_id)
    return application


# --- the forms handed out (様式, rendered by menkyo.documents) ------------------------------------

#: What an application asks for, as the 通知書 says it (「…の申請」).
APPLIED_FOR = {
    ApplicationType.LIMITATION_REMOVAL: "限定解除審査",
    ApplicationType.CONDITION_REMOVAL: "条件解除（変更）審査",
    ApplicationType.CONDITION_BY_REQUEST: "条件の付与・変更",
}


@procedure(legal.KITEI_58, rule=ISSUE_REFUSAL_NOTICE.name)
def refusal_notice(actor, application_id: int) -> RenderedDocument:
    """The 運転免許申請に対する通知書 (規程第58条) of an application not accepted (第57条第2項): each
    reason with its provision, in the name of the commission of the application's prefecture,
    dated the day it was refused. An application that was accepted has none (409)."""
    application = _application_for(actor, application_id, ISSUE_REFUSAL_NOTICE.name,
                                   DocumentAction.REFUSAL_NOTICE_RENDER)
    if application.state != ApplicationState.NOT_ACCEPTED:
        raise Conflict("運転免許申請に対する通知書は、受理しなかった申請について作成します"
                       f"（この申請は「{application.get_state_display()}」です）。", field="application_id",
                       code="document_not_applicable")
    person, prefecture = application.person, application.prefecture.name
    form = RefusalNotice(
        notice_date=application.received_on, addressee_name=person.name, addressee_address=person.address,
        applied_on=application.received_on,
        application=f"{application.licence_kind.name}の{APPLIED_FOR.get(application.application_type, '免許試験')}の申請",
        decision="受理しない", reasons=[Reason(r["message"].rstrip("。"), r["reference"].replace("; ", "、"))
                                       for r in application.refusal_reasons],
        issuer=f"{prefecture}公安委員会", prefecture=prefecture)
    return _render(actor, form, application)


@procedure(legal.KITEI_4, rule=VIEW_APPLICATIONS.name)
def application_form(actor, application_id: int) -> RenderedDocument:
    """The 運転免許申請書 with its 質問票 (規則別記様式第12・第12の2), pre-filled from what the counter
    entered, which the applicant checks and signs; it goes back with the 受験（登録）票 (規程第4条).
    本籍・国籍等 are printed only for an actor who may see them (``registry.see_honseki``); for
    anyone else the line stays empty, for the applicant to fill in."""
    application = _application_for(actor, application_id, VIEW_APPLICATIONS.name,
                                   DocumentAction.APPLICATION_FORM_RENDER)
    if application.application_type in COUNTER_FEES:
        raise Conflict("再交付の申請の申請書は運転免許証再交付申請書です（再交付の画面から作成します）。",
                       field="application_id", code="document_not_applicable")
    person = application.person
    answers = application.questionnaire
    form = ApplicationForm(
        applied_on=application.received_on, addressee=f"{application.prefecture.name}公安委員会", name=person.name,
        name_kana=person.name_kana, birth_date=person.birth_date, address=person.address,
        honseki=(person.honseki or person.nationality) if may_see_honseki(actor) else "",
        application_type=application.get_application_type_display(), kind=application.licence_kind.name,
        vehicle_limit=vehicle_limit_of(application),
        questionnaire=[QuestionnaireAnswer(item.label, answers.get(item.value)) for item in QuestionnaireItem],
        held_licence=_held_before(person, application.received_on), office=application.office.name,
        ledger_number=application.ledger_number)
    return _render(actor, form, application)


def _held_before(person: Person, day: date) -> str:
    """現に受けている免許 on the application day: the kinds acquired before it, with the number."""
    licence = person.current_licence
    kinds = [k.label for k in licence.kinds.all() if k.acquired_on < day] if licence else []
    return f"{'・'.join(kinds)}（免許証番号 {licence.number}）" if kinds else ""


def _render(actor, form, application: Application) -> RenderedDocument:
    return render_document(actor, form, object_type="application", object_id=application.pk,
                           person_id=application.person_id, subject_prefecture=application.prefecture_id)


@procedure(legal.KITEI_4, rule=VIEW_APPLICATIONS.name)
def fee_receipt(actor, payment_id: int) -> RenderedDocument:
    """The 領収書 of a fee paid on an application: the fee, the amount, how it was paid, the
    手数料事務処理票 number, the day and the office. A refund (a negative row) has none (409)."""
    payment = (FeePayment.objects.select_related("application__person", "application__office")
               .filter(pk=payment_id).first())
    if payment is None:
        raise NotFound("指定された手数料の納付はありません。", field="payment_id")
    application = payment.application
    authorize(actor, VIEW_APPLICATIONS.name, application, action=DocumentAction.RECEIPT_RENDER,
              person_id=application.person_id)
    if payment.amount <= 0:
        raise Conflict("返金・免除の記録には領収書を作成しません。", field="payment_id", code="document_not_applicable")
    form = Receipt(payer=application.person.name, paid_on=timezone.localdate(payment.paid_at),
                   office=application.office.name, lines=[FeeLine(payment.label, payment.amount)],
                   method=payment.get_method_display(), slip_number=payment.slip_number, legal_basis=legal.KITEI_4)
    return render_document(actor, form, object_type="fee_payment", object_id=payment.pk,
                           person_id=application.person_id, subject_prefecture=application.prefecture_id)


# --- 卒業証明書 (教習所端末) ------------------------------------------------------------------


@procedure(legal.KITEI_3, rule=REGISTER_GRADUATION_CERTIFICATE.name)
def register_graduation_certificate(actor, data: dict) -> GraduationCertificate:
    """A school registers a 卒業証明書 through its terminal (or the counter enters a paper one):
    number, kind, the graduate's name, reading and birth date, the 卒業検定 pass date. A school's
    terminal registers only its own school's certificates."""
    school = DrivingSchool.objects.filter(code=data.get("school") or "", active=True).first()
    if school is None:
        raise InvalidInput("指定自動車教習所の番号が正しくありません。", field="school")
    authorize(actor, REGISTER_GRADUATION_CERTIFICATE.name, school, action=Action.CERTIFICATE_REGISTER)
    own_school = getattr(getattr(actor, "affiliation", None), "code", None) == school.affiliation_id
    if getattr(actor, "actor_kind", "") == "device" and not own_school:
        raise InvalidInput("自校の卒業証明書のみ登録できます。", field="school", code="other_school")
    number = (data.get("number") or "").strip()
    if not number or len(number) > 20:
        raise InvalidInput("証明書番号を20文字以内で入力してください。", field="number")
    kind = _licence_kind(data.get("kind"))
    passed_on = data.get("passed_on")
    if not isinstance(passed_on, date) or passed_on > timezone.localdate():
        raise InvalidInput("卒業検定合格日が正しくありません。", field="passed_on")
    values = {"name": clean_name(data.get("name", "")), "name_kana": clean_kana(data.get("name_kana", "")),
              "birth_date": data.get("birth_date")}
    if not isinstance(values["birth_date"], date) or values["birth_date"] >= passed_on:
        raise InvalidInput("生年月日が正しくありません。", field="birth_date")
    with transaction.atomic():
        if GraduationCertificate.objects.filter(school=school, number=number).exists():
            raise InvalidInput("この証明書番号は既に登録されています。", field="number", code="duplicate")
        certificate = GraduationCertificate.objects.create(
            school=school, number=number, kind=kind, passed_on=passed_on, reissued=bool(data.get("reissued")),
            registered_by=actor.actor_name, **values)
        record(actor, Action.CERTIFICATE_REGISTER, object_type="graduation_certificate", object_id=certificate.pk,
               subject_prefecture=school.prefecture_id,
               detail={"school": school.code, "kind": kind.code, "reissued": certificate.reissued,
                       "legal_basis": str(legal.KITEI_3)})
    return certificate


def _renewal_fees(application: Application, day: date, paid: set[str]) -> list[FeeDue]:
    """A renewal's fees (規程第16条; ``rules.fees.renewal_fees``): the 更新手数料 by the licence's holding
    form and the 講習手数料 of the driver class the engine gave — the online lecture's when the lecture
    was attended online, none for a holder who takes the 高齢者講習 (paid to the course's provider).
    A 経由申請 (規程第17条の2) pays everything at the 経由地: the 更新手数料 of the 住所地 and the 経由手数料;
    the 住所地's own application owes nothing more."""
    via = ViaRenewal.objects.filter(Q(application=application) | Q(home_application=application)).first()
    if via is not None and via.home_application_id == application.pk:
        return []
    form = _holding_form_of(application)
    codes = ["renewal"]
    if application.eligibility.get("lecture_minutes"):
        online = application.lecture_mode() == LectureMode.ONLINE
        codes.append("renewal_lecture_online" if online else fees.LECTURE_CODES[application.eligibility["driver_class"]])
    if via is not None:
        codes.append("via_renewal")
    due = []
    for code in codes:
        fee = fees.fee(code, day, form, _fee_prefecture(application, code, via))
        due.append(FeeDue(code, fee.name, fee.amount, code in paid))
    return due


def _fee_prefecture(application: Application, code: str, via: ViaRenewal | None = None) -> str:
    """Whose ordinance prices the fee: the receiving prefecture's, except the 更新手数料 of a 経由申請,
    which is the 住所地's (counter-facts §3.3)."""
    if code == "renewal" and application.application_type == ApplicationType.RENEWAL:
        via = via or ViaRenewal.objects.filter(application=application).first()
        if via is not None:
            return via.residence_prefecture_id
    return application.prefecture_id


def _holding_form_of(application: Application) -> str:
    """The holding form a fee is priced by: the renewed licence's; a card for every other application."""
    if application.application_type != ApplicationType.RENEWAL:
        return "card"
    licence = application.person.current_licence
    return licence.holding_form if licence else "card"
