"""事後取消し・事後停止 pages (規程第41条の4; 道路交通法第90条第5項・第6項): the prefecture's cases of the type and,
for 「審査」, the form that opens one (免許証番号, the standard met before the licence, the days or 欠格期間, what
was found). The case then continues on its ordinary page (弁明, decision, execution)."""

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render
from django.utils import timezone

from menkyo.core.http import domain_view, submit
from menkyo.core.legal import implements
from menkyo.dispositions import post_issue
from menkyo.dispositions.permissions import OPEN_POST_ISSUE
from menkyo.rules import post_issue as law


class OpenForm(forms.Form):
    licence_number = forms.CharField(label="免許証番号", max_length=12,
                                     error_messages={"required": "免許証番号を入力してください。"})
    standard = forms.ChoiceField(label="免許を受ける前に該当した基準",
                                 choices=[("", "選択してください"), *law.STANDARD_LABELS.items()],
                                 error_messages={"required": "免許を受ける前に該当した基準を選んでください。",
                                                 "invalid_choice": "免許を受ける前に該当した基準を一覧から選んでください。"})
    days = forms.IntegerField(label="停止の日数（事後停止・180日以内）", required=False, min_value=1,
                              error_messages={"invalid": "停止の日数を数字で入力してください。"})
    years = forms.IntegerField(label="欠格期間（年）（事後取消し）", required=False, min_value=1,
                               error_messages={"invalid": "欠格期間を数字で入力してください。"})
    finding = forms.CharField(label="判明した事実（免許を受ける前の違反行為等、400文字以内）", max_length=400,
                              widget=forms.Textarea(attrs={"rows": 3}),
                              error_messages={"required": "判明した事実を入力してください。"})


@login_required
@domain_view
@implements(post_issue.open_post_issue_case)
def post_issue_list(request):
    """The list, and the opening form for those who may open a case (POST)."""
    rows = post_issue.post_issue_cases(request.user)
    may_open = OPEN_POST_ISSUE.who.test(request.user)
    form = OpenForm(request.POST or None) if may_open else None
    if form is not None and request.method == "POST":
        case = submit(request, form, lambda data: post_issue.open_post_issue_case(request.user, **data))
        if case is not None:
            messages.success(request, f"{case.authority_result['label']}の処分事案（第{case.pk}号）を開始しました。"
                                      "弁明の機会の付与から進めてください。")
            return redirect("dispositions:case", pk=case.pk)
    return render(request, "dispositions/post_issue.html",
                  {"cases": rows, "form": form, "max_days": law.max_suspension_days(timezone.localdate())},
                  status=422 if request.method == "POST" else 200)
