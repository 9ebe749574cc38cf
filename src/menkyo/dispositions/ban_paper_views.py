"""The pages' links to ``ban_papers``: the 仮禁止通知書 on a 仮禁止's page, the 出頭命令書 from a decided 運転禁止's page
(道路交通法第107条の5第10項・第11項)."""

from django import forms
from django.contrib.auth.decorators import login_required
from django.views.decorators.http import require_POST

from menkyo.core.http import domain_view
from menkyo.dispositions import ban_papers
from menkyo.dispositions.driving_ban import load_ban
from menkyo.dispositions.more_paper_views import AppearanceOrderForm, refused
from menkyo.dispositions.provisional_ban import load_provisional_ban
from menkyo.documents.http import pdf_page


class BanAppearanceOrderForm(AppearanceOrderForm):
    """The 出頭命令書's day and place (as part 7's); the permit, not a licence card, may be held."""

    card_held = None
    permit_held = forms.BooleanField(label="国際運転免許証等を保管する（保管証を作成）", required=False)


@login_required
@domain_view
def provisional_ban_notice(request, pk: int):
    """仮禁止通知書 (PDF, audited)."""
    ban = load_provisional_ban(pk)
    return pdf_page(request, lambda: ban_papers.provisional_ban_notice(request.user, ban))


@require_POST
@login_required
@domain_view
def ban_appearance_order(request, pk: int):
    """出頭命令書 (and the permit's 保管証) for the day and place given (PDF, audited)."""
    ban = load_ban(pk)
    form = BanAppearanceOrderForm(request.POST)
    if not form.is_valid():
        return refused(request, form)
    return pdf_page(request, lambda: ban_papers.ban_appearance_order(request.user, ban, **form.cleaned_data))
