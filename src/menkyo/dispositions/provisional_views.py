"""仮停止 and 危険性帯有 pages (規程第39条, 第29条): the station's report form (仮停止等事案発生即報書 and the
仮停止), the queue of 仮停止 in force with their deadlines at risk, one 仮停止 with its 弁明 and papers, the
仮停止・禁止処分通知書 PDF, and the 危険性帯有等行政処分上申書 form."""

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST

from menkyo.core.forms import WarekiDateField
from menkyo.core.http import domain_view, submit
from menkyo.core.legal import implements
from menkyo.core.permissions import allowed, authorize
from menkyo.dispositions import provisional as services
from menkyo.dispositions.models import DispositionKind, ProvisionalState
from menkyo.dispositions.permissions import HANDLE_PROVISIONAL, REPORT_DANGER, REPORT_PROVISIONAL
from menkyo.dispositions.provisional_papers import provisional_notice
from menkyo.documents.http import pdf_page
from menkyo.rules.provisional_suspension import GROUNDS


def _text(label: str, rows: int = 2, required: bool = True) -> forms.CharField:
    return forms.CharField(label=label, required=required, widget=forms.Textarea(attrs={"rows": rows}),
                           error_messages={"required": f"{label}を入力してください。"})


class ReportForm(forms.Form):
    licence_number = forms.CharField(label="免許証番号", max_length=12,
                                     error_messages={"required": "免許証番号を入力してください。"})
    accident_on = WarekiDateField(label="事故の日", error_messages={"required": "事故の日を入力してください。"})
    ground = forms.ChoiceField(label="仮停止の事由（道路交通法第103条の2第1項）",
                               choices=[("", "選択してください"), *GROUNDS.items()],
                               error_messages={"required": "仮停止の事由を選んでください。",
                                               "invalid_choice": "仮停止の事由を一覧から選んでください。"})
    summary = _text("事案の概要（400文字以内）")
    necessity = _text("仮停止の処分を必要とする理由（400文字以内）")
    instructed_by = forms.CharField(label="指示をした免許課長等（職・氏名）", max_length=60,
                                    error_messages={"required": "指示をした免許課長等を入力してください。"})
    card_presented = forms.BooleanField(label="免許証の提出を受けた（マイナ免許証は記録を抹消）", required=False,
                                        initial=True)
    reason = forms.CharField(label="免許証の提出がない理由", max_length=200, required=False)


class ExplanationForm(forms.Form):
    explained_on = WarekiDateField(label="弁明の日", error_messages={"required": "弁明の日を入力してください。"})
    explanation = _text("弁明の要旨（弁明調書）", rows=3)


class PapersForm(forms.Form):
    sent_on = WarekiDateField(label="送付日", error_messages={"required": "送付日を入力してください。"})


class EarlyForm(forms.Form):
    licence_number = forms.CharField(label="免許証番号", max_length=12,
                                     error_messages={"required": "免許証番号を入力してください。"})
    reason = _text("早期に意見の聴取を行う理由（400文字以内）")


class DangerForm(forms.Form):
    licence_number = forms.CharField(label="免許証番号", max_length=12,
                                     error_messages={"required": "免許証番号を入力してください。"})
    kind = forms.ChoiceField(label="上申する処分", choices=[("", "選択してください"),
                                                       (DispositionKind.REVOCATION, "取消"),
                                                       (DispositionKind.SUSPENSION, "停止")],
                             error_messages={"required": "上申する処分を選んでください。",
                                             "invalid_choice": "上申する処分を一覧から選んでください。"})
    days = forms.CharField(label="停止の日数", required=False, max_length=4)
    years = forms.CharField(label="欠格期間（年）", required=False, max_length=2)
    summary = _text("上申の理由（危険性帯有の事実、400文字以内）")


@login_required
@domain_view
def queue(request):
    """The 仮停止 in force of the actor's prefecture, deadlines at risk marked."""
    return _queue_page(request, EarlyForm())


def _queue_page(request, early_form, status: int = 200):
    found = services.provisional_queue(request.user)
    return render(request, "dispositions/provisional_queue.html", {
        "rows": [(p, services.deadlines(p)) for p in found], "early": services.early_hearings(request.user),
        "may_report": allowed(request.user, REPORT_PROVISIONAL.name), "early_form": early_form}, status=status)


