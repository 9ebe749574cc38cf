"""Reissue of a licence card (免許証の再交付, 規程第15条).

- **The application** (:func:`receive_reissue_application`, 第15条第1項・第3項): the holder applies at a
  試験場 or a 警察署 with the 再交付申請書 (規則別記様式第17) and the card (or, when it is lost or
  destroyed, the 添付書類 such as the 遺失・盗難てん末書). It is a counter application of type 再交付,
  entered in the 申請（届出）簿 with its ground (亡失・盗難・滅失・汚損・破損) and its fee (the law
  engine's 再交付手数料, ``counter.services.fees_due``). On a loss or theft the card is gone: the 12th
  digit of the number goes up at once (law-rules §7.1) and the old card's number is no longer the
  licence's — the history says so. On a theft the clerk may also enter a 盗品等免許証手配 request for
  the old number (``alerts.request_alert``, 規程第46条): offered, never forced, and only to those the
  alerts rule admits; it is entered before the number changes, in the same transaction.
- **The card** (:func:`request_reissued_card`): with the 申請用写真 attached (規程第3条, as at first
  issue; ADR 0013) a card job is created as for a first issue. At a 試験場 the card is made and handed
  over on the day of the application (第15条第1項); a 警察署 names a 交付予定日, the card is made at the
  試験場 and sent (第15条第3項・第4項), and handed over in exchange for the card the holder still has
  (第15条第5項: not after a loss, theft or destruction) — ``cards.services.hand_over_card`` asks for
  the old card on a 汚損・破損 reissue.

Not modelled: the 2025 fee matrix by holding form (the table's one amount is UNCONFIRMED), the grounds
added on 2019-12-01 (after a 記載事項変更, a photo change …), マイナ免許証 records.
"""

from datetime import date, timedelta

from django.db import transaction

from menkyo.alerts.models import AlertKind
from menkyo.alerts.services import MAX_VALIDITY, request_alert
from menkyo.audit.recorder import record
from menkyo.cards.actions import Action
from menkyo.cards.models import GROUNDS_CARD_GONE, CardJob, CardJobState, CardKind, ReissueGround
from menkyo.cards.permissions import REISSUE_LICENCE
from menkyo.cards.provisional import _ground
from menkyo.cards.services import (
    CENTRES,
    _carry_photo,
    _check_office,
    _check_photo,
    _handover_date,
    _producing_centre,
    _reason,
    save_numbered,
    today,
)
from menkyo.core import legal
from menkyo.core.errors import Conflict, InvalidInput, NotFound
from menkyo.core.legal import procedure
from menkyo.core.models import Affiliation
from menkyo.core.permissions import authorize
from menkyo.core.wareki import wareki
from menkyo.counter.models import APPLICATION, Application, ApplicationState, ApplicationType, Route
from menkyo.counter.services import RECEIVING_OFFICES, enter_in_ledger
from menkyo.documents.actions import Action as DocumentAction
from menkyo.documents.forms import ReissueApplication
from menkyo.documents.services import RenderedDocument, render_document
from menkyo.registry import services as registry
from menkyo.registry.models import Licence, LicenceStatus
from menkyo.rules.numbers import next_reissue_number

OPEN_STATES = (ApplicationState.RECEIVED, ApplicationState.ISSUING)


def load_licence(pk: int) -> Licence:
    """One licence with its holder, or :class:`NotFound` naming ``licence_id``."""
    licence = Licence.objects.select_related("person", "home_commission").filter(pk=pk).first()
    if licence is None:
        raise NotFound(f"免許 {pk} は登録されていません。", field="licence_id")
    return licence


def receiving_office(actor) -> Affiliation:
    """The actor's office, a 試験場 or a 警察署 (規程第15条第1項・第3項, 第41条の3第1項・第2項)."""
    office = getattr(actor, "affiliation", None)
    if office is None or office.kind not in RECEIVING_OFFICES:
        raise InvalidInput("この申請は運転免許試験場又は警察署で受理します。", field="office",
                           code="not_a_receiving_office")
    return office


def check_valid(licence: Licence) -> None:
    """Only a licence 有効 in the register is reissued or cancelled on application (停止中, 取消,
    失効, 返納 are refused: counter-facts §3.5, §3.7)."""
    if licence.status != LicenceStatus.VALID:
        raise Conflict(f"この免許は「{licence.get_status_display()}」です。有効な免許のみ扱えます。",
                       field="licence_id", code="not_valid")
    if licence.valid_through < today():  # the expiry rolled past closed days (law-rules §5.1)
        raise Conflict(f"この免許は有効期間の末日（{wareki(licence.expiry_date)}）を過ぎています。",
                       field="licence_id", code="lapsed")


