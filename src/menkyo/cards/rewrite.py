"""免許情報記録の書換え: the record on a マイナ免許証 holder's My Number card rewritten at the counter.

規程第13条第1項 names the 免許情報記録の書換え beside the card's making; it is done when the licence
information recorded changes (法第95条の2; 規程第14条 「免許証等に変更に係る事項の…記録を行う」):

- **Renewal** (規程第16条第6項・第8項): :func:`request_rewrite_for_renewal` — called by
  ``cards.renewal.renew_licence`` for a マイナ免許証-only holder instead of a card job. The application
  stays 免許証作成中 until the rewrite is done; :func:`rewrite_mynumber_record` then completes it
  (交付済) through the APPLICATION workflow, as a card's hand-over does.
- **A notified change of particulars** (規程第14条): :func:`rewrite_on_change`, run inside
  ``registry.change_particulars`` (``PARTICULARS_CHANGED``) for a holder with a record (マイナのみ,
  2枚持ち). One pending rewrite gathers the changes made until it is done. UNCONFIRMED: counter-facts
  §4.2 lists what the record holds (番号, 年月日, 種類, 条件, 写真) without 氏名・住所, which the My Number
  card carries itself; 規程第14条 still has the change 「記録」, so the rewrite is asked for and the
  clerk decides at the counter.

- **A 取消し of some kinds with other kinds kept** (規程第41条の2第1項後段 再試験, 第41条の2の2第1項後段 若年運転者期間,
  第41条の3第1項後段 申請による取消し): :func:`request_rewrite_after_kind_revocation`, called inside the 取消's
  transaction (``dispositions.kind_revocation``, ``cards.cancellation``) for a holder with a record; the card of the
  kinds kept is the caller's card job (a 2枚持ち holder gets both).

The rewrite (:func:`rewrite_mynumber_record`, 規程第15条の2) is done when the holder shows the My Number
card at the counter, by a clerk or a 業務端末 whose card reader returns the card's 有効期限 (a record is
not written on an expired card, counter-facts §4.2) after the holder signed the 受領書 (規程第15条第1項,
第16条第6項; :func:`rewrite_receipt` hands it out as PDF). 規程第2条の3: neither the My Number nor the
card is kept. A 交付停止 (規程第21条) stops it as it stops a card's hand-over.
"""

from datetime import date

from django.db import transaction
from django.utils import timezone

from menkyo.accounts.services import name_of
from menkyo.audit.recorder import record
from menkyo.cards.actions import Action
from menkyo.cards.models import IssueHold, MynumberRewrite, RewriteCause
from menkyo.cards.models import RewriteState as S
from menkyo.cards.mynumber import WITH_RECORD, ReaderData, _check_not_lost, _check_reader
from menkyo.cards.onestop import OnestopDelegate
from menkyo.cards.permissions import LIST_REWRITES, REWRITE_MYNUMBER
from menkyo.cards.services import HELD_MESSAGE, _check_office, _reason, _refuse
from menkyo.core import legal
from menkyo.core.errors import Conflict, InvalidInput, NotFound
from menkyo.core.legal import procedure
from menkyo.core.permissions import authorize
from menkyo.counter.models import APPLICATION, Application
from menkyo.documents.actions import Action as DocumentAction
from menkyo.documents.forms import RewriteReceipt
from menkyo.documents.services import RenderedDocument, render_document
from menkyo.registry import services as registry
from menkyo.registry.models import Licence, LicenceStatus, Person

#: What a renewal changes in the record (規程第16条: 交付年月日・有効期間の末日・色区分, and the conditions
#: the 適性検査 decides).
RENEWAL_CHANGES = ["交付年月日", "有効期間の末日", "免許証の色区分", "免許の条件等"]
CAUSE_BASIS = {RewriteCause.RENEWAL: legal.KITEI_16_8, RewriteCause.PARTICULARS: legal.KITEI_14,
               RewriteCause.RETEST: legal.KITEI_41NO2, RewriteCause.YOUNG: legal.KITEI_41NO2NO2,
               RewriteCause.CANCELLATION: legal.KITEI_41_3}
#: What the 取消し of some kinds changes in the record (the kinds; 規程第41条の2第1項, 第41条の2の2第1項, 第41条の3第1項
#: 「免許情報記録の書換えをする」).
KIND_CHANGES = ["免許の種類"]


def _create(actor, licence: Licence, cause: str, changes: list[str], event, application=None) -> MynumberRewrite:
    rewrite = MynumberRewrite.objects.create(person_id=licence.person_id, licence=licence, cause=cause,
                                             prefecture_id=licence.home_prefecture_id, application=application,
                                             changes=changes)
    created = record(actor, Action.REWRITE_CREATE, object_type="mynumberrewrite", object_id=rewrite.pk,
                     person_id=licence.person_id, subject_prefecture=rewrite.prefecture_id,
                     detail={"cause": cause, "changes": changes, "application": application.pk if application else None,
                             "caused_by": event.pk if event else None, "legal_basis": str(CAUSE_BASIS[cause])})
    registry.add_history(actor, licence.person, licence, "licence.mynumber_rewrite_required",
                         {"mynumber_record": [None, f"{rewrite.get_cause_display()}による書換え待ち（{'・'.join(changes)}）"]},
                         f"マイナ免許証の免許情報記録の書換え（{rewrite.get_cause_display()}）", CAUSE_BASIS[cause], created)
    return rewrite


