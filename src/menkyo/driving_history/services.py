"""運転経歴証明書 (規程第42条–第42条の4; 法第104条の4第5項・第105条の2).

- :func:`receive_certificate_application` (第42条第1項): at a 試験場 or a 警察署, for a person whose
  last licence ended by a 申請による全部の取消し or (from 2019-12-01) a 失効 within the period the law
  engine gives (``rules.driving_history``; refused with its reason, nothing written). The identity
  document (住民票の写し etc.) must have been checked; the inquiry is the register itself (the system
  has the record). The certificate is made at once (a PDF of its particulars, :func:`certificate_pdf`;
  the layout of 規則別記様式第19の3の9 is UNCONFIRMED) and entered in the office's 経歴証明受理簿 with its
  fee (``rules.fees`` ``driving_history_certificate``) paid first: its method and the 経歴証明事務処理票
  number are kept on the certificate, with a 領収書 (:func:`certificate_fee_receipt`). Asking for the 運転経歴情報 on the 個人番号カード is recorded as asked only.
- :func:`hand_over_certificate` (第42条第1項・第4項): with the holder's signature on the 事務処理票.
- :func:`change_certificate_particulars` (第42条の2): a new name or address printed on it.
- :func:`reissue_certificate` (第42条の3): lost, destroyed or damaged; the old one is void and, when
  damaged, collected in exchange.
- :func:`return_certificate` (第42条の4): returned (on re-licensing, or a lost one found) and shredded.

Not modelled: a 警察署 sending the request to the 免許課長 and a 交付予定日 (the certificate is made
where it is received), the 運転経歴情報 written on the card (no card reader), refusing a lapsed person
who meets 取消等 standards (no disposition cases yet).
"""

from datetime import date, timedelta

from django.db import transaction
from django.db.models import Max
from django.utils import timezone

from menkyo.audit.recorder import record
from menkyo.cards.models import CancellationScope, LicenceCancellation
from menkyo.cards.reissue import receiving_office
from menkyo.core import legal, serials
from menkyo.core.errors import Conflict, InvalidInput, NotFound
from menkyo.core.legal import procedure
from menkyo.core.models import Affiliation
from menkyo.core.permissions import authorize
from menkyo.counter.services import clean_payment
from menkyo.documents.actions import Action as DocumentAction
from menkyo.documents.forms import DrivingHistoryCertificate, FeeLine, Receipt
from menkyo.documents.services import RenderedDocument, render_document
from menkyo.driving_history.actions import Action
from menkyo.driving_history.models import (
    CERTIFICATE,
    Certificate,
    CertificateState,
    Entry,
    EntryKind,
    Ground,
    ReissueGround,
)
from menkyo.driving_history.permissions import ISSUE_CERTIFICATE, VIEW_CERTIFICATE
from menkyo.registry import services as registry
from menkyo.registry.models import Licence, LicenceStatus, Person
from menkyo.registry.text import clean_text
from menkyo.rules import fees
from menkyo.rules.driving_history import Eligibility, LicenceEnd, certificate_eligibility

FEE_PROCEDURE = "driving_history_certificate"
IDENTITY_DOCUMENT_MAX_LENGTH = 60
ACTIVE = (CertificateState.MADE, CertificateState.ISSUED)
PERSON_NOT_FOUND = "指定された方は登録されていません。"


def today() -> date:
    return timezone.localdate()


# --- who may apply -----------------------------------------------------------------------------------


def _end_of(licence: Licence, cancellations: dict[int, LicenceCancellation], day: date) -> LicenceEnd:
    """How one licence ended, from the register: a whole cancellation is its 申請取消簿 entry; a licence
    past its 有効期間 lapsed the day after it (法第105条); a revocation has no day in the register."""
    status = licence.status
    if status in (LicenceStatus.VALID, LicenceStatus.SUSPENDED) and licence.valid_through >= day:
        return LicenceEnd("held", licence.issue_date)
    if status in (LicenceStatus.VALID, LicenceStatus.LAPSED):
        return LicenceEnd("lapse", licence.issue_date, licence.valid_through + timedelta(days=1))
    if status == LicenceStatus.SURRENDERED:
        found = cancellations.get(licence.pk)
        if found is None:
            return LicenceEnd("other", licence.issue_date)
        return LicenceEnd("application_cancellation", licence.issue_date, found.cancelled_on)
    return LicenceEnd("revocation" if status == LicenceStatus.REVOKED else "deceased", licence.issue_date)


