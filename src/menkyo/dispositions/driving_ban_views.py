"""運転禁止 pages (道路交通法第107条の5; 規程第30条第2項, 第31条第2項, 第49条): the prefecture's permits and bans, the
registration of a 国際運転免許証・外国運転免許証 and its holder, the permit with the opening of a case, and one ban
with its proposal (paragraph and days), its execution (処分書, the permit held), the permit's return and its papers.
The 意見の聴取 and the decision are part 2's case page."""

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
from menkyo.dispositions import driving_ban as services
from menkyo.dispositions import provisional_ban
from menkyo.dispositions.ban_paper_views import BanAppearanceOrderForm
from menkyo.dispositions.driving_ban_papers import driving_ban_paper
from menkyo.dispositions.models import CaseState, PermitType
from menkyo.dispositions.permissions import (
    EXECUTE_DRIVING_BAN,
    OPEN_DRIVING_BAN,
    PREPARE,
    REGISTER_FOREIGN_PERMIT,
    REPORT_PROVISIONAL_BAN,
    RETURN_FOREIGN_PERMIT,
)
from menkyo.documents.http import pdf_page
from menkyo.registry.models import Sex
from menkyo.rules import driving_ban as law


def _required(label: str, **extra) -> dict:
    return {"label": label, "error_messages": {"required": f"{label}を入力してください。"}, **extra}


class PermitForm(forms.Form):
    permit_type = forms.ChoiceField(**_required("免許証の種類", choices=PermitType.choices))
    issuing_country = forms.CharField(**_required("発給国・地域", max_length=40))
    permit_number = forms.CharField(**_required("免許証の番号", max_length=40))
    valid_until = WarekiDateField(**_required("有効期限"))
    name = forms.CharField(**_required("氏名（旅券等の表記）", max_length=60))
    name_kana = forms.CharField(**_required("フリガナ（カタカナ）", max_length=120))
    birth_date = WarekiDateField(**_required("生年月日"))
    sex = forms.ChoiceField(**_required("性別", choices=[("", "選択してください"), *Sex.choices]))
    nationality = forms.CharField(**_required("国籍等", max_length=40))
    postal_code = forms.CharField(**_required("住所地・居所の郵便番号", max_length=8))
    address = forms.CharField(**_required("住所地・居所", max_length=200))

    def holder(self, data: dict) -> dict:
        keys = ("name", "name_kana", "birth_date", "sex", "nationality", "postal_code", "address")
        return {key: data[key] for key in keys}


class OpenForm(forms.Form):
    ground = forms.CharField(**_required("運転禁止の事由（400文字以内）", widget=forms.Textarea(attrs={"rows": 2})))
    facts = forms.CharField(**_required("違反・事故の事実（1000文字以内）", widget=forms.Textarea(attrs={"rows": 3})))


class ProposeForm(forms.Form):
    paragraph = forms.ChoiceField(**_required("根拠（道路交通法第107条の5）", choices=()))
    days = forms.IntegerField(**_required("運転禁止の日数", min_value=1))
    reason = forms.CharField(label="審査の所見", required=False, widget=forms.Textarea(attrs={"rows": 2}))

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        table = law.paragraphs(timezone.localdate())
        self.fields["paragraph"].choices = [("", "選択してください"), *((k, v["label"]) for k, v in table.items())]


class ExecuteForm(forms.Form):
    permit_presented = forms.BooleanField(label="国際運転免許証等の提出を受けた（保管する）", required=False, initial=True)
    reason = forms.CharField(label="提出がない理由", max_length=200, required=False)


class ReturnForm(forms.Form):
    reason = forms.CharField(label="返還の記録（任意）", max_length=200, required=False)


FORMS = {"propose": ProposeForm, "execute": ExecuteForm, "return": ReturnForm,
         "appearance_order": BanAppearanceOrderForm}  # the 出頭命令書 (``ban_paper_views``)


