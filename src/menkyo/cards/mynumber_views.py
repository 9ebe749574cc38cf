"""The マイナ免許証 page of a licence (規程第15条の2–第15条の4), reached from the licence page: the holding
form, the 免許情報記録番号, the procedures entered, and the forms the holding form allows — recording,
a card again, the card returned, the record erased, loss and found, a new My Number card."""

from collections.abc import Callable
from dataclasses import dataclass

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_POST

from menkyo.cards import mynumber as services
from menkyo.cards.mynumber_forms import CardForm, MoveForm, RecordForm, reason_form
from menkyo.cards.services import CENTRES
from menkyo.core.http import domain_view, submit
from menkyo.core.legal import implements
from menkyo.documents.http import pdf_page
from menkyo.registry.models import HoldingForm
from menkyo.registry.purposes import ReadPurpose
from menkyo.registry.views import licence_url


@dataclass(frozen=True)
class Step:
    """One procedure on the page: its form, its service, its title, the holding forms it is for and its
    fee (``rules.fees`` code and the holding form it is priced for; "" when free)."""

    title: str
    form: Callable
    service: Callable
    forms_held: tuple[str, ...]
    button: str
    fee: tuple[str, str] = ("", "")


CARD, MYNUMBER, BOTH = HoldingForm.CARD, HoldingForm.MYNUMBER, HoldingForm.BOTH
STEPS = {
    "record": Step("マイナ免許証への記録（特定免許情報の記録、規程第15条の2）", RecordForm,
                   services.record_on_mynumber_card, (CARD,), "記録する",
                   ("mynumber_record", MYNUMBER)),
    "card": Step("免許証の交付の申請（マイナ免許証のみ→2枚持ち、規程第15条の2）", CardForm,
                 services.request_card_for_mynumber_holder, (MYNUMBER,), "免許証の作成を依頼する",
                 ("reissue", BOTH)),
    "card_return": Step("免許証の返納（2枚持ち→マイナ免許証のみ、規程第15条の3）", reason_form("運転免許証返納届"),
                        services.return_licence_card, (BOTH,), "免許証の返納を受理する"),
    "erase": Step("免許情報記録の抹消（2枚持ち→免許証のみ、規程第15条の3）", reason_form("免許情報記録抹消届"),
                  services.erase_mynumber_record, (BOTH,), "記録を抹消する"),
    "loss": Step("個人番号カードの紛失等の申出（規程第15条の4）", reason_form("免許等保有状況変更申出書（紛失等）"),
                 services.report_mynumber_card_lost, (MYNUMBER, BOTH), "紛失等の申出を受理する"),
    "found": Step("個人番号カードの発見の申出（規程第15条の4）", reason_form("免許等保有状況変更申出書（発見）"),
                  services.report_mynumber_card_found, (MYNUMBER, BOTH), "発見の申出を受理する"),
    "move": Step("新しい個人番号カードへの記録（記録番号は変わりません、規程第15条の2）", MoveForm,
                 services.move_mynumber_record, (MYNUMBER, BOTH), "新しいカードに記録する",
                 ("mynumber_record", MYNUMBER)),
}


def _form(request, name: str, data=None):
    step = STEPS[name]
    extra = {"at_station": request.user.affiliation.kind not in CENTRES} if step.form is CardForm else {}
    return step.form(data, prefix=name, **extra)


def _offered(name: str, step: Step, held: str, lost: bool) -> bool:
    """The procedures the holding form allows; 発見 only while the card is reported lost, 紛失 only while not."""
    return held in step.forms_held and (name != "found" or lost) and (name != "loss" or not lost)


def _page(request, licence_id: int, *, bound: tuple[str, object] | None = None, status: int = 200):
    state = services.read_mynumber_status(request.user, licence_id)
    held = state.licence.holding_form
    refused = bound[0] if bound else None
    shown = [(reverse(f"cards:mynumber_{name}", args=[licence_id]), step, bound[1] if name == refused else _form(request, name),
              name, services.procedure_fee(*step.fee, state.licence) if step.fee[0] else None)
             for name, step in STEPS.items() if name == refused or _offered(name, step, held, state.lost)]
    return render(request, "cards/mynumber.html", {
        "state": state, "licence": state.licence, "steps": shown,
        "licence_url": licence_url(state.licence.number, ReadPurpose.COUNTER),
        "receipt_kinds": services.RECEIPT_KINDS}, status=status)


@login_required
@domain_view
@implements(services.read_mynumber_status)
def mynumber_page(request, licence_id: int):
    return _page(request, licence_id)


@login_required
@domain_view
@implements(services.mynumber_fee_receipt)
def mynumber_receipt_pdf(request, procedure_id: int):
    """The 領収書 (PDF) of the fee paid on one マイナ免許証 procedure."""
    return pdf_page(request, lambda: services.mynumber_fee_receipt(request.user, procedure_id))


@login_required
@domain_view
@implements(services.mynumber_form)
def mynumber_form_pdf(request, procedure_id: int):
    """The 申請書・届・申出書 (PDF) the procedure was received on, pre-filled for the signature."""
    return pdf_page(request, lambda: services.mynumber_form(request.user, procedure_id))


@login_required
@domain_view
@implements(services.mynumber_receipt)
def mynumber_record_receipt_pdf(request, procedure_id: int):
    """The 受領書 (PDF) signed before the record is written on the My Number card."""
    return pdf_page(request, lambda: services.mynumber_receipt(request.user, procedure_id))


def _step_view(name: str) -> Callable:
    """The POST view of one procedure (its own URL, so docs/procedures.md names it per service)."""
    step = STEPS[name]

    @require_POST
    @login_required
    @domain_view
    @implements(step.service)
    def view(request, licence_id: int):
        form = _form(request, name, request.POST)
        entry = submit(request, form, lambda data: step.service(request.user, licence_id, **form.service_data()))
        if entry is None:
            return _page(request, licence_id, bound=(name, form), status=422)
        number = f"、免許情報記録番号 {entry.record_number}" if entry.record_number else ""
        messages.success(request, f"{entry.get_kind_display()}を受け付けました（申請（届出）簿 {entry.ledger_number}{number}）。")
        return redirect("cards:mynumber", licence_id=licence_id)

    view.__name__ = f"mynumber_{name}"
    return view


STEP_VIEWS = {name: _step_view(name) for name in STEPS}
