"""経由申請 (更新の申請の特例, 規程第17条の2; 道路交通法第101条の2の2): a renewal applied for in another
prefecture, at both ends.

- **At the 経由地** (:func:`receive_via_renewal`, 第1項): a 優良/一般 driver whose address is in another
  prefecture applies here. The law engine (``rules.renewal``'s ``via_renewal``) says whether the class,
  the holding form's period and the licence's conditions (only 眼鏡等・補聴器 among the physical ones)
  allow it on that day; a refusal names why and the period (和暦). The renewal is an ordinary renewal
  application of this prefecture (the 適性検査 is an ``exams`` sitting, the 更新時講習 is
  ``counter.renewal.record_lecture``, the fees — the 住所地's 更新手数料, the 講習手数料 and the 経由手数料 —
  ``counter.record_payment``), and it is entered in the 経由申請管理表 (:class:`ViaRenewal`,
  ``via_number``). :func:`send_via_renewal` sends it to the 住所地 once all of that is in (the 更新申請書
  and the 更新時講習受講済通知書, 第1項後段・第2項): the application ends 住所地へ送付済, and the 経由地 can
  never renew the licence itself (``cards.renewal.renew_licence`` refuses a 経由 application).
- **At the 住所地** (:func:`accept_via_renewal`, 第3項; :func:`return_via_renewal` for a file it cannot accept): the holder's prefecture sees what was sent to it,
  checks it and enters it in its own 経由申請管理表 (``home_number``) and 申請（届出）簿 — a renewal
  application of its own office, 合格 from the start because the 適性検査 was passed at the 経由地, with
  the law engine's answer, the 質問票 and the photo carried over. ``cards.via.renew_via_licence``
  renews the licence and requests the card there. A returned file goes back to the 経由地, which withdraws
  it or corrects it and sends it again (:func:`resend_via_renewal`).

Decisions where the regulation is silent: a 70+ holder's 高齢者講習 certificate must already be registered
(by the school, at home) when the 経由地 receives the application — the other results the engine asks for
block the sending, as they block an ordinary renewal; the 経由 intake offers no 記載事項変更, 再交付 or change
of holding form (counter-facts §3.3: not combined with a 経由 application) except the one the source names — a
2枚持ち holder may give the card back with it (:func:`_card_return`, the law engine's ``via_card_return``; the
住所地 registers the return when it renews and rewrites the record instead of making a card: ``cards.via``),
and a holder under a 停止 is sent home (the renewed
card is kept where the old one is held: ``cards.suspended_renewal``); the 住所地 accepts only while
the licence is still its own and no renewal of the holder is open there.
"""

from datetime import date

from django.db import transaction
from django.db.models import Max, Q
from django.utils import timezone

from menkyo.audit.recorder import record
from menkyo.core import legal, serials
from menkyo.core.errors import Conflict, InvalidInput, NotFound
from menkyo.core.legal import procedure
from menkyo.core.permissions import authorize
from menkyo.core.wareki import wareki
from menkyo.counter import renewal, services
from menkyo.counter.actions import Action
from menkyo.counter.models import (
    APPLICATION,
    VIA_RENEWAL,
    Application,
    ApplicationState,
    ApplicationType,
    ElderlyCheckKind,
    Route,
    ViaRenewal,
    ViaRenewalState,
)
from menkyo.counter.permissions import (
    ACCEPT_VIA_RENEWAL,
    RECEIVE_VIA_RENEWAL,
    RETURN_VIA_RENEWAL,
    SEND_VIA_RENEWAL,
    VIEW_VIA_RENEWALS,
    WITHDRAW_APPLICATION,
)
from menkyo.judgement.services import judge
from menkyo.registry.models import HoldingForm, Licence, LicenceStatus, Person
from menkyo.registry.services import add_history, clean_reason
from menkyo.registry.text import clean_text
from menkyo.rules.errors import RulesError
from menkyo.rules.renewal import renewal_json
from menkyo.rules.suspended_renewal import via_card_return

#: The 経由申請 still on its way: a second one for the same holder is refused.
#: Which side of the 経由申請管理表 a list shows.
SIDES = {"sent": "経由地として受理・送付したもの", "received": "住所地として送付を受けたもの"}


# --- the 経由地: receive (第17条の2第1項) ---------------------------------------------------------------