def judge_eligibility(person: Person, day: date) -> tuple[Eligibility, Licence | None, LicenceCancellation | None]:
    """The law engine's answer for ``person`` on ``day``, with the licence it rests on."""
    licences = list(Licence.objects.filter(person=person).order_by("issue_date", "pk"))
    cancellations = {c.licence_id: c for c in LicenceCancellation.objects.filter(
        person=person, scope=CancellationScope.WHOLE).order_by("pk")}
    answer = certificate_eligibility([_end_of(lic, cancellations, day) for lic in licences], day)
    last = licences[-1] if licences else None
    return answer, last, cancellations.get(last.pk) if last else None


def _person(actor, person_id: int, rule: str, action: str) -> Person:
    """The person, or :class:`NotFound` (as ``cards.reissue.load_licence``); then the rule decides."""
    person = Person.objects.filter(pk=person_id).first()
    if person is None:
        raise NotFound(PERSON_NOT_FOUND, field="person_id")
    authorize(actor, rule, person, action=action, person_id=person.pk)
    return person


def check_eligibility(actor, person_id: int) -> Eligibility:
    """Whether the person may apply today (for the page and the API); the read is audited."""
    person = _person(actor, person_id, VIEW_CERTIFICATE.name, Action.ELIGIBILITY_READ)
    answer, _, _ = judge_eligibility(person, today())
    record(actor, Action.ELIGIBILITY_READ, object_type="person", object_id=person.pk, person_id=person.pk,
           subject_prefecture=person.home_prefecture_id, detail={"eligible": answer.eligible, "ground": answer.ground})
    return answer


# --- the 経歴証明受理簿 -------------------------------------------------------------------------------


def _book_number(office: Affiliation, day: date) -> str:
    """The next entry of the office's 経歴証明受理簿 for the year: 28-002-2026-0001."""
    prefix = f"{office.code}-{day:%Y}-"

    def highest_in_use() -> int:
        last = Entry.objects.filter(book_number__startswith=prefix).aggregate(last=Max("book_number"))["last"]
        return int(last[-4:]) if last else 0

    return f"{prefix}{serials.take(f'driving-history-book:{prefix}', highest_in_use):04d}"


def _enter(actor, certificate: Certificate, office: Affiliation, kind: EntryKind, day: date, **detail) -> Entry:
    return Entry.objects.create(book_number=_book_number(office, day), certificate=certificate, office=office,
                                kind=kind, entered_on=day, entered_by=actor.actor_name, detail=detail)


def _history(actor, certificate: Certificate, event_type: str, changes: dict, reason: str, basis, event) -> None:
    registry.add_history(actor, certificate.person, certificate.licence, event_type, changes, reason, basis, event)


def certificate_fee(day: date, prefecture: str) -> fees.Fee:
    """The fee of a certificate (交付・再交付) on ``day`` in the prefecture (``rules.fees``)."""
    return fees.fee(FEE_PROCEDURE, day, prefecture=prefecture)


def _paid(fee: fees.Fee, method: str, slip_number: str) -> tuple[str, str]:
    """The fee's payment, taken when the application is received (規程第42条第1項: entered in the
    経歴証明事務処理票 before the certificate is made): refused, naming the field, when missing."""
    if not method and not (slip_number or "").strip():
        raise InvalidInput(f"{fee.name}の手数料（{fee.amount:,}円）の納付を記録してください（納付方法と経歴証明事務処理票番号）。"
                           "手数料の納付の前には受け付けられません（規程第42条）。", field="slip_number", code="fee_unpaid")
    return clean_payment(method, slip_number, method_field="payment_method", slip_label="経歴証明事務処理票番号")


def _check_slip_free(slip_number: str) -> None:
    if Certificate.objects.filter(fee_slip_number=slip_number).exists():
        raise InvalidInput("この経歴証明事務処理票番号は既に使われています。", field="slip_number", code="duplicate")