def check_no_card_pending(licence: Licence) -> None:
    """No second card while one of the licence is still being made or waits for its hand-over."""
    pending = CardJob.objects.filter(licence=licence).exclude(state=CardJobState.HANDED_OVER).first()
    if pending is not None:
        raise Conflict(f"この免許の免許証の作成・交付（事務処理票 {pending.slip_number}）がまだ終わっていません。",
                       field="licence_id", code="card_pending")


def _check_no_open_reissue(licence: Licence) -> None:
    open_ = Application.objects.filter(licence=licence, application_type=ApplicationType.REISSUE,
                                       state__in=OPEN_STATES).first()
    if open_ is not None:
        raise Conflict(f"この免許には処理中の再交付の申請（申請（届出）簿 {open_.ledger_number}）があります。",
                       field="licence_id", code="reissue_pending")


@procedure(legal.KITEI_15, rule=REISSUE_LICENCE.name)
def receive_reissue_application(actor, licence_id: int, *, ground: str, theft_alert: bool = False,
                                reason: str) -> Application:
    """Receive an application for the reissue of a licence card (規程第15条第1項・第3項).

    The 再交付申請書 is checked against the card (or the 添付書類 when it is gone) and the register,
    and entered in the 申請（届出）簿. After a loss or theft the number's 12th digit goes up
    (law-rules §7.1): the lost card is invalid from now, recorded in the history. ``theft_alert``
    (only on a theft) also enters a 盗品等免許証手配 request for the old number (規程第46条), valid
    until the licence's expiry (at most what an alert may run). Refused for a licence not 有効, with
    a card still in production, or with a reissue already under way.
    """
    licence = load_licence(licence_id)
    authorize(actor, REISSUE_LICENCE.name, licence, action=Action.REISSUE_RECEIVE, person_id=licence.person_id)
    office = receiving_office(actor)
    ground = _ground(ground)
    if theft_alert and ground != ReissueGround.STOLEN:
        raise InvalidInput("盗品等免許証手配の要請は、盗難による再交付の場合のみ入力できます。", field="theft_alert")
    reason = registry.clean_reason(reason)
    with transaction.atomic():
        licence = Licence.objects.select_for_update().select_related("person").get(pk=licence.pk)
        check_valid(licence)
        check_no_card_pending(licence)
        _check_no_open_reissue(licence)
        application = Application.objects.create(
            office=office, prefecture_id=licence.home_prefecture_id, person=licence.person,
            application_type=ApplicationType.REISSUE, route=Route.COUNTER, licence_kind_id=licence.kinds.first().kind_id,
            reissue_ground=ground, received_on=today(), received_by=actor.actor_name, licence=licence)
        enter_in_ledger(application)
        alert = _request_theft_alert(actor, licence, application) if theft_alert else None
        before = licence.number
        if ground in GROUNDS_CARD_GONE:
            licence.number, licence.version = next_reissue_number(before), licence.version + 1
            licence.save(update_fields=["number", "version"])
        event = record(actor, Action.REISSUE_RECEIVE, object_type="application", object_id=application.pk,
                       person_id=licence.person_id, subject_prefecture=licence.home_prefecture_id,
                       detail={"licence": licence.pk, "ground": ground.value, "ledger": application.ledger_number,
                               "number_changed": before != licence.number, "theft_alert": alert.pk if alert else None,
                               "legal_basis": str(legal.KITEI_15)})
        registry.add_history(actor, licence.person, licence, "licence.reissue_received",
                             _reissue_changes(before, licence.number, ground), reason, legal.KITEI_15, event)
    return application


def _reissue_changes(before: str, after: str, ground: ReissueGround) -> dict:
    """The history of the application: a new number and the old card invalid, or the ground alone."""
    if before == after:
        return {"card": [None, f"再交付の申請（{ground.label}）"]}
    return {"number": [before, after], "card": [f"免許証 {before}", f"無効（{ground.label}・再交付の申請）"]}


def _request_theft_alert(actor, licence: Licence, application: Application):
    """The 盗品等免許証手配 request for the stolen card's number (still the licence's: entered first)."""
    day = today()
    expiry = max(min(licence.valid_through, day + MAX_VALIDITY), day + timedelta(days=1))
    return request_alert(actor, kind=AlertKind.STOLEN_CARD, licence_number=licence.number, expiry_date=expiry,
                         reason=f"盗難による免許証の再交付の申請（申請（届出）簿 {application.ledger_number}）")


# --- the card ---------------------------------------------------------------------------------------


def load_reissue_application(pk: int) -> Application:
    """A 再交付 application with its office, holder and licence, or :class:`NotFound`."""
    application = (Application.objects.select_related("person", "office", "licence", "prefecture")
                   .filter(pk=pk, application_type=ApplicationType.REISSUE).first())
    if application is None:
        raise NotFound(f"再交付の申請 {pk} はありません。", field="application_id")
    return application