@procedure(legal.KITEI_17_2, rule=RECEIVE_VIA_RENEWAL.name)
def receive_via_renewal(actor, data: dict, *, received_on: date | None = None) -> ViaRenewal:
    """Receive a renewal from a holder of another prefecture (規程第17条の2第1項) and enter it in the
    経由申請管理表 and the 申請（届出）簿. ``data`` as for :func:`counter.renewal.receive_renewal` (the
    licence number, the 質問票, the documents, the violations from the inquiry, a note). Refused, and
    nothing written, when the holder lives in this prefecture, when the day is outside the renewal
    window, and when the law engine does not allow a 経由 application (class, period, conditions)."""
    day = received_on or timezone.localdate()
    office = services._office(actor)
    questionnaire = services._questionnaire(data.get("questionnaire"))
    documents = services._documents(data.get("documents"))
    note = services._note(data.get("note"))
    licence = renewal._current_licence(data.get("licence_number"))
    authorize(actor, RECEIVE_VIA_RENEWAL.name, licence, action=Action.VIA_RECEIVE, person_id=licence.person_id)
    if licence.home_prefecture_id == office.prefecture_id:
        raise InvalidInput("この方の免許は当県のものです。経由申請ではなく、通常の更新の申請として受理してください。",
                           field="licence_number", code="own_prefecture_holder")
    if licence.status == LicenceStatus.SUSPENDED:
        raise InvalidInput(f"この方の免許は効力の停止中です。停止中の免許の更新は、保管中の免許証と引き換えに新しい免許証を"
                           f"停止期間中保管するため、住所地（{licence.home_prefecture.name}）で申請してもらってください"
                           "（経由申請は受け付けません）。", field="licence_number", code="suspended_home_only")
    card_returned = _card_return(licence, data.get("return_card"), day)
    kinds = list(licence.kinds.select_related("kind").order_by("kind__display_order"))
    answer = _judge(actor, licence, kinds, day, renewal.record_events(licence, day, data.get("violations")),
                    holding_form=HoldingForm.MYNUMBER if card_returned else None)
    _check_allowed(answer, day)
    _check_elderly_course(licence, answer, day)
    with transaction.atomic():
        person = Person.objects.select_for_update().get(pk=licence.person_id)
        _check_none_open(person)
        application = Application.objects.create(
            office=office, prefecture_id=office.prefecture_id, person=person,
            application_type=ApplicationType.RENEWAL, route=Route.RENEWAL, licence_kind_id=kinds[0].kind_id,
            received_on=day, received_by=actor.actor_name, questionnaire=questionnaire,
            aptitude_review=any(questionnaire.values()), documents=documents, eligibility=answer, note=note)
        services._enter_in_ledger(application)
        via = ViaRenewal.objects.create(
            application=application, person=person, via_prefecture_id=office.prefecture_id,
            residence_prefecture_id=licence.home_prefecture_id, received_on=day, card_returned=card_returned,
            via_number=_book_number(office.prefecture_id, day, "via_number"))
        event = record(actor, Action.VIA_RECEIVE, object_type="viarenewal", object_id=via.pk, person_id=person.pk,
                       subject_prefecture=licence.home_prefecture_id,
                       detail={"via_number": via.via_number, "application": application.pk,
                               "ledger": application.ledger_number, "residence": via.residence_prefecture_id,
                               "driver_class": answer["driver_class"], "new_expiry": answer["new_expiry"],
                               "card_returned": card_returned, "legal_basis": str(legal.KITEI_17_2)})
        add_history(actor, person, licence, "via_renewal.received",
                    {"via_renewal": [None, f"{office.prefecture.name}で受理（{via.via_number}）"]}
                    | ({"card": [f"免許証 {licence.number}", f"返納（{office.prefecture.name}で受領、住所地へ送付）"]}
                       if card_returned else {}),
                    f"経由申請の受理（{office.prefecture.name}、{answer['driver_class']}運転者）", legal.KITEI_17_2, event)
    return via


def _card_return(licence: Licence, return_card, day: date) -> bool:
    """Whether the card is given back with the 経由申請 (2枚持ち → マイナ免許証のみ): the one change of the
    holding form a 経由申請 may carry (the law engine's ``via_card_return``, counter-facts §3.3). Only a
    2枚持ち holder has a card to give back; where the engine does not allow it, the message says what to do."""
    if not return_card:
        return False
    if licence.holding_form != HoldingForm.BOTH:
        raise InvalidInput("免許証の返納（マイナ免許証のみへの変更）は免許証とマイナ免許証の2枚持ちの方の手続です。",
                           field="return_card", code="not_both")
    if not via_card_return(day).allowed:
        home = licence.home_prefecture.name
        raise InvalidInput(f"経由申請では免許証の返納は受け付けません。返納は住所地（{home}）の窓口で行うよう案内してください。",
                           field="return_card", code="via_card_return_not_accepted")
    return True


