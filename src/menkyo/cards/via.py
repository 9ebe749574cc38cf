"""The 住所地's end of a 経由申請 (規程第17条の2第3項・第4項): the licence renewed and its card requested, and the
two documents of the 経由地 (経由申請書, 更新時講習受講済通知書).

:func:`renew_via_licence` is :func:`menkyo.cards.renewal.renew_licence` for a renewal the 経由地 received
and the 住所地 accepted (``counter.via``): at the 住所地's office that accepted it, in one transaction, the
licence gets its new 交付年月日, expiry and colour from the engine's answer kept at intake, the conditions
follow the 適性検査 the 経由地 recorded (第16条第3項・第4項), and the card is requested from the 住所地's
centre and handed over there — the holder collects it about three weeks later (counter-facts §3.3) —
through the card pages of any issue (送付（交付）用事務処理票 signed, 第3項). A マイナ免許証-only holder gets no
plastic card: a 免許情報記録の書換え is requested at the 住所地's office, as in ``renew_licence`` (a 受領書
is signed for the rewrite, 第4項). Only the 住所地 renews: the 経由地 sees its row but the rule is the
住所地's, and ``renew_licence`` refuses both applications of a 経由申請.
"""

from datetime import date

from django.db import transaction

from menkyo.cards.actions import Action
from menkyo.cards.models import CardJob
from menkyo.cards.mynumber import register_card_returned_with_via
from menkyo.cards.permissions import RENEW_VIA_LICENCE
from menkyo.cards.renewal import (
    _aptitude_text,
    _change_conditions,
    _lecture_text,
    _write_renewal,
)
from menkyo.cards.rewrite import request_rewrite_for_renewal
from menkyo.cards.services import (
    _carry_photo,
    _check_office,
    _check_photo,
    _create_job,
    _handover_date,
    _producing_centre,
    _reason,
    today,
)
from menkyo.core import legal
from menkyo.core.errors import Conflict
from menkyo.core.legal import procedure
from menkyo.core.permissions import authorize
from menkyo.counter import renewal as counter_renewal
from menkyo.counter import via as counter_via
from menkyo.counter.models import (
    APPLICATION,
    VIA_RENEWAL,
    Application,
    QuestionnaireItem,
    ViaRenewalState,
)
from menkyo.counter.permissions import VIEW_VIA_RENEWALS
from menkyo.documents.actions import Action as DocumentAction
from menkyo.documents.forms import (
    LectureCompletionNotice,
    QuestionnaireAnswer,
    ViaRenewalForm,
    ViaReturnNotice,
)
from menkyo.documents.services import RenderedDocument, render_document
from menkyo.registry.models import HoldingForm, Licence, LicenceStatus
from menkyo.rules.dates import one_month_after


@procedure(legal.KITEI_17_2_P3, rule=RENEW_VIA_LICENCE.name)
def renew_via_licence(actor, via_id: int, *, handover_date: date | None = None,
                      reason: str = "経由申請による免許証の更新") -> CardJob | None:
    """Renew the licence of an accepted 経由申請 and request its card at the 住所地 (規程第17条の2第3項).
    Returns the card job, or None for a マイナ免許証-only holder (the record is to be rewritten). A card given
    back at the 経由地 with the application (``card_returned``) is registered first as a 返納 (規程第15条の3),
    in the same transaction: the holder is then マイナ免許証のみ and gets the rewrite, no card."""
    via = counter_via.load(actor, via_id)
    authorize(actor, RENEW_VIA_LICENCE.name, via, action=Action.LICENCE_RENEW, person_id=via.person_id)
    if via.state != ViaRenewalState.ACCEPTED:
        raise Conflict(f"「{via.get_state_display()}」の経由申請は更新できません（住所地で受理したものを更新します）。",
                       field="via_id", code="illegal_state")
    home = via.home_application
    _check_office(actor, home, home.office, Action.LICENCE_RENEW,
                  "この経由申請は{office}で受理したものです。更新の手続は受理した所属で行います（規程第17条の2第3項）。")
    licence = via.person.current_licence
    returning = via.card_returned and licence is not None and licence.holding_form == HoldingForm.BOTH
    card = licence is not None and licence.holding_form != HoldingForm.MYNUMBER and not returning
    if card:
        _check_photo(home)
    day = today()
    centre = _producing_centre(home.office)
    handover = _handover_date(home.office, handover_date, day) if card else day
    reason = _reason(reason)
    with transaction.atomic():
        home = Application.objects.select_for_update(of=("self", "person")).select_related(
            "person", "office").get(pk=home.pk)
        licence = Licence.objects.select_for_update().get(pk=licence.pk)
        if licence.status != LicenceStatus.VALID:
            raise Conflict(f"{licence.get_status_display()}の免許は更新できません。", field="via_id",
                           code="licence_not_valid")
        if returning:
            register_card_returned_with_via(actor, licence, home.office,
                                            f"経由申請とともに{via.via_prefecture.name}で返納された免許証の返納の登録")
        event = _write_renewal(actor, home, licence, handover, reason)
        _change_conditions(actor, via.application, licence, reason)  # the 経由地's 適性検査
        job = None
        if card:
            _carry_photo(home, licence)
            job = _create_job(home, centre, handover, licence, None, day)
            if licence.holding_form == HoldingForm.BOTH:  # 2枚持ち: the record beside the card
                request_rewrite_for_renewal(actor, None, licence, event)
        else:
            request_rewrite_for_renewal(actor, home, licence, event)  # 受領書 signed at the rewrite (第4項)
        APPLICATION.apply(actor, home, "start_issue", reason=reason, licence=licence)
        VIA_RENEWAL.apply(actor, via, "renew", reason=reason, renewed_on=day)
    return job


