"""Register pages: look up a licence by number, the person/licence page, change of particulars."""

from urllib.parse import urlencode

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render
from django.urls import reverse

from menkyo.core.errors import DomainError, NotPermitted
from menkyo.core.http import domain_view, submit
from menkyo.core.legal import implements
from menkyo.core.permissions import allowed, authorize
from menkyo.registry import services
from menkyo.registry.actions import Action
from menkyo.registry.forms import LookupForm, ParticularsForm
from menkyo.registry.models import CURRENT_STATUSES, LicenceStatus
from menkyo.registry.permissions import LOOK_UP_HOLDER
from menkyo.registry.purposes import ReadPurpose

PURPOSE_PARAMS = ("purpose", "purpose_text", "case_number")


def licence_url(number: str, purpose: str, purpose_text: str = "", case_number: str = "") -> str:
    """The licence page for a read with this 照会事由 (empty parameters left out)."""
    query = {k: v for k, v in zip(PURPOSE_PARAMS, (purpose, purpose_text, case_number), strict=True) if v}
    return f"{reverse('registry:licence_detail', args=[number])}?{urlencode(query)}"


@login_required
@domain_view
def lookup(request):
    """Enter a licence number and the 照会事由; a wrong check digit is reported before any search."""
    authorize(request.user, LOOK_UP_HOLDER.name, action=Action.LOOKUP_OPEN)
    form = LookupForm(request.GET or None)
    if form.is_valid():
        try:
            number = services.parse_licence_number(form.cleaned_data["number"])
        except DomainError as exc:
            form.add_error("number", exc.message)
        else:
            return redirect(licence_url(number, *(form.cleaned_data[k] for k in PURPOSE_PARAMS)))
    return render(request, "registry/lookup.html", {"form": form})


@login_required
@implements(services.read_licence)
def licence_detail(request, number):
    """The person/licence page: kinds, conditions, status and the history timeline (audited read).

    The read needs a 照会事由 (``purpose``, ``purpose_text``, ``case_number`` from the lookup form);
    without one the lookup form comes back with the error and nothing is read.
    """
    given = {k: request.GET.get(k, "") for k in PURPOSE_PARAMS}
    try:
        licence = services.read_licence(request.user, number, **given)
    except DomainError as exc:
        status = 403 if isinstance(exc, NotPermitted) else exc.status
        return render(request, "registry/lookup.html",
                      {"form": LookupForm(initial={"number": number, **given}), "error": exc.message},
                      status=status)
    person = licence.person
    context = {
        "licence": licence,
        "person": person,
        "kinds": licence.kinds.all(),
        "history": services.history_for(request.user, person),
        "provisional_licences": person.provisional_licences.select_related("kind").order_by("-issue_date"),
        "show_honseki": services.may_see_honseki(request.user),
        "may_change": services.allowed_to_change(request.user, licence),
        # 再交付 (規程第15条) and 申請による取消し (第41条の3) are the cards app's pages: named by rule, not imported.
        "may_reissue": licence.status == LicenceStatus.VALID and allowed(request.user, "cards.reissue_licence", licence),
        "may_cancel": licence.status == LicenceStatus.VALID and allowed(request.user, "cards.cancel_licence", licence),
        "may_mynumber": allowed(request.user, "cards.handle_mynumber_licence", licence),  # 規程第15条の2–4
        # 運転経歴証明書 (規程第42条) is the driving_history app's page, for a licence that has ended.
        "may_see_history_certificate": licence.status not in CURRENT_STATUSES
        and allowed(request.user, "driving_history.view_certificate", person),
    }
    return render(request, "registry/licence_detail.html", context)


@login_required
@domain_view
@implements(services.change_particulars)
def change_particulars(request, person_id):
    """Register a notified change of name, reading, alias or address (規程第14条).

    Reading the person here is the counter's business itself: 照会事由 窓口事務.
    """
    try:
        person = services.read_person(request.user, person_id, purpose=ReadPurpose.COUNTER)
    except DomainError as exc:
        return render(request, "registry/error.html", {"error": exc.message}, status=exc.status)
    licence = person.current_licence
    initial = {f: getattr(person, f) for f in ("name", "name_kana", "alias", "postal_code", "address")}
    initial["version"] = person.version
    form = ParticularsForm(request.POST or None, initial=initial)

    def change(data):
        changes = {f: data[f] for f in initial if f != "version" and data[f] != initial[f]}
        return services.change_particulars(request.user, person.pk, changes, reason=data["reason"],
                                           expected_version=data.get("version"))

    if submit(request, form, change):
        messages.success(request, "記載事項の変更を登録しました。")
        return redirect(licence_url(licence.number, ReadPurpose.COUNTER)) if licence else redirect("web:dashboard")
    back = licence_url(licence.number, ReadPurpose.COUNTER) if licence else None
    return render(request, "registry/change_particulars.html",
                  {"form": form, "person": person, "licence": licence, "back": back})
