"""``{% handoff_panel case %}``: the case page's 移送・執行依頼 card — the case's hand-offs and, for a
「審査」 operator of the case's prefecture whose driver lives elsewhere, the send form."""

from django import template

from menkyo.core.models import Prefecture
from menkyo.core.permissions import allowed
from menkyo.dispositions.handoff_views import SendForm
from menkyo.dispositions.handoffs import handoffs_of
from menkyo.dispositions.permissions import SEND_HANDOFF

register = template.Library()


@register.inclusion_tag("dispositions/_handoff_panel.html", takes_context=True)
def handoff_panel(context, case):
    user = context["request"].user
    home_id = case.person.home_prefecture_id
    home = Prefecture.objects.filter(pk=home_id).first() if home_id and home_id != case.prefecture_id else None
    elsewhere = home is not None
    return {"case": case, "handoffs": handoffs_of(case), "form": SendForm(), "csrf_token": context.get("csrf_token"),
            "home": home, "may_send": elsewhere and allowed(user, SEND_HANDOFF.name, case)}