def request_rewrite_for_renewal(actor, application: Application | None, licence: Licence, event) -> MynumberRewrite:
    """The rewrite of a renewed マイナ免許証 (規程第16条第8項), inside ``renew_licence``'s transaction. With the
    application (マイナ免許証 only) the rewrite completes it; a 2枚持ち holder's renewal is completed by the
    card's hand-over, and the record beside it is rewritten when the holder brings the My Number card."""
    return _create(actor, licence, RewriteCause.RENEWAL, RENEWAL_CHANGES, event, application)


def request_rewrite_after_kind_revocation(actor, licence: Licence, cause: str, event=None) -> MynumberRewrite | None:
    """The rewrite a 取消し of some kinds asks for when other kinds are kept (規程第41条の2第1項後段, 第41条の2の2第1項
    後段, 第41条の3第1項後段: 「免許情報記録個人番号カードにあっては…免許情報記録の書換えをする」), inside the caller's
    transaction, for a holder with a record (マイナのみ・2枚持ち); a card of the kinds kept is the caller's card job.
    None for a card-only holder. ``event`` is the audit event of the 取消し (its pk goes in the detail)."""
    if cause not in (RewriteCause.RETEST, RewriteCause.YOUNG, RewriteCause.CANCELLATION):
        raise ValueError(f"not a cause of a kind revocation: {cause}")
    if licence.holding_form not in WITH_RECORD:
        return None
    return _create(actor, licence, cause, KIND_CHANGES, event)


def _labels(diff: dict) -> list[str]:
    return [str(Person._meta.get_field(field).verbose_name) for field in diff]


def rewrite_on_change(actor, person, licence: Licence | None, diff: dict, event) -> MynumberRewrite | None:
    """The rewrite a change of particulars asks for (規程第14条), for a holder with a record (マイナのみ・
    2枚持ち) and a licence 有効; the changes join a rewrite still pending for the same cause. Not for a
    住所変更ワンストップ (``cards.onestop``): the municipality updated the My Number card itself."""
    if licence is None or isinstance(actor, OnestopDelegate):  # the municipality updated the card itself
        return None
    licence = Licence.objects.select_for_update().select_related("person").get(pk=licence.pk)
    if licence.holding_form not in WITH_RECORD or licence.status != LicenceStatus.VALID:
        return None
    pending = MynumberRewrite.objects.filter(licence=licence, cause=RewriteCause.PARTICULARS, state=S.PENDING).first()
    if pending is None:
        return _create(actor, licence, RewriteCause.PARTICULARS, _labels(diff), event)
    pending.changes = pending.changes + [label for label in _labels(diff) if label not in pending.changes]
    pending.save(update_fields=["changes"])
    return pending


# --- the rewrite at the counter --------------------------------------------------------------------


def load_rewrite(pk: int) -> MynumberRewrite:
    rewrite = (MynumberRewrite.objects.select_related("person", "licence", "application__office", "done_office")
               .filter(pk=pk).first())
    if rewrite is None:
        raise NotFound(f"書換え {pk} は登録されていません。", field="rewrite_id")
    return rewrite


def _check_rewritable(licence: Licence) -> None:
    if licence.status != LicenceStatus.VALID:
        raise Conflict(f"この免許は「{licence.get_status_display()}」です。有効な免許のみ書き換えます。",
                       field="rewrite_id", code="not_valid")
    if licence.holding_form not in WITH_RECORD:
        raise Conflict(f"保有形態が「{licence.get_holding_form_display()}」のため、免許情報記録はありません。",
                       field="rewrite_id", code="holding_form")
    _check_not_lost(licence)


@procedure(legal.KITEI_15NO2, rule=REWRITE_MYNUMBER.name)
def rewrite_mynumber_record(actor, rewrite_id: int, *, card_valid_until: date | None, signature_confirmed: bool,
                            reason: str = "免許情報記録の書換え") -> MynumberRewrite:
    """Rewrite the record on the holder's My Number card (書換え待ち → 書換え済), audited and in the history.
    The card reader's 有効期限 and the signature on the 受領書 are required (規程第15条第1項, 第16条第6項・
    第8項); a renewal's rewrite only at the office that received it, and it completes the application
    (交付済). Done already: returned unchanged (a lost answer). Refused while a 交付停止 is active
    (規程第21条), the record is reported lost, or the licence has no record or is not 有効."""
    rewrite = load_rewrite(rewrite_id)
    authorize(actor, REWRITE_MYNUMBER.name, rewrite, action=Action.REWRITE_DONE, person_id=rewrite.person_id)
    if rewrite.state == S.DONE:
        return rewrite
    if rewrite.application_id is not None:
        _check_office(actor, rewrite, rewrite.application.office, Action.REWRITE_DONE,
                      "この更新は{office}で受理したものです。免許情報記録の書換えは受理した所属で行います（規程第16条第8項）。")
    reader = ReaderData(card_valid_until, signature_confirmed is True)
    _check_reader(reader)
    reason = _reason(reason)
    if IssueHold.objects.active().filter(person_id=rewrite.person_id).exists():
        _refuse(actor, rewrite, Action.REWRITE_DONE, HELD_MESSAGE, "issue_held", error=Conflict)
    with transaction.atomic():
        rewrite = MynumberRewrite.objects.select_for_update().select_related("person").get(pk=rewrite.pk)
        if rewrite.state == S.DONE:
            return rewrite
        licence = Licence.objects.select_for_update().get(pk=rewrite.licence_id)
        _check_rewritable(licence)
        return _write(actor, rewrite, licence, reader, reason)


