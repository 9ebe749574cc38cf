"""What the 取消 of some kinds of a licence shares (規程第41条の2第1項後段, 第41条の2の2第1項後段): the 再試験's
(``retests``) and the 若年運転者期間's (``young_revocations``) 取消処分書 take the card (返納) or erase the マイナ
record, remove the kinds revoked and — when other kinds are kept — make a card of them, handed over in exchange
for the current one (a card job, as a cancellation of higher kinds does, 規程第41条の3), and for a マイナ免許証 ask the
cards app for the 免許情報記録の書換え (:func:`request_rewrite`, a work item in the cards' rewrite queue); when nothing
is kept the licence is 取消."""

from menkyo.cards.models import CardJob, CardKind
from menkyo.cards.reissue import check_no_card_pending
from menkyo.cards.rewrite import request_rewrite_after_kind_revocation
from menkyo.cards.services import _handover_date, _producing_centre, save_numbered
from menkyo.core.errors import Conflict, InvalidInput
from menkyo.dispositions.execution import _set_status
from menkyo.dispositions.models import CardHandling, Case
from menkyo.registry.models import HoldingForm, Licence, LicenceKindHeld, LicenceStatus


def valid_licence(case: Case) -> Licence:
    """The person's current licence, which must be 有効 to be revoked."""
    licence = case.person.current_licence
    if licence is None or licence.status != LicenceStatus.VALID:
        raise Conflict("この運転者には有効な免許がないため、取り消せません。", code="no_licence")
    return licence


def card_handling(licence: Licence, presented: bool, note: str) -> str:
    """The card taken (返納) and/or the マイナ record (抹消, or rewritten when kinds are kept)."""
    form = licence.holding_form
    if form == HoldingForm.MYNUMBER:
        return CardHandling.ERASED
    if presented:
        return CardHandling.RETURNED_ERASED if form == HoldingForm.BOTH else CardHandling.RETURNED
    if not note:
        raise InvalidInput("免許証の提出がないときは、その理由（紛失等）を入力してください。", field="reason",
                           code="card_not_presented")
    return CardHandling.NOT_PRESENTED


def remove_kinds(licence: Licence, split, office, handover_date, day) -> CardJob | None:
    """Inside the caller's transaction: the kinds of ``split.cancelled`` removed (the licence 取消 when nothing is
    kept), and the card job of the kinds kept (or None)."""
    check_no_card_pending(licence)
    job = _remaining_card(licence, split, office, handover_date, day)
    if split.kept:
        LicenceKindHeld.objects.filter(pk__in=[h.pk for h in split.cancelled]).delete()
        Licence.objects.filter(pk=licence.pk).update(version=licence.version + 1)
    else:
        _set_status(licence, LicenceStatus.REVOKED)
    return job


def mynumber_rewrite(licence: Licence, split) -> bool:
    """A マイナ免許証's record is to be rewritten when kinds are kept (the rewrite is the cards app's)."""
    return bool(split.kept) and licence.holding_form != HoldingForm.CARD


def request_rewrite(actor, licence: Licence, split, cause: str, event) -> bool:
    """Inside the caller's transaction: when kinds are kept and the holder has a マイナ record, the cards app's
    免許情報記録の書換え is asked for (規程第41条の2第1項後段, 第41条の2の2第1項後段 「免許情報記録個人番号カードにあっては
    …免許情報記録の書換えをする」) — done at the counter when the holder shows the card (``cards.rewrite``). True when
    asked (the row's ``mynumber_rewrite``)."""
    if not mynumber_rewrite(licence, split):
        return False
    return request_rewrite_after_kind_revocation(actor, licence, cause, event) is not None


def _remaining_card(licence: Licence, split, office, handover_date, day) -> CardJob | None:
    """A card of the kinds kept, for a holder of a card; handed over in exchange."""
    if not split.kept or licence.holding_form == HoldingForm.MYNUMBER:
        return None
    return save_numbered(CardJob(
        person=licence.person, licence=licence, card_kind=CardKind.LICENCE, prefecture_id=licence.home_prefecture_id,
        producing_centre=_producing_centre(office), handover_office=office,
        handover_date=_handover_date(office, handover_date, day)), day)


def kinds_diff(split, handling: str) -> dict:
    """The history row's change: the licence 取消, or the kinds before and after."""
    kinds = [h.label for h in split.cancelled + split.kept]
    if not split.kept:
        return {"status": ("有効", "取消"), "kinds": ("・".join(kinds), None), "card": (None, CardHandling(handling).label)}
    return {"kinds": ("・".join(kinds), "・".join(h.label for h in split.kept)),
            "card": (None, "引き続き受ける種類の免許証と引換え")}
