"""Pages of the review of inquiries (照会履歴確認) for the 監査 role, and the supervisor's outcomes.

Views stay thin: every read and change is a service call (audited there).
CSV answers come from :func:`menkyo.core.http.csv_response` (BOM, no spreadsheet formulas).
"""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.cache import never_cache

from menkyo.core.errors import InvalidInput
from menkyo.core.http import add_domain_error, csv_response, domain_view
from menkyo.core.legal import implements
from menkyo.oversight import services
from menkyo.oversight.anomalies import PATTERNS
from menkyo.oversight.forms import AcknowledgeForm, PeriodForm, VerdictForm, WatchForm
from menkyo.oversight.models import REVIEWS
from menkyo.registry.models import Person

INQUIRY_HEADER = ["照会番号", "照会日時", "操作者", "所属", "照会事由", "照会方法", "該当者（登録番号）", "接続元", "端末"]


def _inquiry_cells(inquiry) -> list:
    office = inquiry.operator.affiliation_id if inquiry.operator else (inquiry.device.affiliation_id
                                                                       if inquiry.device else "")
    return [inquiry.pk, timezone.localtime(inquiry.made_at).strftime("%Y-%m-%d %H:%M:%S"), inquiry.actor, office,
            inquiry.purpose_recorded, inquiry.get_criteria_display(), " ".join(map(str, inquiry.person_ids)),
            inquiry.client_address or "", inquiry.terminal[:8]]


def _name_found(inquiries) -> None:
    """Set ``found`` on each inquiry: the (person id, name) of the persons it found, in one query.

    Staff see the holder's name, not the register's internal id (the page's read is audited by its service).
    """
    ids = {pid for inquiry in inquiries for pid in inquiry.person_ids}
    names = dict(Person.objects.filter(pk__in=ids).values_list("pk", "name")) if ids else {}
    for inquiry in inquiries:
        inquiry.found = [(pid, names.get(pid, "")) for pid in inquiry.person_ids]


def _scope(request, form):
    """The scope of a valid period form, or None (errors put on the form)."""
    if not form.is_valid():
        return None
    data = form.cleaned_data
    try:
        return services.scope_for(request.user, data.get("start"), data.get("end"), data.get("affiliation", ""))
    except InvalidInput as exc:
        add_domain_error(form, exc)
        return None


def _query(request) -> str:
    query = request.GET.copy()
    query.pop("format", None)
    return query.urlencode()


@never_cache
@login_required
@domain_view
@implements(services.register_flags)
def index(request):
    """The reports with their counts for the period, the offices' completion, search by operator/person."""
    services.authorize_view(request.user)
    form = PeriodForm(request.GET or None, actor=request.user)
    scope = _scope(request, form) if request.GET else services.scope_for(request.user)
    if request.method == "POST":
        form = PeriodForm(request.POST, actor=request.user)
        scope = _scope(request, form)
        if scope is not None:
            created = services.register_flags(request.user, scope)
            messages.success(request, f"検出された照会を審査対象に登録しました（新規 {created} 件）。")
            return redirect(f"{request.path}?start={scope.start}&end={scope.end}&affiliation={scope.affiliation}")
    counts = services.summary(request.user, scope) if scope else {}
    reports = [(p, counts.get(code)) for code, p in PATTERNS.items()]
    return render(request, "oversight/index.html", {"form": form, "scope": scope, "reports": reports,
                                                    "query": _query(request)})


@never_cache
@login_required
@domain_view
@implements(services.report)
def report(request, pattern):
    services.authorize_view(request.user)
    services.clean_pattern(pattern)
    form = PeriodForm(request.GET or None, actor=request.user)
    scope = _scope(request, form) if request.GET else services.scope_for(request.user)
    export = request.GET.get("format") == "csv"
    rows = services.report(request.user, pattern, scope, export=export) if scope else []
    if export and scope:
        return csv_response(f"oversight-{pattern}-{scope.start:%Y%m%d}-{scope.end:%Y%m%d}.csv",
                            [*INQUIRY_HEADER, "検出理由", "審査状態"],
                            ([*_inquiry_cells(r.inquiry), " / ".join(r.reasons),
                              r.review.get_state_display() if r.review else "未登録"] for r in rows))
    _name_found([r.inquiry for r in rows])
    return render(request, "oversight/report.html", {"form": form, "pattern": PATTERNS[pattern], "rows": rows,
                                                     "scope": scope, "query": _query(request)})