def _write(actor, rewrite: MynumberRewrite, licence: Licence, reader: ReaderData, reason: str) -> MynumberRewrite:
    rewrite.state, rewrite.done_at, rewrite.done_by = S.DONE, timezone.now(), actor.actor_name
    rewrite.done_office = getattr(actor, "affiliation", None)
    rewrite.card_valid_until, rewrite.signature_confirmed = reader.card_valid_until, True
    rewrite.save(update_fields=["state", "done_at", "done_by", "done_office", "card_valid_until",
                                "signature_confirmed"])
    basis = CAUSE_BASIS[rewrite.cause]
    event = record(actor, Action.REWRITE_DONE, object_type="mynumberrewrite", object_id=rewrite.pk,
                   person_id=rewrite.person_id, subject_prefecture=rewrite.prefecture_id,
                   detail={"cause": rewrite.cause, "changes": rewrite.changes, "application": rewrite.application_id,
                           "legal_basis": str(basis)})
    registry.add_history(actor, rewrite.person, licence, "licence.mynumber_rewritten",
                         {"mynumber_record": [f"{rewrite.get_cause_display()}による書換え待ち",
                                              f"書換え済（{'・'.join(rewrite.changes)}）"]}, reason, basis, event)
    if rewrite.application_id is not None:
        APPLICATION.apply(actor, Application.objects.get(pk=rewrite.application_id), "issue", reason="")
    return rewrite


# --- reading -------------------------------------------------------------------------------------


@procedure(legal.KITEI_15NO2, rule=REWRITE_MYNUMBER.name)
def get_rewrite(actor, rewrite_id: int) -> MynumberRewrite:
    """One rewrite with the holder (a read of personal data: audited)."""
    rewrite = load_rewrite(rewrite_id)
    authorize(actor, REWRITE_MYNUMBER.name, rewrite, action=Action.REWRITE_READ, person_id=rewrite.person_id)
    record(actor, Action.REWRITE_READ, object_type="mynumberrewrite", object_id=rewrite.pk,
           person_id=rewrite.person_id, subject_prefecture=rewrite.prefecture_id)
    return rewrite


@procedure(legal.KITEI_15NO2, rule=LIST_REWRITES.name)
def list_rewrites(actor, state: str = S.PENDING, limit: int = 100) -> list[MynumberRewrite]:
    """The rewrites of the actor's prefecture in ``state`` (書換え待ち by default), oldest first."""
    authorize(actor, LIST_REWRITES.name, action=Action.REWRITE_LIST)
    if state not in S.values:
        raise InvalidInput("状態は pending（書換え待ち）・done（書換え済）のいずれかです。", field="state")
    if isinstance(limit, bool) or not isinstance(limit, int) or not 1 <= limit <= 500:
        raise InvalidInput("件数は1〜500で指定してください。", field="limit")
    return list(MynumberRewrite.objects.visible_to(actor).filter(state=state)
                .select_related("person", "licence", "application__office").order_by("created_at", "pk")[:limit])


@procedure(legal.KITEI_15NO2, rule=REWRITE_MYNUMBER.name)
def rewrite_receipt(actor, rewrite_id: int) -> RenderedDocument:
    """The 受領書 of the rewrite (規程第15条第1項・第16条第6項), printed for the holder's signature before
    the rewrite and kept after it: the cause, what changed, the licence and its 免許情報記録番号, the
    office, the day and (once done) who rewrote it."""
    rewrite = load_rewrite(rewrite_id)
    authorize(actor, REWRITE_MYNUMBER.name, rewrite, action=DocumentAction.REWRITE_RECEIPT_RENDER,
              person_id=rewrite.person_id)
    office = rewrite.done_office or getattr(actor, "affiliation", None)
    done = rewrite.state == S.DONE
    form = RewriteReceipt(
        number=f"R{rewrite.pk:08d}", name=rewrite.person.name, licence_number=rewrite.licence.number,
        record_number=rewrite.licence.mynumber_record_number or "", cause=rewrite.get_cause_display(),
        changes=list(rewrite.changes), office=office.name if office else "",
        rewritten_on=timezone.localdate(rewrite.done_at) if done else timezone.localdate(),
        rewritten_by=name_of(rewrite.done_by) if done else "")
    return render_document(actor, form, object_type="mynumberrewrite", object_id=rewrite.pk,
                           person_id=rewrite.person_id, subject_prefecture=rewrite.prefecture_id)
