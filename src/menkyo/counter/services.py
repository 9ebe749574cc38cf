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
"""

from dataclasses import dataclass
from datetime import date

from django.db import IntegrityError, transaction
from django.db.models import Max
from django.utils import timezone

from menkyo.audit.recorder import record
from menkyo.core import legal
from menkyo.core.errors import Conflict, InvalidInput, NotFound
from menkyo.core.legal import procedure
from menkyo.core.models import Affiliation, AffiliationKind
from menkyo.core.permissions import authorize
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
    PaymentMethod,
    QuestionnaireItem,
    Route,
)
from menkyo.counter.permissions import (
    RECEIVE_APPLICATION,
    RECORD_PAYMENT,
    REGISTER_GRADUATION_CERTIFICATE,
    SUBMIT_SCHOOL_APPLICATION,
    VIEW_APPLICATIONS,
    WITHDRAW_APPLICATION,
)
from menkyo.judgement.services import judge
from menkyo.registry.models import CURRENT_STATUSES, Licence, LicenceKind, Person
from menkyo.registry.services import (
    add_history,
    clean_kana,
    clean_name,
    clean_person,
    clean_reason,
    parse_licence_number,
)
from menkyo.rules import application_documents, fees
from menkyo.rules.errors import RulesError
from menkyo.rules.graduation import certificate_validity

#: Offices that receive licence applications (規程第3条第1項: 試験場長 and 署長).
RECEIVING_OFFICES = (AffiliationKind.LICENCE_CENTRE, AffiliationKind.POLICE_STATION)
NOTE_MAX_LENGTH = 200
LEDGER_RETRIES = 5

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
    the applicant — ``licence_number`` of a holder, ``person_id`` of a person already in the
    register, or the particulars of a new applicant (name, name_kana, birth_date, sex,
    postal_code, address, honseki | nationality) —, ``questionnaire`` {item: bool} (all five),
    ``documents`` [DocumentCode], ``graduation_certificate`` {"school", "number"} for a school
    graduate, ``special_course`` (受験資格特例教習, bool), ``disadvantage_explained`` (第57条) and
    ``note``. Raises InvalidInput (nothing written) for input the counter must correct.
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
    with transaction.atomic():
        person, new_values = _applicant(actor, data, office)
        licence = _current_licence(person)
        _check_type_against_licence(application_type, licence)
        _check_documents(day, documents, holder=licence is not None, route=route, kind=kind,
                         foreign=_is_foreign(person, new_values))
        birth_date = person.birth_date if person else new_values["birth_date"]
        certificate = _certificate(data.get("graduation_certificate"), route, kind, birth_date, new_values or person,
                                   day)
        refusals, eligibility = _assess(actor, person, birth_date, licence, kind, application_type, day,
                                        bool(data.get("special_course")))
        if refusals and not explained:
            raise _unexplained(refusals)
        application = Application.objects.create(
            office=office, prefecture_id=office.prefecture_id, person=person or Person.objects.create(**new_values),
            application_type=application_type, route=route, licence_kind=kind, received_on=day,
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
    provisional = kind.category == LicenceKind.Category.PROVISIONAL
    if provisional != (application_type == ApplicationType.PROVISIONAL):
        raise InvalidInput("仮免許の申請には仮免許の種類を、それ以外の申請には免許の種類を選択してください。",
                           field="licence_kind")
    review = application_type in (ApplicationType.LIMITATION_REMOVAL, ApplicationType.CONDITION_REMOVAL,
                                  ApplicationType.CONDITION_BY_REQUEST)
    if review != (route == Route.REVIEW):
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


def _current_licence(person: Person | None) -> Licence | None:
    return person.current_licence if person is not None else None


def _check_type_against_licence(application_type: str, licence: Licence | None) -> None:
    if application_type == ApplicationType.NEW and licence is not None:
        raise InvalidInput("免許を受けている方の申請は「種類の追加」です。", field="application_type")
    if application_type in (ApplicationType.ADDITIONAL, ApplicationType.LIMITATION_REMOVAL,
                            ApplicationType.CONDITION_REMOVAL, ApplicationType.CONDITION_BY_REQUEST) \
            and licence is None:
        raise InvalidInput(f"「{ApplicationType(application_type).label}」は免許を受けている方の申請です。",
                           field="application_type")


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
        raise InvalidInput(f"卒業証明書の有効期間（{validity.last_day:%Y年%m月%d日}まで）を過ぎています。",
                           field="graduation_certificate")
    return certificate


def _assess(actor, person, birth_date: date, licence, kind: LicenceKind, application_type: str, day: date,
            special_course: bool) -> tuple[list[Refusal], dict]:
    """What the law says against the application — a 受験停止, and eligibility from the law engine
    (age, prerequisite kinds, experience) — and the law engine's answer with its trace."""
    refusals = []
    if person is not None:
        bar = ExamBar.objects.filter(person=person, starts_on__lte=day, until__gte=day).order_by("-until").first()
        if bar is not None:
            refusals.append(Refusal("exam_bar", f"{bar.until:%Y年%m月%d日}まで免許試験を受けることができません"
                                                "（受験停止）。", "道路交通法第97条の3; 規程第6条第3項"))
    if application_type in (ApplicationType.CONDITION_REMOVAL, ApplicationType.CONDITION_BY_REQUEST):
        return refusals, {}
    held = [{"kind": k.kind_id, "acquired": k.acquired_on.isoformat(), "limited": bool(k.limitation)}
            for k in (licence.kinds.all() if licence else [])]
    ok, result = judge(actor, "eligibility", {"date": day.isoformat(), "birth_date": birth_date.isoformat(),
                                               "kind": kind.code, "licences": held,
                                               "special_course": special_course}, channel="counter")
    if not ok:
        raise _rules_error(result)
    reference = "; ".join(dict.fromkeys(step["reference"] for step in result["trace"]))
    refusals += [Refusal(code, ELIGIBILITY_REASONS.get(code, code), reference) for code in result["reasons"]]
    if application_type == ApplicationType.LIMITATION_REMOVAL and not result.get("limitation_removal"):
        refusals.append(Refusal("no_limitation", "この種類の免許に限定が付されていません（限定解除審査の対象外）。",
                                reference))
    return refusals, result


