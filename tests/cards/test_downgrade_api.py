"""The 格下げ API (規程第16条第5項ただし書): the kinds judged against the failed 適性検査, the request with the
kinds kept (422 on ``kinds``, 409 when no 格下げ may be asked for, 403 for another prefecture), then the
renewal completed through the renewal API with the higher kind removed."""

import pytest
from tests.cards.test_downgrade import POOR_DEPTH, failed, truck_driver  # noqa: F401
from tests.cards.test_renewal import GOOD_EYES, aptitude, examiner, pay, receive  # noqa: F401

from menkyo.accounts.services import register_device
from menkyo.core.actors import SystemActor
from menkyo.counter import renewal as counter_renewal
from menkyo.registry.models import Licence

pytestmark = pytest.mark.django_db


def token(affiliation="28-002"):
    return register_device(SystemActor("test"), name="受付端末", kind="terminal", affiliation=affiliation,
                           roles=["counter"]).token


def call(client, method, url, bearer, body=None):
    return getattr(client, method)(url, body, content_type="application/json", HTTP_AUTHORIZATION=f"Bearer {bearer}")


def test_a_terminal_reads_the_kinds_and_asks_for_the_downgrade_then_renews(client, centre_clerk, failed,  # noqa: F811
                                                                           truck_driver):  # noqa: F811
    bearer = token()
    judged = call(client, "get", f"/api/v1/renewals/{failed.pk}/downgrade", bearer)
    assert judged.status_code == 200
    assert [(k["kind"], k["passed"]) for k in judged.json()] == [("大型", False), ("普自二", True)]
    bad = call(client, "post", f"/api/v1/renewals/{failed.pk}/downgrade", bearer, {"kinds": ["大型"]})
    assert bad.status_code == 422 and bad.json()["error"]["field"] == "kinds"
    assert bad.json()["error"]["code"] == "kind_not_passed"
    done = call(client, "post", f"/api/v1/renewals/{failed.pk}/downgrade", bearer, {"kinds": ["普自二"]})
    assert done.status_code == 200 and done.json()["application"]["state"] == "passed"
    again = call(client, "post", f"/api/v1/renewals/{failed.pk}/downgrade", bearer, {"kinds": ["普自二"]})
    assert again.status_code == 409 and again.json()["error"]["code"] == "no_downgrade"
    counter_renewal.record_lecture(centre_clerk, failed.pk, mode="in_person")
    pay(centre_clerk, failed, "renewal", "renewal_lecture_excellent")
    renewed = call(client, "post", f"/api/v1/renewals/{failed.pk}/renew", bearer, {})
    assert renewed.status_code == 200, renewed.json()
    assert list(Licence.objects.get(pk=truck_driver.pk).kinds.values_list("kind_id", flat=True)) == ["普自二"]


def test_another_prefectures_terminal_is_refused(client, failed, make_operator):  # noqa: F811
    bearer = token("27-002")
    response = call(client, "post", f"/api/v1/renewals/{failed.pk}/downgrade", bearer, {"kinds": ["普自二"]})
    assert response.status_code == 403 and call(client, "get", f"/api/v1/renewals/{failed.pk}/downgrade",
                                                bearer).status_code == 403