# --- documents --------------------------------------------------------------------------------------


def _via_application(actor, via_id: int, action: str):
    """The 経由申請 and the 経由地's application, for the 経由地's staff who read applications."""
    via = counter_via.load(actor, via_id)
    authorize(actor, VIEW_VIA_RENEWALS.name, via.application, action=action, person_id=via.person_id)
    if via.via_prefecture_id != actor.prefecture_id:
        raise Conflict("この書類は経由地（受理した都道府県）で作成します。", field="via_id", code="document_not_applicable")
    return via, via.application


@procedure(legal.KITEI_17_2, rule=VIEW_VIA_RENEWALS.name)
def via_renewal_form(actor, via_id: int) -> RenderedDocument:
    """The 経由申請書 (規則別記様式第18の3, 規程第17条の2第1項) pre-filled from the licence and the engine's
    answer, addressed to the 住所地's commission through this one; the 適性検査の結果欄 carries the result
    recorded here, or stays empty."""
    via, application = _via_application(actor, via_id, DocumentAction.VIA_RENEWAL_FORM_RENDER)
    person, answer = application.person, application.eligibility
    licence = person.current_licence or application.licence
    form = ViaRenewalForm(
        applied_on=application.received_on, addressee=f"{via.residence_prefecture.name}公安委員会",
        via_commission=f"{via.via_prefecture.name}公安委員会", via_number=via.via_number, name=person.name,
        name_kana=person.name_kana, birth_date=person.birth_date, address=person.address,
        licence_number=licence.number, current_expiry=one_month_after(date.fromisoformat(answer["specific_birthday"])),
        kinds="・".join(k.label for k in licence.kinds.all()), conditions="・".join(licence.conditions),
        driver_class=answer["driver_class"], validity_years=answer["validity_years"],
        new_expiry=date.fromisoformat(answer["new_expiry"]), lecture=_lecture_text(answer),
        elderly=[r.label for r in counter_renewal.elderly_status(application)],
        questionnaire=[QuestionnaireAnswer(item.label, application.questionnaire.get(item.value))
                       for item in QuestionnaireItem],
        aptitude=_aptitude_text(application), fee_total=(answer.get("fees") or {}).get("total"),
        office=application.office.name, ledger_number=application.ledger_number)
    return render_document(actor, form, object_type="viarenewal", object_id=via.pk, person_id=via.person_id,
                           subject_prefecture=via.via_prefecture_id)


@procedure(legal.KITEI_17_2, rule=VIEW_VIA_RENEWALS.name)
def lecture_completion_notice(actor, via_id: int) -> RenderedDocument:
    """The 更新時講習受講済通知書 (規程第17条の2第2項) to the 住所地's commission, once the lecture taken here
    is recorded (409 ``lecture_not_recorded`` before)."""
    via, application = _via_application(actor, via_id, DocumentAction.LECTURE_COMPLETION_NOTICE_RENDER)
    lecture = counter_renewal.lecture_of(application)
    if lecture is None:
        raise Conflict("更新時講習の受講が記録されていません。", field="via_id", code="lecture_not_recorded")
    person = application.person
    licence = person.current_licence or application.licence
    form = LectureCompletionNotice(
        via_number=via.via_number, notified_on=via.sent_on or today(),
        addressee=f"{via.residence_prefecture.name}公安委員会", sender=f"{via.via_prefecture.name}公安委員会",
        name=person.name, name_kana=person.name_kana, birth_date=person.birth_date, licence_number=licence.number,
        lecture=_lecture_text(application.eligibility), mode=lecture.get_mode_display(),
        attended_on=lecture.attended_on, office=application.office.name)
    return render_document(actor, form, object_type="viarenewal", object_id=via.pk, person_id=via.person_id,
                           subject_prefecture=via.via_prefecture_id)


@procedure(legal.KITEI_17_2_P3, rule=VIEW_VIA_RENEWALS.name)
def via_return_notice(actor, via_id: int) -> RenderedDocument:
    """The 経由申請返戻通知書 (UNCONFIRMED: no 様式 or article names it) from the 住所地 commission to the 経由地
    commission, with the reason the 住所地 gave (counter.via.return_via_renewal); either side prints it once
    the file is returned (409 ``not_returned`` before)."""
    via = counter_via.load(actor, via_id)
    authorize(actor, VIEW_VIA_RENEWALS.name, via, action=DocumentAction.VIA_RETURN_NOTICE_RENDER,
              person_id=via.person_id)
    if not via.returned_on:
        raise Conflict("この経由申請は返戻されていません。", field="via_id", code="not_returned")
    person = via.person
    licence = person.current_licence or via.application.licence
    form = ViaReturnNotice(
        via_number=via.via_number, returned_on=via.returned_on, addressee=f"{via.via_prefecture.name}公安委員会",
        sender=f"{via.residence_prefecture.name}公安委員会", name=person.name, name_kana=person.name_kana,
        birth_date=person.birth_date, licence_number=licence.number, sent_on=via.sent_on, reason=via.return_reason)
    return render_document(actor, form, object_type="viarenewal", object_id=via.pk, person_id=via.person_id,
                           subject_prefecture=via.residence_prefecture_id)