# --- issue (第42条) ------------------------------------------------------------------------------------


def _identity(document: str, confirmed: bool) -> str:
    document = clean_text(document, IDENTITY_DOCUMENT_MAX_LENGTH, field="identity_document", label="確認書類")
    if not document:
        raise InvalidInput("住所・氏名・生年月日を確認した書類（住民票の写し等）を入力してください。",
                           field="identity_document")
    if confirmed is not True:
        raise InvalidInput("申請書の住所・氏名・生年月日を確認書類と照合してください（規程第42条第1項）。",
                           field="identity_confirmed", code="not_confirmed")
    return document


def _check_none_active(person: Person) -> None:
    held = Certificate.objects.filter(person=person, state__in=ACTIVE).first()
    if held is not None:
        raise Conflict(f"この方には運転経歴証明書（{held.number}、{held.get_state_display()}）があります。"
                       "再交付又は記載事項の変更で扱ってください。", field="person_id", code="already_held")


def _kinds(licence: Licence) -> list[dict]:
    return [{"kind": h.label, "since": h.acquired_on.isoformat()}
            for h in licence.kinds.select_related("kind").order_by("acquired_on")]


@procedure(legal.KITEI_42, rule=ISSUE_CERTIFICATE.name)
def receive_certificate_application(actor, person_id: int, *, identity_document: str, identity_confirmed: bool = False,
                                    mynumber_record: bool = False, payment_method: str = "", slip_number: str = "",
                                    reason: str) -> Certificate:
    """Receive an application for a 運転経歴証明書 (規程第42条第1項) and make the certificate.

    Refused (nothing written) when the law engine says the person may not have one (the reason is
    its answer: still licensed, revoked, past the period …), when the identity document was not
    checked, when the fee of ``rules.fees`` is not paid (``payment_method`` and the 経歴証明事務処理票's
    ``slip_number``), or when the person already holds a certificate. ``mynumber_record``: the 運転経歴情報
    is asked to be recorded on the 個人番号カード — recorded as asked; the My Number is never taken.
    """
    person = _person(actor, person_id, ISSUE_CERTIFICATE.name, Action.CERTIFICATE_RECEIVE)
    office = receiving_office(actor)
    document = _identity(identity_document, identity_confirmed)
    reason = registry.clean_reason(reason)
    day = today()
    answer, licence, cancellation = judge_eligibility(person, day)
    if not answer.eligible:
        raise Conflict(f"運転経歴証明書は交付できません: {answer.reason}", field="person_id", code="not_eligible")
    fee = certificate_fee(day, person.home_prefecture_id)
    payment = _paid(fee, payment_method, slip_number)
    with transaction.atomic():
        Person.objects.select_for_update().filter(pk=person.pk).first()  # one application at a time
        _check_none_active(person)
        certificate = _make(actor, person, office, licence, cancellation, answer, (fee, *payment), document,
                            mynumber_record, day)
        event = record(actor, Action.CERTIFICATE_RECEIVE, object_type="certificate", object_id=certificate.pk,
                       person_id=person.pk, subject_prefecture=certificate.prefecture_id,
                       detail={"ground": answer.ground, "fee": fee.amount, "fee_status": fee.status,
                               "method": payment[0], "mynumber_record": mynumber_record,
                               "legal_basis": str(legal.KITEI_42)})
        made = f"{certificate.number}（{Ground(answer.ground).label}）"
        if mynumber_record:
            made += "・運転経歴情報の記録の申請あり（未記録）"
        _history(actor, certificate, "driving_history.certificate_made", {"driving_history_certificate": [None, made]},
                 reason, legal.KITEI_42, event)
    return certificate


