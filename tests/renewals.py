"""Holders whose renewal window contains today (規程第16条), for the renewal tests of counter, cards and
the browser: the birthday is today, so the window (a month before it to a month after) holds today
whatever the day the tests run (the dates follow timezone.localdate())."""

from datetime import date

from django.utils import timezone

from menkyo.core.actors import SystemActor
from menkyo.counter.models import QuestionnaireItem
from menkyo.registry.models import Licence
from menkyo.registry.services import register_holder
from menkyo.rules.dates import birthday_in, one_month_after

NO_TO_ALL = {item.value: False for item in QuestionnaireItem}


def birth_date_for(age: int, today: date | None = None) -> date:
    """A birth date whose ``age``-th birthday is today (29 February: the 28th)."""
    today = today or timezone.localdate()
    return birthday_in(today.year - age, date(2000, today.month, min(today.day, 28)
                                              if today.month == 2 else today.day))


def renewal_holder(holder_data: dict, *, age: int = 76, holding_form: str = "card", conditions=(),
                   name: str = "", kinds: dict[str, int] | None = None) -> Licence:
    """A 兵庫 holder of 普通 (acquired at 20; or of ``kinds`` {kind: age acquired}) aged ``age`` today,
    whose licence expires a month after today's birthday: inside the renewal window."""
    today = timezone.localdate()
    birth = birth_date_for(age, today)
    held = {kind: date(birth.year + at, 8, 1) for kind, at in (kinds or {"普通": 20}).items()}
    data = dict(holder_data, birth_date=birth, kinds=held,
                issue_date=date(birth.year + 20, 8, 1), conditions=list(conditions))
    if name:
        data["name"] = name
    licence = register_holder(SystemActor("test"), data)
    expiry = one_month_after(birthday_in(today.year, birth))
    Licence.objects.filter(pk=licence.pk).update(issue_date=birthday_in(today.year - 3, birth), expiry_date=expiry,
                                                 colour="gold", holding_form=holding_form)
    return Licence.objects.get(pk=licence.pk)


def renewal_data(licence: Licence, **extra) -> dict:
    return {"licence_number": licence.number, "questionnaire": dict(NO_TO_ALL), "documents": ["licence"], **extra}