def _judge(actor, licence: Licence, kinds, day: date, events: list[dict], *, holding_form: str | None = None
           ) -> dict:
    """The law engine's renewal answer, asked with the licence's printed conditions (the 経由 check) and the
    holding form after the procedure (マイナ免許証のみ when the card is given back: the fee follows it)."""
    data = {**renewal.engine_input(licence, kinds, day, events), "conditions": list(licence.conditions)}
    if holding_form:
        data["holding_form"] = holding_form
    ok, result = judge(actor, "renewal", data, channel="counter")
    if ok:
        return result
    error = result.get("error", {})
    if error.get("code") == "application_outside_window":
        raise _outside_window(data, day)
    field = "violations" if str(error.get("path", "")).startswith("events") else "licence_number"
    raise InvalidInput(f"更新の判定ができません: {error.get('message', '')}", field=field,
                       code=error.get("code", "renewal_not_judged"))


def _outside_window(data: dict, day: date) -> InvalidInput:
    """A day outside the renewal window: no 経由申請 (neither 特例更新 nor 失効 goes through another prefecture)."""
    try:
        window = renewal_json({**data, "application_date": data["current_expiry"], "events": []})["renewal_window"]
    except RulesError:
        return InvalidInput(f"{wareki(day)}は更新期間の外のため、経由申請はできません。", field="received_on",
                            code="outside_renewal_window")
    start, end = date.fromisoformat(window["start"]), date.fromisoformat(window["end"])
    return InvalidInput(f"申請日の{wareki(day)}は更新期間（{wareki(start)}から{wareki(end)}まで）の外のため、"
                        "経由申請はできません。", field="received_on", code="outside_renewal_window")


def _check_allowed(answer: dict, day: date) -> None:
    """The engine's ``via_renewal``: a refusal names each reason, the period in 和暦."""
    via = answer.get("via_renewal") or {}
    if via.get("allowed"):
        return
    reasons = [r for r in via.get("reasons", []) if not r.startswith("申請日")]
    if via.get("start") and not date.fromisoformat(via["start"]) <= day <= date.fromisoformat(via["end"]):
        reasons.append(f"申請日の{wareki(day)}は経由申請の期間（{wareki(date.fromisoformat(via['start']))}から"
                       f"{wareki(date.fromisoformat(via['end']))}まで）の外です")
    raise InvalidInput("経由申請はできません：" + "／".join(reasons or ["法令判定により不可"]) + "。",
                       field="licence_number", code="via_not_allowed")


def _check_elderly_course(licence: Licence, answer: dict, day: date) -> None:
    """A holder who must take the 高齢者講習 brings its certificate (counter-facts §3.3)."""
    if not answer.get("requires", {}).get("elderly_course"):
        return
    probe = Application(person_id=licence.person_id, eligibility=answer, received_on=day)
    missing = [r for r in renewal.elderly_status(probe) if r.kind == ElderlyCheckKind.ELDERLY_COURSE and r.problem]
    if missing:
        raise InvalidInput(f"経由申請には高齢者講習終了証明書が必要です（{missing[0].problem}）。",
                           field="licence_number", code="elderly_course_missing")


def _check_none_open(person: Person) -> None:
    if (ViaRenewal.objects.filter(person=person, state__in=renewal.OPEN_VIA_STATES)
            .exclude(application__state=ApplicationState.WITHDRAWN).exists()):
        raise Conflict("この方の経由申請は既に受理されています（手続中）。", field="licence_number", code="via_open")
    if Application.objects.filter(person=person, application_type=ApplicationType.RENEWAL,
                                  state__in=renewal.OPEN_STATES).exists():
        raise Conflict("この方の更新の申請は既に受理されています（手続中）。", field="licence_number",
                       code="renewal_open")


def _book_number(prefecture_id: str, day: date, field: str) -> str:
    """The next line of a prefecture's 経由申請管理表 for the year: 27-2026-00001 (``via_number`` on the
    経由地's side, ``home_number`` on the 住所地's)."""
    prefix = f"{prefecture_id}-{day:%Y}-"

    def highest_in_use() -> int:
        last = ViaRenewal.objects.filter(**{f"{field}__startswith": prefix}).aggregate(last=Max(field))["last"]
        return int(last[-5:]) if last else 0

    return f"{prefix}{serials.take(f'via-book:{field}:{prefix}', highest_in_use):05d}"