def _make(actor, person, office, licence, cancellation, answer: Eligibility, paid: tuple[fees.Fee, str, str],
          document: str, mynumber_record: bool, day: date, **extra) -> Certificate:
    """Write the certificate with its fee as paid (the fee, the method, the 経歴証明事務処理票 number) and
    its 受理簿 entries (its number is its issue entry's)."""
    fee, method, slip_number = paid
    _check_slip_free(slip_number)
    number = _book_number(office, day)
    certificate = Certificate.objects.create(
        person=person, prefecture_id=person.home_prefecture_id, office=office, number=number, licence=licence,
        cancellation=cancellation, licence_number=licence.number, ground=answer.ground, ended_on=answer.ended_on,
        kinds=_kinds(licence), name=person.name, address=person.address, birth_date=person.birth_date,
        identity_document=document, fee=fee.amount, fee_reference=fee.reference, fee_method=method,
        fee_slip_number=slip_number,
        eligibility={"eligible": True, "ground": answer.ground, "last_day": answer.last_day.isoformat(),
                     "reference": answer.reference, "assumption": answer.assumption, "trace": answer.trace},
        mynumber_record_requested=mynumber_record, received_on=day, received_by=actor.actor_name, **extra)
    kind = EntryKind.REISSUE if extra.get("replaces") else EntryKind.ISSUE
    Entry.objects.create(book_number=number, certificate=certificate, office=office, kind=kind, entered_on=day,
                         entered_by=actor.actor_name, detail={"fee": fee.amount})
    if mynumber_record:
        _enter(actor, certificate, office, EntryKind.RECORD, day, recorded=False)
    return certificate


def load_certificate(pk: int) -> Certificate:
    found = Certificate.objects.select_related("person", "office", "prefecture", "licence").filter(pk=pk).first()
    if found is None:
        raise NotFound(f"運転経歴証明書 {pk} はありません。", field="certificate_id")
    return found


@procedure(legal.KITEI_42, rule=ISSUE_CERTIFICATE.name)
def hand_over_certificate(actor, certificate_id: int, *, signature_confirmed: bool = False,
                          reason: str = "運転経歴証明書の交付") -> Certificate:
    """Hand the certificate over once the holder has signed the 経歴証明事務処理票 (規程第42条第1項)."""
    certificate = load_certificate(certificate_id)
    authorize(actor, ISSUE_CERTIFICATE.name, certificate, action=Action.CERTIFICATE_HAND_OVER,
              person_id=certificate.person_id)
    if signature_confirmed is not True:
        raise InvalidInput("経歴証明事務処理票に申請者の署名等を受けてから交付してください。",
                           field="signature_confirmed", code="not_signed")
    day = today()
    with transaction.atomic():
        event = CERTIFICATE.apply(actor, certificate, "hand_over", reason=reason, handed_over_on=day,
                                  handed_over_by=actor.actor_name)
        _history(actor, certificate, "driving_history.certificate_handed_over",
                 {"driving_history_certificate": [certificate.number, f"交付（{day.isoformat()}）"]}, reason,
                 legal.KITEI_42, event)
    return certificate


# --- change, reissue, return (第42条の2–第42条の4) ----------------------------------------------------


def _issued(actor, certificate_id: int, action: str) -> Certificate:
    certificate = load_certificate(certificate_id)
    authorize(actor, ISSUE_CERTIFICATE.name, certificate, action=action, person_id=certificate.person_id)
    if certificate.state != CertificateState.ISSUED:
        raise Conflict(f"この運転経歴証明書は「{certificate.get_state_display()}」です。交付済のもののみ扱えます。",
                       field="certificate_id", code="not_issued")
    return certificate


@procedure(legal.KITEI_42_2, rule=ISSUE_CERTIFICATE.name)
def change_certificate_particulars(actor, certificate_id: int, *, name: str = "", address: str = "",
                                   document_confirmed: bool = False, reason: str) -> Certificate:
    """Print a new 氏名 or 住所 on the certificate (規程第42条の2), checked against the 住民票の写し etc.
    Only what the certificate shows changes (本籍 is not on it); the register's person is changed
    through the registry's change of particulars."""
    certificate = _issued(actor, certificate_id, Action.CERTIFICATE_CHANGE)
    office = receiving_office(actor)
    values = {"name": registry.clean_name(name, required=False) if name else "",
              "address": clean_text(address, 200, field="address", label="住所")}
    diff = {f: [getattr(certificate, f), v] for f, v in values.items() if v and v != getattr(certificate, f)}
    if not diff:
        raise InvalidInput("変更後の氏名又は住所を入力してください（今の記載と同じです）。", field="name")
    if document_confirmed is not True:
        raise InvalidInput("変更の内容を住民票の写し等の添付書類で確認してください（規程第42条の2）。",
                           field="document_confirmed", code="not_confirmed")
    reason = registry.clean_reason(reason)
    day = today()
    with transaction.atomic():
        Certificate.objects.filter(pk=certificate.pk).update(**{f: v for f, (_, v) in diff.items()})
        certificate.refresh_from_db()
        entry = _enter(actor, certificate, office, EntryKind.CHANGE, day, fields=sorted(diff))
        event = record(actor, Action.CERTIFICATE_CHANGE, object_type="certificate", object_id=certificate.pk,
                       person_id=certificate.person_id, subject_prefecture=certificate.prefecture_id,
                       detail={"fields": sorted(diff), "entry": entry.book_number,
                               "legal_basis": str(legal.KITEI_42_2)})
        _history(actor, certificate, "driving_history.certificate_changed", diff, reason, legal.KITEI_42_2, event)
    return certificate


