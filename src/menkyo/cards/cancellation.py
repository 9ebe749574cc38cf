"""申請による免許の取消し (自主返納; 規程第41条の3, 法第104条の4) and its 申請取消通知書.

The holder asks the commission to cancel the whole licence, or only the higher kinds and keep the
lower ones (counter-facts §3.7: a kind another kind kept covers cannot be cancelled — 大型 of
大型+普通 may go, 普通 not). An agent (代理人) may apply only for the whole licence. Before receiving
it staff explain what the holder loses (規程第57条). The office enters it in its 申請取消受理・
取消通知書交付簿 (:class:`~menkyo.cards.models.LicenceCancellation`, numbered per office and year),
the register changes — the whole licence 返納 (:data:`~menkyo.cards.models.LICENCE`), or the kinds
cancelled removed — with a history row, and the 申請取消通知書 (規則別記様式第19の3の8) is handed over
as PDF (:func:`cancellation_notice`). The card returned is shredded (規程第20条).

When lower kinds are kept, a card showing them is made (第41条の3第1項後段・第2項): a card job as for
a reissue — today at a 試験場, on a 交付予定日 at a 警察署 — handed over in exchange for the current
card (``cards.services.needs_old_card``); it carries the licence's photo. For a holder with a マイナ record (マイナのみ・
2枚持ち) the 免許情報記録の書換え is asked for (``cards.rewrite``, 第41条の3第1項後段); a マイナのみ holder gets no card.

After the cancellation of the whole licence the holder may apply for a 運転経歴証明書 (not after a
partial one: counter-facts §3.8): the page says so; issuing it is another
procedure. Not modelled: the 申出免許 (a new lower licence granted on the cancellation), the check of
pending 取消・停止 standards (no disposition cases are kept yet; the suspended licence is refused by
its status), the deemed-licence conditions of a cancelled 中型（8t限定） (they stay printed).
"""

from collections.abc import Iterable
from datetime import date

from django.db import transaction

from menkyo.audit.recorder import record
from menkyo.cards.actions import Action
from menkyo.cards.cancellation_book import enter_cancellation, remove_kinds, split_kinds
from menkyo.cards.models import (
    LICENCE,
    Applicant,
    CancellationScope,
    CardJob,
    CardKind,
    LicenceCancellation,
    RewriteCause,
)
from menkyo.cards.permissions import CANCEL_LICENCE
from menkyo.cards.reissue import check_no_card_pending, check_valid, load_licence, receiving_office
from menkyo.cards.rewrite import request_rewrite_after_kind_revocation
from menkyo.cards.services import _handover_date, _producing_centre, save_numbered, today
from menkyo.core import legal
from menkyo.core.errors import InvalidInput, NotFound
from menkyo.core.legal import procedure
from menkyo.core.permissions import authorize
from menkyo.documents.actions import Action as DocumentAction
from menkyo.documents.forms import CancellationNotice
from menkyo.documents.services import RenderedDocument, render_document
from menkyo.registry import services as registry
from menkyo.registry.models import HoldingForm, Licence
from menkyo.registry.text import clean_text

AGENT_NAME_MAX_LENGTH = 60
AGENT_RELATION_MAX_LENGTH = 40


def _scope(value) -> CancellationScope:
    if value not in CancellationScope.values:
        raise InvalidInput("取消しの範囲（全部・上位の種類のみ）を選んでください。", field="scope")
    return CancellationScope(value)


def _applicant(value, scope: CancellationScope, agent_name, agent_relation) -> tuple[str, str, str]:
    """本人, or a 代理人 named with their relation — only for the whole licence (counter-facts §3.7)."""
    if value not in Applicant.values:
        raise InvalidInput("申請者（本人・代理人）を選んでください。", field="applicant")
    if value == Applicant.HOLDER:
        return value, "", ""
    if scope != CancellationScope.WHOLE:
        raise InvalidInput("代理人による申請は免許の全部の取消しに限ります。一部の取消しは本人が申請してください。",
                           field="applicant", code="agent_only_whole")
    name = clean_text(agent_name or "", AGENT_NAME_MAX_LENGTH, field="agent_name", label="代理人の氏名")
    if not name:
        raise InvalidInput("代理人の氏名を入力してください。", field="agent_name", code="agent_name_required")
    relation = clean_text(agent_relation or "", AGENT_RELATION_MAX_LENGTH, field="agent_relation",
                          label="代理人の続柄等")
    return value, name, relation


