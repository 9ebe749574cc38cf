"""A kind issued from an application received through the 受験資格特例 (the law engine's eligibility answer kept on the
application: ``route: special``) is held as a 特例取得免許 (``LicenceKindHeld.special_course``); one received on the
normal route is not."""

from datetime import date

import pytest
from django.utils import timezone

from menkyo.cards import services
from menkyo.registry import services as registry
from menkyo.registry.models import LicenceKindHeld

pytestmark = pytest.mark.django_db


def issue(clerk, application):
    """Issue, showing the 大型車講習 終了証明書 (規程第13条第7項)."""
    shown = [{"course": "大型車講習", "number": "C-1", "completed_on": timezone.localdate()}]
    return services.issue_licence(clerk, application.pk, course_certificates=shown)


@pytest.mark.parametrize(("route", "special"), [("special", True), ("normal", False)])
def test_a_kind_added_through_the_special_route_is_a_special_kind_on_the_licence(centre_clerk, make_application,
                                                                                  system, holder_data, route, special):
    licence = registry.register_holder(system, dict(holder_data, birth_date=date(2006, 4, 2),
                                                    kinds={"普通": date(2024, 5, 1)}, issue_date=date(2024, 5, 1)))
    application = make_application(licence.person, kind="大型", application_type="additional")
    application.eligibility = {"eligible": True, "reasons": [], "route": route}
    application.save(update_fields=["eligibility"])
    issue(centre_clerk, application)
    held = {k.kind_id: k.special_course for k in LicenceKindHeld.objects.filter(licence=licence)}
    assert held == {"大型": special, "普通": False}
