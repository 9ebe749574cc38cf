"""仮免許の取消し pages (規程第41条): the list (awaiting the decision, awaiting the handing-over), the
署長等's 仮運転免許取消事案発生通報書 form, one 取消事案 with the 免許課長's decision and the handing-over of
the 仮運転免許取消し処分通知書 (PDF)."""

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST

from menkyo.core.forms import WarekiDateField
from menkyo.core.http import domain_view, submit
from menkyo.core.legal import implements
from menkyo.core.permissions import allowed, authorize
from menkyo.dispositions import revocations as services
from menkyo.dispositions.models import ProvisionalRevocationState as S
from menkyo.dispositions.permissions import (
    DECIDE_PROVISIONAL_REVOCATION,
    REPORT_PROVISIONAL_REVOCATION,
    SERVE_PROVISIONAL_REVOCATION,
)
from menkyo.dispositions.revocation_papers import revocation_notice
from menkyo.documents.http import pdf_page


def _text(label: str, limit: int, rows: int = 2, required: bool = True) -> forms.CharField:
    return forms.CharField(label=f"{label}（{limit}文字以内）", required=required, max_length=limit,
                           widget=forms.Textarea(attrs={"rows": rows}),
                           error_messages={"required": f"{label}を入力してください。",
                                           "max_length": f"{label}は{limit}文字以内で入力してください。"})


class ReportForm(forms.Form):
    provisional_number = forms.CharField(label="仮免許証番号", max_length=12,
                                         error_messages={"required": "仮免許証番号を入力してください。"})
    occurred_on = WarekiDateField(label="取消基準に該当することとなった日",
                                  error_messages={"required": "取消基準に該当することとなった日を入力してください。"})
    ground = _text("取消基準に該当する事実", 400)
    summary = _text("事案の概要", 1000, rows=3)


class DecideForm(forms.Form):
    revoke = forms.TypedChoiceField(label="審査の結果", choices=[("1", "取り消す"), ("0", "取り消さない")],
                                    coerce=lambda v: v == "1", widget=forms.RadioSelect, initial="1",
                                    error_messages={"required": "審査の結果を選んでください。"})
    reason = _text("理由（取り消さないときは必須）", 400, required=False)


class ServeForm(forms.Form):
    explanation = _text("弁明の要旨（弁明調書、弁明がないときは空欄）", 1000, rows=3, required=False)
    card_returned = forms.BooleanField(label="仮免許証の返納を受けた", required=False, initial=True)
    reason = forms.CharField(label="仮免許証を返納できない理由", max_length=200, required=False)


@login_required
@domain_view
def queue(request):
    """The prefecture's 取消事案: awaiting the 免許課長, awaiting the handing-over, the latest closed."""
    lists = services.revocation_queue(request.user)
    return render(request, "dispositions/revocations.html", {
        "lists": lists, "may_report": REPORT_PROVISIONAL_REVOCATION.who.test(request.user)})


@login_required
@domain_view
@implements(services.report_provisional_revocation)
def report(request):
    """The 署長等's 仮運転免許取消事案発生通報書 (第41条第1項)."""
    if not REPORT_PROVISIONAL_REVOCATION.who.test(request.user):
        authorize(request.user, REPORT_PROVISIONAL_REVOCATION.name, action=services.Action.REPORT)
    form = ReportForm(request.POST or None)
    done = submit(request, form, lambda data: services.report_provisional_revocation(request.user, **data))
    if done is not None:
        messages.success(request, "仮免許の取消事案を免許課長に通報しました。")
        return redirect("dispositions:revocation", pk=done.pk)
    return render(request, "dispositions/revocation_report.html", {"form": form},
                  status=422 if request.method == "POST" else 200)


@login_required
@domain_view
def detail(request, pk: int):
    return _page(request, services.get_revocation(request.user, pk))


def _page(request, revocation, failed: str = "", form=None):
    may = {"decide": revocation.state == S.REPORTED
           and allowed(request.user, DECIDE_PROVISIONAL_REVOCATION.name, revocation),
           "serve": revocation.state == S.DECIDED
           and allowed(request.user, SERVE_PROVISIONAL_REVOCATION.name, revocation),
           "paper": revocation.state in (S.DECIDED, S.SERVED)}
    forms_ = {"decide": DecideForm(), "serve": ServeForm()}
    if failed:
        forms_[failed] = form
    return render(request, "dispositions/revocation.html", {
        "r": revocation, "provisional": revocation.provisional_licence, "may": may, "forms": forms_,
    }, status=422 if failed else 200)


def _act(request, pk: int, name: str, form_class, action, done: str):
    revocation = services.load_revocation(pk)
    form = form_class(request.POST)
    if submit(request, form, lambda data: action(revocation, data)) is None:
        return _page(request, services.load_revocation(pk), name, form)
    messages.success(request, done)
    return redirect("dispositions:revocation", pk=pk)


@require_POST
@login_required
@domain_view
@implements(services.decide_provisional_revocation)
def decide(request, pk: int):
    return _act(request, pk, "decide", DecideForm,
                lambda r, d: services.decide_provisional_revocation(request.user, r, **d), "決定を記録しました。")


@require_POST
@login_required
@domain_view
@implements(services.serve_provisional_revocation)
def serve(request, pk: int):
    return _act(request, pk, "serve", ServeForm,
                lambda r, d: services.serve_provisional_revocation(request.user, r, **d),
                "仮運転免許取消し処分通知書を交付し、仮免許を取り消しました。")


@login_required
@domain_view
def notice(request, pk: int):
    """仮運転免許取消し処分通知書 (PDF, audited)."""
    revocation = services.load_revocation(pk)
    return pdf_page(request, lambda: revocation_notice(request.user, revocation))