@procedure(legal.KITEI_41_3, rule=CANCEL_LICENCE.name)
def cancel_licence_on_application(actor, licence_id: int, *, scope: str, kinds: Iterable[str] = (),
                                  applicant: str = Applicant.HOLDER, agent_name: str = "", agent_relation: str = "",
                                  disadvantage_explained: bool = False, handover_date: date | None = None,
                                  reason: str) -> LicenceCancellation:
    """Receive an application for the cancellation of a licence (規程第41条の3, 法第104条の4).

    ``scope`` ``whole``: the licence becomes 返納. ``higher``: the ``kinds`` named are removed from the
    licence, and a card of the kinds kept is requested (at a 警察署 with ``handover_date``). The
    disadvantages must have been explained (規程第57条). Refused for a licence not 有効 (停止中 …) or
    with a card still in production; an agent only for the whole licence.
    """
    licence = load_licence(licence_id)
    authorize(actor, CANCEL_LICENCE.name, licence, action=Action.CANCELLATION_RECEIVE, person_id=licence.person_id)
    office = receiving_office(actor)
    scope = _scope(scope)
    applicant, agent_name, agent_relation = _applicant(applicant, scope, agent_name, agent_relation)
    if disadvantage_explained is not True:
        raise InvalidInput("申請を受理する前に、取消しによる不利益（運転できなくなること、再び免許を受けるには"
                           "試験が必要なこと）を説明してください（規程第57条）。", field="disadvantage_explained",
                           code="not_explained")
    reason = registry.clean_reason(reason)
    day = today()
    split = split_kinds(list(licence.kinds.select_related("kind")), scope, kinds, day)
    if split.kept:
        centre, handover = _producing_centre(office), _handover_date(office, handover_date, day)
    elif handover_date is not None:
        raise InvalidInput("全部の取消しでは免許証を作成しないため、交付予定日は指定できません。", field="handover_date")
    with transaction.atomic():
        licence = Licence.objects.select_for_update().select_related("person").get(pk=licence.pk)
        check_valid(licence)
        check_no_card_pending(licence)
        job = None
        if split.kept:
            remove_kinds(licence, split)
            job = _kept_card(licence, centre, office, handover, day)
        else:
            LICENCE.apply(actor, licence, "cancel_on_application", reason=reason)
        cancellation = enter_cancellation(actor, licence, split, scope, office, day, reason, job=job, applicant=applicant,
                              agent_name=agent_name, agent_relation=agent_relation, legal_basis=legal.KITEI_41_3)
        if split.kept:
            request_rewrite_after_kind_revocation(actor, licence, RewriteCause.CANCELLATION)
    return cancellation


def _kept_card(licence: Licence, centre, office, handover: date, day: date) -> CardJob | None:
    """The card of the kinds kept (第41条の3第1項後段 「免許証にあっては…免許証を作成し」): none for a マイナ免許証
    only holder, whose record is rewritten instead (``cards.rewrite``)."""
    if licence.holding_form == HoldingForm.MYNUMBER:
        return None
    return save_numbered(CardJob(
        person=licence.person, licence=licence, card_kind=CardKind.LICENCE,
        prefecture_id=licence.home_prefecture_id, producing_centre=centre, handover_office=office,
        handover_date=handover), day)


# --- reading and the 申請取消通知書 ---------------------------------------------------------------


def load_cancellation(pk: int) -> LicenceCancellation:
    found = (LicenceCancellation.objects.select_related("person", "licence", "office", "prefecture", "card_job")
             .filter(pk=pk).first())
    if found is None:
        raise NotFound(f"申請による取消し {pk} はありません。", field="cancellation_id")
    return found


def get_cancellation(actor, cancellation_id: int) -> LicenceCancellation:
    """One cancellation for the staff of its prefecture; the read is audited (it names a person)."""
    cancellation = load_cancellation(cancellation_id)
    authorize(actor, CANCEL_LICENCE.name, cancellation, action=Action.CANCELLATION_READ,
              person_id=cancellation.person_id)
    record(actor, Action.CANCELLATION_READ, object_type="licencecancellation", object_id=cancellation.pk,
           person_id=cancellation.person_id, subject_prefecture=cancellation.prefecture_id)
    return cancellation


def history_certificate_eligible(cancellation: LicenceCancellation) -> bool:
    """Whether the page offers the 運転経歴証明書: after the cancellation of the whole licence, not of
    higher kinds only (counter-facts §3.8). Its period and issue are another procedure."""
    return cancellation.scope == CancellationScope.WHOLE


@procedure(legal.KITEI_41_3, rule=CANCEL_LICENCE.name)
def cancellation_notice(actor, cancellation_id: int) -> RenderedDocument:
    """The 申請による運転免許の取消通知書 (規則別記様式第19の3の8) handed to the applicant (規程第41条の3):
    the kinds cancelled and kept, the day, the 申請取消簿 number, in the commission's name."""
    cancellation = load_cancellation(cancellation_id)
    authorize(actor, CANCEL_LICENCE.name, cancellation, action=DocumentAction.CANCELLATION_NOTICE_RENDER,
              person_id=cancellation.person_id)
    person = cancellation.person
    applicant = Applicant(cancellation.applicant).label
    if cancellation.applicant == Applicant.AGENT:
        applicant += f" {cancellation.agent_name}" + (f"（{cancellation.agent_relation}）"
                                                        if cancellation.agent_relation else "")
    form = CancellationNotice(
        number=cancellation.book_number, notice_date=cancellation.cancelled_on, name=person.name,
        birth_date=person.birth_date, address=person.address, licence_number=cancellation.licence_number,
        cancelled=list(cancellation.kinds_cancelled), kept=list(cancellation.kinds_kept), applicant=applicant,
        issuer=f"{cancellation.prefecture.name}公安委員会")
    return render_document(actor, form, object_type="licencecancellation", object_id=cancellation.pk,
                           person_id=person.pk, subject_prefecture=cancellation.prefecture_id)