@login_required
@domain_view
def queue(request):
    """The prefecture's bans to execute, in force, under review, and the permits registered."""
    lists = services.ban_lists(request.user)
    return render(request, "dispositions/driving_bans.html", {
        **lists, "may_register": REGISTER_FOREIGN_PERMIT.who.test(request.user)})


@login_required
@domain_view
@implements(services.register_foreign_permit)
def register(request):
    """Register a 国際運転免許証・外国運転免許証 and its holder."""
    form = PermitForm(request.POST or None)
    done = submit(request, form, lambda d: services.register_foreign_permit(
        request.user, permit_type=d["permit_type"], issuing_country=d["issuing_country"],
        permit_number=d["permit_number"], valid_until=d["valid_until"], holder=form.holder(d)))
    if done is not None:
        messages.success(request, "国際運転免許証等を登録しました。")
        return redirect("dispositions:foreign_permit", pk=done.pk)
    return render(request, "dispositions/foreign_permit_register.html", {"form": form},
                  status=422 if request.method == "POST" else 200)


@login_required
@domain_view
def permit(request, pk: int):
    return _permit_page(request, services.get_foreign_permit(request.user, pk))


def _permit_page(request, found, form=None, provisional_form=None):
    may_open = allowed(request.user, OPEN_DRIVING_BAN.name, found)
    return render(request, "dispositions/foreign_permit.html", {
        "p": found, "bans": list(found.bans.select_related("case").order_by("-pk")), "may_open": may_open,
        "form": form or OpenForm(), "provisional_bans": list(found.provisional_bans.order_by("-pk")),
        "may_provisional": allowed(request.user, REPORT_PROVISIONAL_BAN.name),
        "provisional_form": provisional_form or ProvisionalBanForm(),
    }, status=422 if form is not None or provisional_form is not None else 200)


@require_POST
@login_required
@domain_view
@implements(services.open_driving_ban_case)
def open_case(request, pk: int):
    found = services.load_permit(pk)
    authorize(request.user, OPEN_DRIVING_BAN.name, found, action=services.Action.OPEN, person_id=found.person_id)
    form = OpenForm(request.POST)
    done = submit(request, form, lambda d: services.open_driving_ban_case(request.user, found, **d))
    if done is None:
        return _permit_page(request, found, form)
    messages.success(request, "運転禁止の処分事案を開始しました。根拠と期間を審査してください。")
    return redirect("dispositions:driving_ban", pk=done.pk)


@login_required
@domain_view
def detail(request, pk: int):
    return _page(request, services.get_driving_ban(request.user, pk))


def _page(request, ban, failed: str = "", form=None):
    case = ban.case
    may = {"propose": case.state == CaseState.REVIEW and allowed(request.user, PREPARE.name, case),
           "execute": case.state == CaseState.DECIDED and allowed(request.user, EXECUTE_DRIVING_BAN.name, case),
           "return": ban.holds_permit and ban.ends_on <= timezone.localdate()
           and allowed(request.user, RETURN_FOREIGN_PERMIT.name, ban)}
    forms_ = {name: (form if name == failed else cls()) for name, cls in FORMS.items()}
    return render(request, "dispositions/driving_ban.html", {
        "b": ban, "case": case, "p": ban.permit, "may": may, "forms": forms_,
        "hint": services.period_hint(timezone.localdate()),
        "paragraph": law.paragraphs(timezone.localdate()).get(ban.paragraph),
        "decided": bool(case.decided_kind == "driving_ban"),
    }, status=422 if failed else 200)


def _act(request, pk: int, name: str, action, done: str):
    ban = services.load_ban(pk)
    form = FORMS[name](request.POST)
    if submit(request, form, lambda data: action(ban, data)) is None:
        return _page(request, services.load_ban(pk), name, form)
    messages.success(request, done)
    return redirect("dispositions:driving_ban", pk=pk)