# --- the 経由地: send (第17条の2第1項後段・第2項) ---------------------------------------------------------


@procedure(legal.KITEI_17_2, rule=SEND_VIA_RENEWAL.name)
def send_via_renewal(actor, via_id: int, *, reason: str = "住所地の公安委員会への送付") -> ViaRenewal:
    """Send the 更新申請書 and its documents to the 住所地 (規程第17条の2第1項後段), with the 更新時講習受講済通知書
    when the lecture was taken here (第2項). Refused, naming each, until the 適性検査 is passed and the
    results the engine requires, the lecture and every fee (経由手数料 included) are in."""
    via = load(actor, via_id)
    application = via.application
    authorize(actor, SEND_VIA_RENEWAL.name, application, action=Action.VIA_SEND, person_id=via.person_id)
    if via.state != ViaRenewalState.RECEIVED:
        raise Conflict(f"この経由申請は既に「{via.get_state_display()}」です。", field="via_id", code="already_sent")
    _check_complete(application)
    day = timezone.localdate()
    with transaction.atomic():
        APPLICATION.apply(actor, application, "send_via", reason=reason)
        event = VIA_RENEWAL.apply(actor, via, "send", reason=reason, sent_on=day)
        add_history(actor, via.person, via.person.current_licence, "via_renewal.sent",
                    {"via_renewal": [via.via_prefecture.name, f"{via.residence_prefecture.name}へ送付"]},
                    "経由申請の住所地への送付", legal.KITEI_17_2, event)
    return via


def _check_complete(application: Application) -> None:
    """What the 住所地 needs is in: the 適性検査 passed and the results, lecture and fees the engine asks for."""
    if application.state == ApplicationState.FAILED:
        raise Conflict("適性検査の合格基準を満たしていないため送付できません（規程第16条第5項）。", field="via_id",
                       code="aptitude_failed")
    blockers = renewal.renewal_status(application).blockers
    if blockers:
        raise Conflict("次のことが済んでいないため送付できません：" + "／".join(blockers) + "。", field="via_id",
                       code="via_incomplete")


@procedure(legal.KITEI_17_2, rule=SEND_VIA_RENEWAL.name)
def resend_via_renewal(actor, via_id: int, *, reason: str) -> ViaRenewal:
    """Send again a file the 住所地 returned, once the 経由地 has corrected it (a paper re-made, a fee or a
    lecture entered …): ``reason`` says what was corrected (required, at most 200 characters) and is shown to
    the 住所地. Like the return, the resend is not named in 規程第17条の2 (UNCONFIRMED practice): the renewal
    application stays the one received (its day is the application's day), so nothing is re-entered in the
    申請（届出）簿; what cannot be corrected (the holder is not a 優良/一般 driver) ends in a withdrawal."""
    via = load(actor, via_id)
    authorize(actor, SEND_VIA_RENEWAL.name, via.application, action=Action.VIA_RESEND, person_id=via.person_id)
    reason = clean_text(reason, RETURN_REASON_MAX, field="reason", label="補正の内容")
    if not reason:
        raise InvalidInput("何を補正したかを入力してください（住所地に伝わります）。", field="reason",
                           code="reason_required")
    if via.state != ViaRenewalState.RETURNED:
        raise Conflict(f"「{via.get_state_display()}」の経由申請は再送付できません（再送付できるのは住所地から返戻された"
                       "もののみです）。", field="via_id", code="illegal_state")
    _check_complete(via.application)
    day = timezone.localdate()
    with transaction.atomic():
        event = VIA_RENEWAL.apply(actor, via, "resend", reason=reason, sent_on=day, resent_on=day,
                                  resend_reason=reason)
        add_history(actor, via.person, via.person.current_licence, "via_renewal.resent",
                    {"via_renewal": ["住所地から返戻", f"{via.residence_prefecture.name}へ再送付"]},
                    reason, legal.KITEI_17_2, event)
    return via


