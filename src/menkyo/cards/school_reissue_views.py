"""The staff page of the 仮免許証 reissues applied for by schools (規程第15条第6項): the open
applications of the prefecture, each accepted through the ordinary reissue (第15条第2項) or returned with a
reason."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST

from menkyo.cards import school_reissue as services
from menkyo.core.errors import DomainError, InvalidInput, NotPermitted
from menkyo.core.http import domain_view
from menkyo.core.legal import implements


@login_required
@domain_view
def queue(request, status=200):
    return render(request, "cards/school_reissues.html",
                  {"applications": services.school_applications(request.user)}, status=status)


@require_POST
@login_required
@domain_view
@implements(services.accept_school_provisional_reissue)
def accept(request, pk: int):
    try:
        job = services.accept_school_provisional_reissue(request.user, pk)
    except NotPermitted:
        raise
    except DomainError as exc:
        messages.error(request, exc.message)
        return queue(request, status=409)
    messages.success(request, f"教習所からの申請を受理し、仮免許証の作成を依頼しました（事務処理票番号 {job.slip_number}）。"
                              "作成後、本日交付してください。")
    return redirect("cards:job", pk=job.pk)


@require_POST
@login_required
@domain_view
@implements(services.return_school_provisional_reissue)
def return_application(request, pk: int):
    try:
        services.return_school_provisional_reissue(request.user, pk, reason=request.POST.get("reason", ""))
    except NotPermitted:
        raise
    except DomainError as exc:
        messages.error(request, exc.message)
        return queue(request, status=422 if isinstance(exc, InvalidInput) else 409)
    messages.success(request, "教習所からの申請を理由を付して返戻しました。教習所端末に理由が表示されます。")
    return redirect("cards:school_reissues")