@never_cache
@login_required
@domain_view
@implements(services.decide)
def inquiry(request, inquiry_id):
    """The drill-down: one inquiry, the persons it found, its review and the verdict form."""
    services.authorize_view(request.user)
    form = VerdictForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        review_id = int(request.POST.get("review") or 0)
        try:
            services.decide(request.user, review_id, verdict=form.cleaned_data["verdict"],
                            note=form.cleaned_data["note"])
        except InvalidInput as exc:
            add_domain_error(form, exc)
        else:
            messages.success(request, "審査結果を記録しました。")
            return redirect(request.path)
    found, persons, review = services.inquiry_detail(request.user, inquiry_id)
    transitions = REVIEWS.available(request.user, review) if review else []
    return render(request, "oversight/inquiry.html", {"inquiry": found, "persons": persons, "review": review,
                                                      "form": form, "transitions": transitions},
                  status=400 if form.errors else 200)


@never_cache
@login_required
@domain_view
@implements(services.lookups_of_person)
def person(request, person_id):
    """この人を照会した者 (開示請求): printable, and as CSV."""
    export = request.GET.get("format") == "csv"
    found, rows = services.lookups_of_person(request.user, person_id, export=export)
    if export:
        return csv_response(f"inquiries-of-person-{person_id}.csv", INQUIRY_HEADER, (_inquiry_cells(i) for i in rows))
    _name_found(rows)
    return render(request, "oversight/person.html", {"person": found, "rows": rows, "now": timezone.now()})


@never_cache
@login_required
@domain_view
@implements(services.lookups_by_operator)
def operator(request, username):
    services.authorize_view(request.user)
    form = PeriodForm(request.GET or None, actor=request.user)
    scope = _scope(request, form) if request.GET else services.scope_for(request.user)
    export = request.GET.get("format") == "csv"
    rows = services.lookups_by_operator(request.user, username, scope, export=export) if scope else []
    if export and scope:
        return csv_response(f"inquiries-by-{username}.csv", INQUIRY_HEADER, (_inquiry_cells(i) for i in rows))
    _name_found(rows)
    return render(request, "oversight/operator.html", {"form": form, "username": username, "rows": rows,
                                                       "query": _query(request)})


@never_cache
@login_required
@domain_view
def offices(request):
    """Per office: inquiries, flagged, reviewed — the monthly completion (月次の審査完了状況)."""
    services.authorize_view(request.user)
    month = request.GET.get("month") or f"{timezone.localdate():%Y-%m}"
    error, lines = "", []
    try:
        lines = services.offices(request.user, services.month_scope(request.user, month))
    except InvalidInput as exc:
        error = exc.message
    return render(request, "oversight/offices.html", {"month": month, "lines": lines, "error": error},
                  status=400 if error else 200)


@never_cache
@login_required
@domain_view
@implements(services.acknowledge)
def outcomes(request):
    """The supervisor's list of lookups found 不適正, with the acknowledgement form."""
    form = AcknowledgeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.acknowledge(request.user, int(request.POST.get("review") or 0), note=form.cleaned_data["note"])
        except InvalidInput as exc:
            add_domain_error(form, exc)
        else:
            messages.success(request, "審査結果を確認しました。")
            return redirect(request.path)
    rows = services.outcomes(request.user)
    return render(request, "oversight/outcomes.html", {"rows": rows, "form": form,
                                                       "may_acknowledge": "decision" in request.user.role_set})


@never_cache
@login_required
@domain_view
@implements(services.add_to_watch_list)
def watch(request):
    form = WatchForm(request.POST or None)
    if request.method == "POST" and request.POST.get("remove"):
        services.remove_from_watch_list(request.user, int(request.POST["remove"]))
        messages.success(request, "注意リストから削除しました。")
        return redirect(request.path)
    if request.method == "POST" and form.is_valid():
        try:
            services.add_to_watch_list(request.user, form.cleaned_data["licence_number"],
                                       reason=form.cleaned_data["reason"])
        except InvalidInput as exc:
            add_domain_error(form, exc)
        else:
            messages.success(request, "注意リストに登録しました。")
            return redirect(request.path)
    return render(request, "oversight/watch.html", {"form": form, "rows": services.watch_list(request.user)})