@procedure(legal.KITEI_3, rule=WITHDRAW_APPLICATION.name)
def withdraw_via_renewal(actor, via_id: int, *, reason: str) -> ViaRenewal:
    """The applicant withdraws a 経由申請 at the 経由地 before it is sent, or after the 住所地 returned it
    (取下げ, 規程第3条): the renewal application and the 管理表 row both end, the reason kept."""
    via = load(actor, via_id)
    reason = clean_reason(reason)
    returned = via.state == ViaRenewalState.RETURNED  # the 住所地 returned it (its application is still 送付済)
    with transaction.atomic():
        if via.application.state != ApplicationState.WITHDRAWN:
            APPLICATION.apply(actor, via.application, "withdraw_returned_via" if returned else "withdraw",
                              reason=reason)
        event = VIA_RENEWAL.apply(actor, via, "withdraw_returned" if returned else "withdraw", reason=reason)
        add_history(actor, via.person, via.person.current_licence, "via_renewal.withdrawn",
                    {"via_renewal": [via.via_number, "取下げ"]}, reason, legal.KITEI_3, event)
    return via


# --- the 住所地: accept (第17条の2第3項) ------------------------------------------------------------------


@procedure(legal.KITEI_17_2_P3, rule=ACCEPT_VIA_RENEWAL.name)
def accept_via_renewal(actor, via_id: int, *, reason: str = "経由地から送付された更新申請の受理") -> ViaRenewal:
    """Check what the 経由地 sent and enter it in the 住所地's 経由申請管理表 and 申請（届出）簿 (規程第17条の2
    第3項): a renewal application of the actor's office, 合格 (the 適性検査 was passed at the 経由地), with
    the engine's answer, the 質問票 and the photo carried over. Refused when the licence is no longer
    valid or no longer this prefecture's, or a renewal of the holder is already open here."""
    office = services._office(actor)
    via = load(actor, via_id)
    authorize(actor, ACCEPT_VIA_RENEWAL.name, via, action=Action.VIA_ACCEPT, person_id=via.person_id)
    if via.state != ViaRenewalState.SENT:
        raise Conflict(f"「{via.get_state_display()}」の経由申請は受理できません。", field="via_id", code="illegal_state")
    day = timezone.localdate()
    with transaction.atomic():
        person = Person.objects.select_for_update().get(pk=via.person_id)
        licence = _home_licence(person, via)
        if Application.objects.filter(person=person, prefecture_id=via.residence_prefecture_id,
                                      application_type=ApplicationType.RENEWAL,
                                      state__in=renewal.OPEN_STATES).exists():
            raise Conflict("この方の更新の申請が当県で既に手続中です。", field="via_id", code="renewal_open")
        home = _home_application(actor, office, via, day)
        event = VIA_RENEWAL.apply(actor, via, "accept", reason=reason, home_application=home, accepted_on=day,
                                  home_number=_book_number(via.residence_prefecture_id, day, "home_number"))
        add_history(actor, person, licence, "via_renewal.accepted",
                    {"via_renewal": [f"{via.via_prefecture.name}から送付", f"受理（{via.home_number}）"]},
                    "経由地から送付された更新申請の受理", legal.KITEI_17_2_P3, event)
    return via


#: The longest reason a 返戻 keeps (the 管理表 column).
RETURN_REASON_MAX = ViaRenewal._meta.get_field("return_reason").max_length


@procedure(legal.KITEI_17_2_P3, rule=RETURN_VIA_RENEWAL.name)
def return_via_renewal(actor, via_id: int, *, reason: str) -> ViaRenewal:
    """Return to the 経由地, with its reason, a 経由申請 the 住所地 cannot accept (the holder is not a 優良/一般
    driver, the licence cannot be renewed, a paper is missing …). 規程第17条の2第3項 has the 住所地 inspect
    (点検) what was sent before entering it; it says nothing of a file that fails the inspection — the
    return, and the 経由地 telling the applicant and taking the withdrawal (取下げ, 第3条), are this
    system's reading (UNCONFIRMED: no article names a 返戻). Only a file sent and not yet accepted is
    returned; the reason (required, at most 200 characters) is shown to the 経由地 and kept in the history."""
    via = load(actor, via_id)
    authorize(actor, RETURN_VIA_RENEWAL.name, via, action=Action.VIA_RETURN, person_id=via.person_id)
    reason = _return_reason(reason)
    if via.state != ViaRenewalState.SENT:
        raise Conflict(f"「{via.get_state_display()}」の経由申請は返戻できません（返戻できるのは送付を受けて受理する前のもの"
                       "のみです）。", field="via_id", code="illegal_state")
    with transaction.atomic():
        event = VIA_RENEWAL.apply(actor, via, "return", reason=reason, returned_on=timezone.localdate(),
                                  return_reason=reason)
        add_history(actor, via.person, via.person.current_licence, "via_renewal.returned",
                    {"via_renewal": [f"{via.via_prefecture.name}から送付", f"{via.via_prefecture.name}へ返戻"]},
                    reason, legal.KITEI_17_2_P3, event)
    return via