@procedure(legal.KITEI_42_3, rule=ISSUE_CERTIFICATE.name)
def reissue_certificate(actor, certificate_id: int, *, ground: str, old_certificate_collected: bool = False,
                        identity_document: str = "", payment_method: str = "", slip_number: str = "",
                        reason: str) -> Certificate:
    """Reissue a lost, destroyed or damaged certificate (規程第42条の3): a new certificate with a new
    number and the same particulars; the old one is void. A damaged one is collected in exchange
    (第4項); a lost or destroyed one is checked against the documents attached (``identity_document``).
    The fee is paid first, as for the first certificate (``payment_method``, ``slip_number``)."""
    old = _issued(actor, certificate_id, Action.CERTIFICATE_REISSUE)
    office = receiving_office(actor)
    if ground not in ReissueGround.values:
        raise InvalidInput("再交付の事由（亡失・滅失・汚損・破損）を選んでください。", field="ground")
    if ground == ReissueGround.DAMAGED and old_certificate_collected is not True:
        raise InvalidInput("汚損・破損による再交付は、現に有する運転経歴証明書と引換えに行います。",
                           field="old_certificate_collected", code="not_collected")
    document = old.identity_document
    if ground != ReissueGround.DAMAGED:
        document = _identity(identity_document, True)
    reason = registry.clean_reason(reason)
    day = today()
    fee = certificate_fee(day, old.prefecture_id)
    payment = _paid(fee, payment_method, slip_number)
    # The person's eligibility was judged when the first certificate was made; a reissue keeps it.
    answer = Eligibility(True, old.ground, old.ended_on, date.fromisoformat(old.eligibility["last_day"]), "",
                         old.eligibility["reference"], old.eligibility["assumption"], old.eligibility["trace"])
    with transaction.atomic():
        CERTIFICATE.apply(actor, old, "replace", reason=reason)
        new = _make(actor, old.person, office, old.licence, old.cancellation, answer, (fee, *payment), document,
                    False, day, replaces=old, reissue_ground=ground)
        Certificate.objects.filter(pk=new.pk).update(name=old.name, address=old.address)
        new.refresh_from_db()
        event = record(actor, Action.CERTIFICATE_REISSUE, object_type="certificate", object_id=new.pk,
                       person_id=new.person_id, subject_prefecture=new.prefecture_id,
                       detail={"ground": ground, "replaces": old.pk, "fee": fee.amount, "method": payment[0],
                               "legal_basis": str(legal.KITEI_42_3)})
        _history(actor, new, "driving_history.certificate_reissued",
                 {"driving_history_certificate": [old.number, f"{new.number}（{ReissueGround(ground).label}）"]},
                 reason, legal.KITEI_42_3, event)
    return new


@procedure(legal.KITEI_42_4, rule=ISSUE_CERTIFICATE.name)
def return_certificate(actor, certificate_id: int, *, reason: str) -> Certificate:
    """Receive a returned certificate (規程第42条の4: on re-licensing, or a lost one found): entered in
    the 経歴証明受理簿 and shredded."""
    certificate = _issued(actor, certificate_id, Action.CERTIFICATE_RETURN)
    office = receiving_office(actor)
    reason = registry.clean_reason(reason)
    day = today()
    with transaction.atomic():
        event = CERTIFICATE.apply(actor, certificate, "return", reason=reason, returned_on=day)
        _enter(actor, certificate, office, EntryKind.RETURN, day)
        _history(actor, certificate, "driving_history.certificate_returned",
                 {"driving_history_certificate": [certificate.number, "返納（裁断により廃棄）"]}, reason,
                 legal.KITEI_42_4, event)
    return certificate