@procedure(legal.KITEI_15, rule=REISSUE_LICENCE.name)
def request_reissued_card(actor, application_id: int, *, handover_date: date | None = None,
                          reason: str = "免許証の再交付") -> CardJob:
    """Request the reissued card (規程第15条第1項・第3項・第4項) from the application's 申請用写真.

    At a 試験場 the card is made and handed over today (第1項: 再交付の申請日に作成及び交付); a 警察署
    names a 交付予定日 (a business day after today, 第3項), the 試験場 makes the card and sends it
    (第4項). The licence carries the new photo; the job carries the ground, which decides at the
    hand-over whether the old card is taken in exchange (第5項). The application goes 受理 →
    免許証作成中 and becomes 交付済 when the card is handed over.
    """
    application = load_reissue_application(application_id)
    authorize(actor, REISSUE_LICENCE.name, application, action=Action.REISSUE_REQUEST_CARD,
              person_id=application.person_id)
    _check_office(actor, application, application.office, Action.REISSUE_REQUEST_CARD,
                  "この申請は{office}で受理したものです。作成依頼は受理した所属で行います（規程第15条）。")
    _check_photo(application)
    day = today()
    centre = _producing_centre(application.office)
    handover = _handover_date(application.office, handover_date, day)
    reason = _reason(reason)
    with transaction.atomic():
        application = Application.objects.select_for_update(of=("self",)).select_related(
            "person", "office", "licence").get(pk=application.pk)
        if application.state != ApplicationState.RECEIVED:
            raise Conflict(f"この申請は「{application.get_state_display()}」です。作成依頼は受理した申請について行います。",
                           field="application_id", code="not_received")
        licence = application.licence
        check_valid(licence)
        _carry_photo(application, licence)
        job = save_numbered(CardJob(
            application=application, person=application.person, licence=licence, card_kind=CardKind.LICENCE,
            reissue_ground=application.reissue_ground, prefecture_id=application.prefecture_id,
            producing_centre=centre, handover_office=application.office, handover_date=handover), day)
        APPLICATION.apply(actor, application, "start_reissue", reason=reason)
        event = record(actor, Action.REISSUE_REQUEST_CARD, object_type="cardjob", object_id=job.pk,
                       person_id=job.person_id, subject_prefecture=job.prefecture_id,
                       detail={"application": application.pk, "slip_number": job.slip_number,
                               "producing_centre": centre.code, "handover_office": application.office_id,
                               "handover_date": handover.isoformat(), "legal_basis": str(legal.KITEI_15)})
        registry.add_history(actor, application.person, licence, "licence.reissue_card_requested",
                             {"card": [None, f"再交付の免許証の作成依頼（事務処理票 {job.slip_number}）"]},
                             reason, legal.KITEI_15, event)
    return job


def previous_number(application: Application) -> str:
    """The number of the card lost or stolen, from the application's history row ("" if unchanged)."""
    event = (application.person.history.filter(licence=application.licence, event_type="licence.reissue_received",
                                               occurred_at__gte=application.received_at)
             .order_by("occurred_at", "id").first())
    pair = event.changes.get("number") if event else None
    return pair[0] if pair else ""


def handover_text(application: Application) -> str:
    """How the card is handed over, as the 再交付申請書 says it: today at a 試験場, on the 交付予定日 at a
    警察署 (in exchange for the card the holder has, 第15条第5項)."""
    if application.office.kind in CENTRES:
        return "即日交付"
    job = application.card_jobs.order_by("-pk").first()
    if job is None:
        return "交付予定日は作成依頼の際に指定します"
    return f"交付予定日 {wareki(job.handover_date)}（{application.office.name}で交付）"


@procedure(legal.KITEI_15, rule=REISSUE_LICENCE.name)
def reissue_application_form(actor, application_id: int) -> RenderedDocument:
    """The 運転免許証再交付申請書 (規則別記様式第17) filled in from the register, for the holder to check
    and sign: the number the new card carries (and the old one, invalid, after a loss or theft)."""
    application = load_reissue_application(application_id)
    authorize(actor, REISSUE_LICENCE.name, application, action=DocumentAction.REISSUE_APPLICATION_RENDER,
              person_id=application.person_id)
    person, licence = application.person, application.licence
    form = ReissueApplication(
        applied_on=application.received_on, ledger_number=application.ledger_number, office=application.office.name,
        name=person.name, name_kana=person.name_kana, birth_date=person.birth_date, address=person.address,
        licence_number=licence.number, previous_number=previous_number(application), kinds=[k.label for k in licence.kinds.all()],
        ground=ReissueGround(application.reissue_ground).label, handover=handover_text(application))
    return render_document(actor, form, object_type="application", object_id=application.pk, person_id=person.pk,
                           subject_prefecture=application.prefecture_id)
