"""Audit trail API for the 監査 role: ``GET /api/v1/audit/events``.

Same filters, permission, prefecture scope and self-auditing
(``audit.event.view``) as the audit viewer; see :mod:`menkyo.audit.services`.
"""

from django.core.paginator import Paginator
from ninja import Query, Router

from menkyo.audit import services
from menkyo.audit.actions import Action
from menkyo.audit.forms import AuditFilterForm
from menkyo.audit.schemas import EventFilters, EventPage

router = Router(tags=["audit"])


@router.get("/events", response=EventPage, summary="監査記録の検索（照会履歴確認）")
def list_events(request, filters: Query[EventFilters]):
    """Events of the caller's prefecture, newest first, 50 per page. Requires the 監査 role."""
    actor = request.actor
    services.authorize_view(actor, Action.EVENTS_VIEW)
    form = AuditFilterForm(filters.model_dump(exclude={"page"}))
    if not form.is_valid():
        raise form.first_error()
    paginator = Paginator(services.search(actor, form), services.PAGE_SIZE)
    page = paginator.get_page(filters.page)
    items = list(page.object_list)
    services.record_view(actor, form, page=page.number, shown=len(items), channel="api")
    return {
        "count": paginator.count,
        "page": page.number,
        "pages": paginator.num_pages,
        "page_size": services.PAGE_SIZE,
        "items": items,
    }