def _rules_error(result: dict) -> InvalidInput:
    """The law engine refused the input (a kind not in force on the day, a birth date after it)."""
    error = result.get("error", {})
    field = "birth_date" if error.get("path") == "birth_date" else "licence_kind"
    return InvalidInput(f"受験資格を判定できません: {error.get('message', '')}", field=field)


def _enter_in_ledger(application: Application) -> None:
    """The next number of the office's 申請（届出）簿 for the day (規程第4条). Two counters at once:
    the unique constraint refuses the second, which takes the next number."""
    for _ in range(LEDGER_RETRIES):
        last = (Application.objects.filter(office_id=application.office_id, ledger_date=application.received_on)
                .aggregate(last=Max("ledger_serial"))["last"] or 0)
        application.ledger_date, application.ledger_serial = application.received_on, last + 1
        try:
            with transaction.atomic():
                application.save(update_fields=["ledger_date", "ledger_serial"])
            return
        except IntegrityError:
            continue
    raise Conflict("申請（届出）簿の番号を取得できませんでした。もう一度受理してください。", code="ledger_busy")


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
                   holding_form: str = "card") -> FeePayment:
    """Record a fee paid on an application: the amount is the law engine's for the procedure, the
    prefecture, the day and the holding form (``rules.fees``); ``slip_number`` is the
    手数料事務処理票's number (unique). A 不受理 or withdrawn application takes no fee."""
    application = _application_for(actor, application_id, RECORD_PAYMENT.name, Action.PAYMENT_RECORD)
    if application.state in (ApplicationState.NOT_ACCEPTED, ApplicationState.WITHDRAWN):
        raise Conflict(f"{application.get_state_display()}の申請の手数料は収納できません。", field="application_id",
                       code="application_closed")
    if method not in PaymentMethod.values:
        raise InvalidInput("納付方法を選択してください。", field="method")
    slip_number = (slip_number or "").strip()
    if not slip_number or len(slip_number) > 20 or not slip_number.isascii() or not slip_number.replace("-", "").isalnum():
        raise InvalidInput("手数料事務処理票番号を英数字20文字以内で入力してください。", field="slip_number")
    try:
        amount = fees.fee(procedure_code, timezone.localdate(), holding_form, application.prefecture_id)
    except RulesError as error:
        raise InvalidInput(f"手数料を決められません: {error.message}", field="procedure_code") from None
    with transaction.atomic():
        if FeePayment.objects.filter(slip_number=slip_number).exists():
            raise InvalidInput("この手数料事務処理票番号は既に使われています。", field="slip_number", code="duplicate")
        payment = FeePayment.objects.create(application=application, procedure=amount.procedure, label=amount.name,
                                            amount=amount.amount, method=method, slip_number=slip_number,
                                            received_by=actor.actor_name)
        record(actor, Action.PAYMENT_RECORD, object_type="fee_payment", object_id=payment.pk,
               person_id=application.person_id, subject_prefecture=application.prefecture_id,
               detail={"application": application.pk, "procedure": amount.procedure, "amount": amount.amount,
                       "method": method, "fee_status": amount.status, "legal_basis": str(legal.KITEI_4)})
    return payment


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


@procedure(legal.KITEI_4, rule=VIEW_APPLICATIONS.name)
def ledger(actor, office_code: str, day: date) -> list[Application]:
    """The office's 申請（届出）簿 for a day (規程第4条): accepted applications in ledger order, then
    those not accepted. The list is audited with the ids it names."""
    authorize(actor, VIEW_APPLICATIONS.name, _office_of_prefecture(actor, office_code),
              action=Action.APPLICATION_LIST)
    rows = list(
        Application.objects.visible_to(actor).filter(office_id=office_code, received_on=day)
        .select_related("person", "licence_kind").prefetch_related("payments").order_by("pk")
    )
    rows.sort(key=lambda a: (a.ledger_serial is None, a.ledger_serial or 0, a.pk))
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
    application = (Application.objects.select_related("person", "licence_kind", "office")
                   .filter(pk=application_id).first())
    if application is None:
        raise NotFound("指定された申請はありません。", field="application_id")
    authorize(actor, rule, application, action=action, person_id=application.person_id)
    return application


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