@require_POST
@login_required
@domain_view
@implements(services.request_early_hearing)
def early(request):
    """準仮停止 (規程第40条): the open 取消 case marked for an early 意見の聴取; then its page to serve the notice."""
    form = EarlyForm(request.POST)
    case = submit(request, form, lambda data: services.request_early_hearing(request.user, **data))
    if case is None:
        return _queue_page(request, form, 422)
    messages.success(request, "早期の意見の聴取の対象としました。意見の聴取通知書の期日を通知してください。")
    return redirect("dispositions:case", pk=case.pk)


@login_required
@domain_view
@implements(services.report_provisional_suspension)
def report(request):
    """The station's 仮停止等事案発生即報書 and the 仮停止."""
    authorize(request.user, REPORT_PROVISIONAL.name, action=services.Action.REPORT)
    form = ReportForm(request.POST or None)
    done = submit(request, form, lambda data: services.report_provisional_suspension(request.user, **data))
    if done is not None:
        messages.success(request, "仮停止をしました（仮停止・禁止処分通知書を印刷して交付してください）。")
        return redirect("dispositions:provisional_detail", pk=done.pk)
    return render(request, "dispositions/provisional_report.html", {"form": form},
                  status=422 if request.method == "POST" else 200)


@login_required
@domain_view
def detail(request, pk: int):
    return _page(request, services.get_provisional(request.user, pk))


def _page(request, provisional, failed: str = "", form=None):
    in_force = provisional.state == ProvisionalState.IN_FORCE
    handle = allowed(request.user, HANDLE_PROVISIONAL.name, provisional)
    may = {"explain": in_force and handle and not provisional.explained_on,
           "papers": handle and not provisional.papers_sent_on}
    forms_ = {"explain": ExplanationForm(), "papers": PapersForm()}
    if failed:
        forms_[failed] = form
    return render(request, "dispositions/provisional.html", {
        "p": provisional, "case": provisional.case, "deadlines": services.deadlines(provisional), "may": may,
        "forms": forms_, "licence": provisional.case.person.licences.order_by("-pk").first(),
    }, status=422 if failed else 200)


def _act(request, pk: int, name: str, form_class, action, done: str):
    provisional = services.load_provisional(pk)
    form = form_class(request.POST)
    if submit(request, form, lambda data: action(provisional, data)) is None:
        return _page(request, services.load_provisional(pk), name, form)
    messages.success(request, done)
    return redirect("dispositions:provisional_detail", pk=pk)


@require_POST
@login_required
@domain_view
@implements(services.record_explanation)
def explain(request, pk: int):
    return _act(request, pk, "explain", ExplanationForm,
                lambda p, d: services.record_explanation(request.user, p, **d), "弁明を記録しました。")


@require_POST
@login_required
@domain_view
@implements(services.record_papers_sent)
def papers(request, pk: int):
    return _act(request, pk, "papers", PapersForm, lambda p, d: services.record_papers_sent(request.user, p, **d),
                "関係書類の送付を記録しました。")


@login_required
@domain_view
def notice(request, pk: int):
    """仮停止・禁止処分通知書 (PDF, audited)."""
    provisional = services.load_provisional(pk)
    return pdf_page(request, lambda: provisional_notice(request.user, provisional))


@login_required
@domain_view
@implements(services.report_danger)
def danger(request):
    """The station's 危険性帯有等行政処分上申書: the case opens in the driver's home prefecture."""
    authorize(request.user, REPORT_DANGER.name, action=services.Action.DANGER)
    form = DangerForm(request.POST or None)
    case = submit(request, form, lambda data: services.report_danger(request.user, **data))
    if case is not None:
        messages.success(request, f"上申しました（処分事案 第{case.pk}号、決定権者 {case.get_authority_display()}・"
                                  f"{case.get_hearing_kind_display()}）。")
        return redirect("dispositions:danger")
    return render(request, "dispositions/danger_report.html", {"form": form},
                  status=422 if request.method == "POST" else 200)