def _return_reason(value: str) -> str:
    reason = clean_text(value, RETURN_REASON_MAX, field="reason", label="返戻の理由")
    if not reason:
        raise InvalidInput("返戻の理由を入力してください（経由地に伝わります）。", field="reason", code="reason_required")
    return reason


def _home_licence(person: Person, via: ViaRenewal) -> Licence:
    licence = person.current_licence
    if licence is None or licence.status != LicenceStatus.VALID:
        raise Conflict("この方の免許は有効ではないため受理できません。", field="via_id", code="licence_not_valid")
    if licence.home_prefecture_id != via.residence_prefecture_id:
        raise Conflict("この方の免許は既に他の都道府県に移っています。", field="via_id", code="moved")
    return licence


def _home_application(actor, office, via: ViaRenewal, day: date) -> Application:
    """The 住所地's renewal application (事務処理票に登載, 第3項): created 合格, since the 適性検査 was passed
    at the 経由地 and its result came with the 更新申請書 — the one application created past 受理."""
    sent = via.application
    home = Application.objects.create(
        office=office, prefecture_id=office.prefecture_id, person_id=via.person_id,
        application_type=ApplicationType.RENEWAL, route=Route.RENEWAL, licence_kind_id=sent.licence_kind_id,
        state=ApplicationState.PASSED, received_on=day, received_by=actor.actor_name,
        questionnaire=sent.questionnaire, aptitude_review=sent.aptitude_review, documents=sent.documents,
        eligibility=sent.eligibility, photo_id=sent.photo_id,
        note=f"経由申請（{via.via_prefecture.name} {via.via_number}）")
    services._enter_in_ledger(home)
    return home


# --- reads ----------------------------------------------------------------------------------------


def via_of(application: Application) -> ViaRenewal | None:
    """The 経由申請 an application belongs to (as the 経由地's or the 住所地's), if any (no audit: the page
    has read the application)."""
    return ViaRenewal.objects.filter(Q(application=application) | Q(home_application=application)).first()


def _rows():
    return ViaRenewal.objects.select_related("application__office", "home_application__office", "person",
                                             "via_prefecture", "residence_prefecture")


def load(actor, via_id) -> ViaRenewal:
    """One row of the actor's 経由申請管理表: one its prefecture received, or one sent to it (the 住所地
    does not see a 経由申請 before it is sent). Anything else is 404."""
    via = _rows().visible_to(actor).filter(pk=via_id).first()
    if via is None or (via.via_prefecture_id != actor.prefecture_id and via.state == ViaRenewalState.RECEIVED):
        raise NotFound("指定された経由申請はありません。", field="via_id")
    return via


@procedure(legal.KITEI_17_2, rule=VIEW_VIA_RENEWALS.name)
def read_via_renewal(actor, via_id: int) -> ViaRenewal:
    """One 経由申請 (an audited read of a person's record)."""
    authorize(actor, VIEW_VIA_RENEWALS.name, action=Action.VIA_READ)
    via = load(actor, via_id)
    record(actor, Action.VIA_READ, object_type="viarenewal", object_id=via.pk, person_id=via.person_id,
           subject_prefecture=via.residence_prefecture_id)
    return via


@procedure(legal.KITEI_17_2, rule=VIEW_VIA_RENEWALS.name)
def via_register(actor, side: str, *, limit: int = 100) -> list[ViaRenewal]:
    """The actor's prefecture's 経由申請管理表, newest first: ``sent`` — received here as the 経由地 (and
    sent on); ``received`` — sent here by other prefectures' commissions (第3項)."""
    if side not in SIDES:
        raise InvalidInput("一覧の区分（sent・received）を選んでください。", field="side")
    authorize(actor, VIEW_VIA_RENEWALS.name, action=Action.VIA_LIST)
    rows = _rows().visible_to(actor)
    if side == "sent":
        rows = rows.filter(via_prefecture_id=actor.prefecture_id)
    else:
        rows = rows.filter(residence_prefecture_id=actor.prefecture_id).exclude(state=ViaRenewalState.RECEIVED)
    found = list(rows.order_by("-pk")[: max(1, min(limit, 500))])
    record(actor, Action.VIA_LIST, object_type="viarenewal", detail={"side": side, "ids": [v.pk for v in found]})
    return found