# --- reading and the certificate ------------------------------------------------------------------------


def get_certificate(actor, certificate_id: int) -> Certificate:
    """One certificate for the staff of its prefecture; the read is audited (it names a person)."""
    certificate = load_certificate(certificate_id)
    authorize(actor, VIEW_CERTIFICATE.name, certificate, action=Action.CERTIFICATE_READ,
              person_id=certificate.person_id)
    record(actor, Action.CERTIFICATE_READ, object_type="certificate", object_id=certificate.pk,
           person_id=certificate.person_id, subject_prefecture=certificate.prefecture_id)
    return certificate


def certificates_of(actor, person: Person) -> list[Certificate]:
    """The person's certificates, newest first, for the staff of the prefecture that manages the
    person (the person page's list: the person's read is audited, the list is not apart)."""
    authorize(actor, VIEW_CERTIFICATE.name, person, action=Action.CERTIFICATE_READ, person_id=person.pk)
    return list(Certificate.objects.filter(person=person).select_related("office").order_by("-pk"))


@procedure(legal.KITEI_42, rule=ISSUE_CERTIFICATE.name)
def certificate_pdf(actor, certificate_id: int) -> RenderedDocument:
    """The 運転経歴証明書 as made (規則別記様式第19の3の9; layout UNCONFIRMED): its particulars as PDF."""
    certificate = load_certificate(certificate_id)
    authorize(actor, ISSUE_CERTIFICATE.name, certificate, action=DrivingHistoryCertificate.action,
              person_id=certificate.person_id)
    if certificate.state not in ACTIVE:
        raise Conflict(f"この運転経歴証明書は「{certificate.get_state_display()}」です。", field="certificate_id",
                       code="not_active")
    form = DrivingHistoryCertificate(
        number=certificate.number, issued_on=certificate.received_on, name=certificate.name,
        birth_date=certificate.birth_date, address=certificate.address,
        licence_number=certificate.licence_number, kind_dates=[date.fromisoformat(k["since"]) for k in certificate.kinds],
        kind_names=[k["kind"] for k in certificate.kinds],
        ground=Ground(certificate.ground).label, ended_on=certificate.ended_on,
        issuer=f"{certificate.prefecture.name}公安委員会")
    return render_document(actor, form, object_type="certificate", object_id=certificate.pk,
                           person_id=certificate.person_id, subject_prefecture=certificate.prefecture_id)


@procedure(legal.KITEI_42, rule=ISSUE_CERTIFICATE.name)
def certificate_fee_receipt(actor, certificate_id: int) -> RenderedDocument:
    """The 領収書 of the fee paid for a certificate (the counter's receipt form): the fee, the amount,
    how it was paid, the 経歴証明事務処理票 number, the day and the office."""
    certificate = load_certificate(certificate_id)
    authorize(actor, ISSUE_CERTIFICATE.name, certificate, action=DocumentAction.RECEIPT_RENDER,
              person_id=certificate.person_id)
    if not certificate.fee_slip_number or certificate.fee <= 0:
        raise Conflict("この運転経歴証明書の手数料の納付は記録されていません（領収書はありません）。",
                       field="certificate_id", code="document_not_applicable")
    name = certificate_fee(certificate.received_on, certificate.prefecture_id).name
    basis = legal.KITEI_42_3 if certificate.replaces_id else legal.KITEI_42
    form = Receipt(payer=certificate.person.name, paid_on=certificate.received_on, office=certificate.office.name,
                   lines=(FeeLine(name, certificate.fee),), method=certificate.get_fee_method_display(),
                   slip_number=certificate.fee_slip_number, legal_basis=basis)
    return render_document(actor, form, object_type="certificate", object_id=certificate.pk,
                           person_id=certificate.person_id, subject_prefecture=certificate.prefecture_id)
