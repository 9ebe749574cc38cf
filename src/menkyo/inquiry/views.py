"""The counter's inquiry page (照会, 規程第45条): one box for a number or a name."""

import unicodedata

from django.contrib.auth.decorators import login_required
from django.shortcuts import render

from menkyo.core.errors import DomainError, InvalidInput
from menkyo.core.http import add_domain_error, domain_view
from menkyo.core.legal import implements
from menkyo.core.permissions import authorize
from menkyo.inquiry import services
from menkyo.inquiry.actions import Action
from menkyo.inquiry.disclosure import LABELS, Section, alerts_shown, history_label
from menkyo.inquiry.forms import InquiryForm, has_kanji, is_number
from menkyo.inquiry.permissions import MAKE_INQUIRY

FORM_FIELDS = {"licence_number": "query", "record_number": "query", "name_kana": "query", "name": "query",
               "purpose_note": "purpose_note", "case_number": "case_number", "birth_date": "birth_date",
               "purpose": "purpose"}


def criteria(query: str, birth_date: str, number_kind: str = "licence") -> dict:
    """What the one box holds: digits → a licence number (its check digit is checked, so a typing
    mistake is reported) or, when the clerk says so, the マイナ免許証's record number; a name with
    kanji → 氏名; otherwise カナ氏名."""
    if is_number(query):
        digits = unicodedata.normalize("NFKC", query).replace("-", "").replace(" ", "")
        return {"record_number": digits} if number_kind == "record" else {"licence_number": digits}
    return {"name" if has_kanji(query) else "name_kana": query, "birth_date": birth_date}


@login_required
@domain_view
@implements(services.make_inquiry)
def search(request):
    authorize(request.user, MAKE_INQUIRY.name, action=Action.HOLDER_INQUIRE)
    form = InquiryForm(request.POST or None)
    result = None
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            result = services.make_inquiry(
                request.user, purpose=data["purpose"], purpose_note=data["purpose_note"],
                case_number=data["case_number"],
                **criteria(data["query"], data["birth_date"], data["number_kind"] or "licence"))
        except services.TooManyInquiries as exc:
            form.add_error(None, exc.message)
            return render(request, "inquiry/search.html", {"form": form}, status=429)
        except DomainError as exc:
            if not isinstance(exc, InvalidInput):
                raise
            exc.field = FORM_FIELDS.get(exc.field or "", None)
            add_domain_error(form, exc)
    return render(request, "inquiry/search.html",
                  {"form": form, "result": result, "rows": _rows(result), "max_matches": services.MAX_MATCHES})


def _rows(result) -> list[dict]:
    """Each match with what this inquirer may see of it: alert entries, history lines (or None)."""
    if result is None:
        return []
    shows_history = result.disclosure.shows(Section.HISTORY)
    return [{"m": m, "alerts": alerts_shown(m.hits, result.disclosure),
             "history": [(e, history_label(e.event_type)) for e in m.history] if shows_history else None,
             "records": [(LABELS[Section(name)], lines) for name, lines in m.records.items()]}
            for m in result.matches]
