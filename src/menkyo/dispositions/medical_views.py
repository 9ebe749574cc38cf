"""一定の病気等 pages (規程第26条–第27条の3): the open matters of the prefecture with their deadlines, the receipt
form (医師の届出受理票 and the like), one matter with its review, 臨適通知・命令 and result forms, and its papers."""

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
from menkyo.dispositions import medical as services
from menkyo.dispositions.medical_papers import medical_paper
from menkyo.dispositions.models import DispositionKind, MedicalSource, MedicalState
from menkyo.dispositions.permissions import HANDLE_MEDICAL, RECEIVE_MEDICAL, RECORD_MEDICAL_RESULT
from menkyo.documents.http import pdf_page
from menkyo.rules import medical as law


def _choice(label: str, choices) -> forms.ChoiceField:
    return forms.ChoiceField(label=label, choices=[("", "選択してください"), *choices],
                             error_messages={"required": f"{label}を選んでください。",
                                             "invalid_choice": f"{label}を一覧から選んでください。"})


def _text(label: str, rows: int = 2, required: bool = True) -> forms.CharField:
    return forms.CharField(label=label, required=required, widget=forms.Textarea(attrs={"rows": rows}),
                           error_messages={"required": f"{label}を入力してください。"})


def _date(label: str) -> WarekiDateField:
    return WarekiDateField(label=label, error_messages={"required": f"{label}を入力してください。"})


def _labels(table: dict) -> list[tuple[str, str]]:
    return [(code, row["label"]) for code, row in table.items()]


class ReceiveForm(forms.Form):
    licence_number = forms.CharField(label="免許証番号", max_length=12,
                                     error_messages={"required": "免許証番号を入力してください。"})
    received_on = _date("受理日")
    reporter = forms.CharField(label="届出・報告をした者（医師の氏名・医療機関等）", max_length=100,
                               error_messages={"required": "届出・報告をした者を入力してください。"})
    summary = _text("届出・報告の内容（400文字以内）")

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        day = timezone.localdate()
        self.fields = {"source": _choice("端緒", MedicalSource.choices),
                       "ground": _choice("疑われる事由", _labels(law.grounds(day))), **self.fields}


class CloseForm(forms.Form):
    reason = _text("措置不要とする理由（400文字以内）")


class OrderForm(forms.Form):
    ordered_on = _date("通知・命令の日")
    due_on = _date("検査の期日・提出の期限")
    place = forms.CharField(label="検査の場所・依頼した医師・提出先", max_length=100,
                            error_messages={"required": "検査の場所・依頼した医師・提出先を入力してください。"})

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields = {"order_kind": _choice("通知・命令の種類", _labels(law.orders(timezone.localdate()))),
                       **self.fields}


class ResultForm(forms.Form):
    result_on = _date("検査・提出の日（不受検・不提出は確認の日）")
    note = _text("結果の内容（診断書・検査の所見、400文字以内）", required=False)
    kind = forms.ChoiceField(label="処分案（不適・不受検のとき）", required=False,
                             choices=[("", "（適・条件付き適のときは不要）"), *DispositionKind.choices[:4]])
    days = forms.CharField(label="停止・保留の日数", required=False, max_length=4)
    years = forms.CharField(label="欠格期間（年）", required=False, max_length=2)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields = {"result": _choice("結果", _labels(law.results(timezone.localdate()))), **self.fields}


class HandOverForm(forms.Form):
    reason = _text("引継ぎの連絡事項（400文字以内）", required=False)


FORMS = {"close": CloseForm, "order": OrderForm, "result": ResultForm, "hand_over": HandOverForm}


@login_required
@domain_view
def queue(request):
    """The open matters of the actor's prefecture: the day set for the test or the 診断書, at risk marked."""
    found = services.medical_queue(request.user)
    return render(request, "dispositions/medical_queue.html", {
        "rows": [(m, services.deadlines(m)) for m in found],
        "may_receive": allowed(request.user, RECEIVE_MEDICAL.name)})


