"""停止中の免許の更新の pages (``cards.suspended_renewal``): 「停止期間中のため保管」 on the card job page and the
免許証保管証 (PDF)."""

from django.contrib.auth.decorators import login_required
from django.views.decorators.http import require_POST

from menkyo.cards import suspended_renewal
from menkyo.cards.forms import KeepCardForm
from menkyo.cards.views import _with_form
from menkyo.core.http import domain_view
from menkyo.core.legal import implements
from menkyo.documents.http import pdf_page


@require_POST
@login_required
@domain_view
@implements(suspended_renewal.keep_renewed_card)
def job_keep(request, pk: int):
    return _with_form(request, pk, KeepCardForm(request.POST), lambda data: suspended_renewal.keep_renewed_card(
        request.user, pk, signature_confirmed=data["signature_confirmed"],
        old_card_invalidated=data["old_card_invalidated"]),
        "停止期間中のため、更新後の免許証を保管しました。免許証保管証を渡してください。", "keep_form")


@login_required
@domain_view
@implements(suspended_renewal.keeping_receipt)
def keeping_receipt_pdf(request, pk: int):
    return pdf_page(request, lambda: suspended_renewal.keeping_receipt(request.user, pk))