@require_POST
@login_required
@domain_view
@implements(services.propose_driving_ban)
def propose(request, pk: int):
    return _act(request, pk, "propose", lambda b, d: services.propose_driving_ban(request.user, b, **d),
                "処分案（運転禁止）を記録しました。処分事案の画面で意見の聴取の期日を通知してください。")


@require_POST
@login_required
@domain_view
@implements(services.execute_driving_ban)
def execute(request, pk: int):
    return _act(request, pk, "execute", lambda b, d: services.execute_driving_ban(request.user, b, **d),
                "運転禁止を執行しました（処分書を印刷して交付してください）。")


@require_POST
@login_required
@domain_view
@implements(services.return_foreign_permit)
def return_permit(request, pk: int):
    return _act(request, pk, "return", lambda b, d: services.return_foreign_permit(request.user, b, **d),
                "国際運転免許証等を返還しました。")


@login_required
@domain_view
def paper(request, pk: int, paper: str):
    """自動車等の運転禁止処分決定書 or 自動車等運転禁止処分書 (PDF, audited)."""
    ban = services.load_ban(pk)
    return pdf_page(request, lambda: driving_ban_paper(request.user, ban, paper))


# --- 仮禁止 (法第107条の5第10項 applying 第103条の2) ---------------------------------------------------------------


class ProvisionalBanForm(forms.Form):
    accident_on = WarekiDateField(**_required("事故の日"))
    ground = forms.ChoiceField(**_required("仮禁止の事由（第103条の2第1項各号）", choices=[
        ("", "選択してください"), *provisional_ban.GROUNDS.items()]))
    summary = forms.CharField(**_required("事案の概要（400文字以内）", widget=forms.Textarea(attrs={"rows": 2})))
    permit_presented = forms.BooleanField(label="国際運転免許証等の提出を受けた（保管する）", required=False, initial=True)
    reason = forms.CharField(label="提出がない理由", max_length=200, required=False)


class ExplanationForm(forms.Form):
    explained_on = WarekiDateField(**_required("弁明の日"))
    explanation = forms.CharField(**_required("弁明の要旨（弁明調書）", widget=forms.Textarea(attrs={"rows": 3})))


@require_POST
@login_required
@domain_view
@implements(provisional_ban.report_provisional_ban)
def report_provisional(request, pk: int):
    found = services.load_permit(pk)
    authorize(request.user, REPORT_PROVISIONAL_BAN.name, action=provisional_ban.Action.REPORT,
              person_id=found.person_id)
    form = ProvisionalBanForm(request.POST)
    done = submit(request, form, lambda d: provisional_ban.report_provisional_ban(request.user, found, **d))
    if done is None:
        return _permit_page(request, found, provisional_form=form)
    messages.success(request, "仮禁止をしました（国際運転免許証等を保管し、弁明の機会を与えてください）。")
    return redirect("dispositions:provisional_ban", pk=done.pk)


@login_required
@domain_view
def provisional_detail(request, pk: int):
    return _provisional_page(request, provisional_ban.get_provisional_ban(request.user, pk))


def _provisional_page(request, ban, form=None):
    may = ban.state == "in_force" and not ban.explained_on and allowed(
        request.user, "dispositions.handle_provisional_ban", ban)
    return render(request, "dispositions/provisional_ban.html", {
        "b": ban, "p": ban.permit, "deadlines": provisional_ban.deadlines(ban), "may_explain": may,
        "form": form or ExplanationForm()}, status=422 if form is not None else 200)


@require_POST
@login_required
@domain_view
@implements(provisional_ban.record_provisional_ban_explanation)
def provisional_explain(request, pk: int):
    ban = provisional_ban.load_provisional_ban(pk)
    form = ExplanationForm(request.POST)
    if submit(request, form, lambda d: provisional_ban.record_provisional_ban_explanation(request.user, ban, **d)) is None:
        return _provisional_page(request, provisional_ban.load_provisional_ban(pk), form)
    messages.success(request, "弁明を記録しました。")
    return redirect("dispositions:provisional_ban", pk=pk)
