"""暫定停止 pages (道路交通法第104条の2の3; 規程第34条第3項第4号・第5項): the 暫定停止 in force of the prefecture (those
to lift first) with the matters on which one may be made, the 公安委員会's form on a matter, one 暫定停止 with its
弁明 and 解除 forms, and its papers (暫定停止処分通知書, 運転免許効力停止処分解除通知書)."""

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_POST

from menkyo.core.forms import WarekiDateField
from menkyo.core.http import domain_view, submit
from menkyo.core.legal import implements
from menkyo.core.permissions import allowed, authorize
from menkyo.dispositions import interim as services
from menkyo.dispositions import medical
from menkyo.dispositions.interim_papers import interim_paper
from menkyo.dispositions.models import InterimState
from menkyo.dispositions.permissions import HANDLE_INTERIM, IMPOSE_INTERIM, LIFT_INTERIM
from menkyo.documents.http import pdf_page
from menkyo.rules import interim_suspension as law
from menkyo.rules import medical as medical_law


def _text(label: str, rows: int = 2, required: bool = True) -> forms.CharField:
    return forms.CharField(label=label, required=required, widget=forms.Textarea(attrs={"rows": rows}),
                           error_messages={"required": f"{label}を入力してください。"})


def _date(label: str) -> WarekiDateField:
    return WarekiDateField(label=label, error_messages={"required": f"{label}を入力してください。"})


class ImposeForm(forms.Form):
    basis = forms.ChoiceField(label="疑いの根拠（道路交通法第104条の2の3第1項）", widget=forms.RadioSelect,
                              initial="accident", required=False)
    accident_on = WarekiDateField(label="交通事故の日（交通事故の状況からの疑い）", required=False)
    diagnosed_on = WarekiDateField(label="医師の診断の日（医師の診断に基づく疑い、施行令第39条の2第1項）", required=False)
    accident = _text("交通事故の状況又は医師の診断の内容と、一定の病気等の疑いの理由（400文字以内）", rows=3)
    ends_on = _date("暫定停止の終期（3月を超えない範囲）")
    card_presented = forms.BooleanField(label="免許証の提出を受けた（マイナ免許証は記録を抹消）", required=False,
                                        initial=True)
    reason = forms.CharField(label="免許証の提出がない理由", max_length=200, required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["basis"].choices = [(code, row["label"]) for code, row in
                                        law.bases(timezone.localdate()).items()]

    def clean_basis(self) -> str:
        return self.cleaned_data["basis"] or "accident"  # the accident (第1項本文) unless the diagnosis is chosen


class ExplanationForm(forms.Form):
    explained_on = _date("弁明の日")
    explanation = _text("弁明の要旨（弁明調書）", rows=3)


class LiftForm(forms.Form):
    reason = _text("解除の理由（臨時適性検査の結果等、400文字以内）")


FORMS = {"explain": ExplanationForm, "lift": LiftForm}


@login_required
@domain_view
def queue(request):
    """The 暫定停止 in force of the actor's prefecture, and the matters on which one may be made."""
    found = services.interim_queue(request.user)
    candidates = [m for m in services.interim_candidates(request.user) if allowed(request.user, IMPOSE_INTERIM.name, m)]
    return render(request, "dispositions/interim_queue.html", {
        "rows": [(i, services.deadlines(i), services.must_lift(i)) for i in found], "candidates": candidates,
        "may_impose": bool(candidates)})


@login_required
@domain_view
@implements(services.impose_interim_suspension)
def impose(request, pk: int):
    """The 公安委員会's 暫定停止 on the matter ``pk`` (decided and executed at once)."""
    matter = medical.load_medical_matter(pk)
    authorize(request.user, IMPOSE_INTERIM.name, matter, action=services.Action.IMPOSE, person_id=matter.person_id)
    form = ImposeForm(request.POST or None)
    done = submit(request, form, lambda data: services.impose_interim_suspension(request.user, matter, **data))
    if done is not None:
        messages.success(request, "暫定停止をしました（暫定停止処分通知書を印刷して交付してください）。")
        return redirect("dispositions:interim_detail", pk=done.pk)
    return render(request, "dispositions/interim_impose.html", {
        "form": form, "m": matter, "ground": medical_law.grounds(matter.received_on).get(matter.ground),
        "latest": law.last_allowed_day(timezone.localdate()),
    }, status=422 if request.method == "POST" else 200)


@login_required
@domain_view
def detail(request, pk: int):
    return _page(request, services.get_interim(request.user, pk))


def _page(request, interim, failed: str = "", form=None):
    in_force = interim.state == InterimState.IN_FORCE
    may = {"explain": in_force and not interim.explained_on and allowed(request.user, HANDLE_INTERIM.name, interim),
           "lift": in_force and allowed(request.user, LIFT_INTERIM.name, interim)}
    forms_ = {name: (form if name == failed else cls()) for name, cls in FORMS.items()}
    matter = interim.matter
    return render(request, "dispositions/interim.html", {
        "i": interim, "case": interim.case, "m": matter, "deadlines": services.deadlines(interim), "may": may,
        "forms": forms_, "must_lift": services.must_lift(interim),
        "result": medical_law.results(matter.result_on)[matter.result] if matter.result else None,
        "licence": interim.case.person.licences.order_by("-pk").first(),
    }, status=422 if failed else 200)


def _act(request, pk: int, name: str, action, done: str):
    interim = services.load_interim(pk)
    form = FORMS[name](request.POST)
    if submit(request, form, lambda data: action(interim, data)) is None:
        return _page(request, services.load_interim(pk), name, form)
    messages.success(request, done)
    return redirect("dispositions:interim_detail", pk=pk)


@require_POST
@login_required
@domain_view
@implements(services.record_interim_explanation)
def explain(request, pk: int):
    return _act(request, pk, "explain", lambda i, d: services.record_interim_explanation(request.user, i, **d),
                "弁明を記録しました。")


@require_POST
@login_required
@domain_view
@implements(services.lift_interim_suspension)
def lift(request, pk: int):
    return _act(request, pk, "lift", lambda i, d: services.lift_interim_suspension(request.user, i, **d),
                "暫定停止を解除しました（運転免許効力停止処分解除通知書を印刷して通知してください）。")


@login_required
@domain_view
def paper(request, pk: int, paper: str):
    """暫定停止処分通知書 or 運転免許効力停止処分解除通知書 (PDF, audited)."""
    interim = services.load_interim(pk)
    return pdf_page(request, lambda: interim_paper(request.user, interim, paper))