@login_required
@domain_view
@implements(services.receive_medical_report)
def receive(request):
    """医師の届出 (or a report, a station's 通報): the receipt (医師の届出受理票)."""
    authorize(request.user, RECEIVE_MEDICAL.name, action=services.Action.RECEIVE)
    form = ReceiveForm(request.POST or None)
    done = submit(request, form, lambda data: services.receive_medical_report(request.user, **data))
    if done is not None:
        messages.success(request, f"受理しました（一定の病気等の事案 第{done.pk}号）。受理票を印刷してください。")
        if allowed(request.user, "dispositions.view_medical", done):
            return redirect("dispositions:medical_detail", pk=done.pk)
        return redirect("dispositions:medical_receive")
    return render(request, "dispositions/medical_receive.html", {"form": form},
                  status=422 if request.method == "POST" else 200)


@login_required
@domain_view
def detail(request, pk: int):
    return _page(request, services.get_medical_matter(request.user, pk))


def _page(request, matter, failed: str = "", form=None):
    handle = allowed(request.user, HANDLE_MEDICAL.name, matter)
    may = {"close": handle and matter.state == MedicalState.RECEIVED,
           "order": handle and matter.state == MedicalState.RECEIVED,
           "result": matter.state == MedicalState.ORDERED and allowed(request.user, RECORD_MEDICAL_RESULT.name, matter),
           "hand_over": handle and matter.is_open and matter.person.home_prefecture_id != matter.prefecture_id}
    forms_ = {name: (form if name == failed else cls()) for name, cls in FORMS.items()}
    return render(request, "dispositions/medical.html", {
        "m": matter, "may": may, "forms": forms_, "deadlines": services.deadlines(matter),
        "order": law.orders(matter.ordered_on)[matter.order_kind] if matter.order_kind else None,
        "result": law.results(matter.result_on)[matter.result] if matter.result else None,
        "ground": law.grounds(matter.received_on).get(matter.ground),
        "licence": matter.person.licences.order_by("-pk").first(),
    }, status=422 if failed else 200)


def _act(request, pk: int, name: str, action, done: str):
    matter = services.load_medical_matter(pk)
    form = FORMS[name](request.POST)
    if submit(request, form, lambda data: action(matter, data)) is None:
        return _page(request, services.load_medical_matter(pk), name, form)
    messages.success(request, done)
    return redirect("dispositions:medical_detail", pk=pk)


@require_POST
@login_required
@domain_view
@implements(services.close_medical_matter)
def close(request, pk: int):
    return _act(request, pk, "close", lambda m, d: services.close_medical_matter(request.user, m, **d),
                "措置不要として終結しました。")


@require_POST
@login_required
@domain_view
@implements(services.order_medical_test)
def order(request, pk: int):
    return _act(request, pk, "order", lambda m, d: services.order_medical_test(request.user, m, **d),
                "臨適通知・命令を登録しました。通知書・命令書を印刷して交付してください。")


@require_POST
@login_required
@domain_view
@implements(services.record_medical_result)
def result(request, pk: int):
    return _act(request, pk, "result", lambda m, d: services.record_medical_result(
        request.user, m, result=d["result"], result_on=d["result_on"], note=d["note"], kind=d["kind"],
        days=d["days"] or None, years=d["years"] or None), "結果を登録しました。")


@require_POST
@login_required
@domain_view
@implements(services.hand_over_medical_matter)
def hand_over(request, pk: int):
    matter = services.load_medical_matter(pk)
    form = HandOverForm(request.POST)
    if submit(request, form, lambda d: services.hand_over_medical_matter(request.user, matter, **d)) is None:
        return _page(request, services.load_medical_matter(pk), "hand_over", form)
    messages.success(request, f"変更後の住所地（{matter.prefecture.name}）に引き継ぎました。")
    return redirect("dispositions:medical")


@login_required
@domain_view
def paper(request, pk: int, paper: str):
    """受理票 or 臨時適性検査通知書 / 診断書提出命令書 / 適性検査受検命令書 (PDF, audited)."""
    matter = services.load_medical_matter(pk)
    return pdf_page(request, lambda: medical_paper(request.user, matter, paper))
