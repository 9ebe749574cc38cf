"""The 経由地 corrects a 経由申請 the 住所地 returned and sends it again (the return and the resend are not named
in 規程第17条の2; this system's reading): only the 経由地, only a returned file, with what was corrected; the
住所地 then sees it again, with the correction, and accepts it (or returns it once more)."""

import pytest
from django.utils import timezone
from tests.cards.test_via import holder, osaka_clerk, osaka_examiner, ready, receive, sent  # noqa: F401

from menkyo.audit.models import AuditEvent
from menkyo.core.errors import Conflict, InvalidInput, NotPermitted
from menkyo.counter import via
from menkyo.counter.models import ViaRenewal
from menkyo.registry.models import HistoryEvent

pytestmark = pytest.mark.django_db

REASON = "経由申請書の写真が不鮮明なため"
FIX = "申請用写真を撮り直し、経由申請書を作り直した"


@pytest.fixture
def returned(sent, centre_clerk):  # noqa: F811
    return via.return_via_renewal(centre_clerk, sent.pk, reason=REASON)


def snapshot(item):
    row = ViaRenewal.objects.get(pk=item.pk)
    return row.state, row.resent_on, row.resend_reason, HistoryEvent.objects.filter(
        event_type="via_renewal.resent").count()


def test_the_via_prefecture_resends_a_corrected_file_which_the_home_prefecture_then_accepts(
        returned, osaka_clerk, centre_clerk, holder):  # noqa: F811
    resent = via.resend_via_renewal(osaka_clerk, returned.pk, reason=f" {FIX} ")
    today = timezone.localdate()
    assert (resent.state, resent.resent_on, resent.sent_on, resent.resend_reason) == ("sent", today, today, FIX)
    assert resent.return_reason == REASON  # the return stays on the file
    event = AuditEvent.objects.get(action="counter.via_renewal.resend", outcome="ok")
    assert (event.detail["reason"], event.detail["legal_basis"]) == (FIX, "規程第17条の2")
    history = HistoryEvent.objects.get(person_id=holder.person_id, event_type="via_renewal.resent")
    assert history.reason == FIX
    assert [r.pk for r in via.via_register(centre_clerk, "received")] == [returned.pk]
    assert via.accept_via_renewal(centre_clerk, returned.pk).state == "accepted"


def test_only_the_via_prefecture_resends(returned, centre_clerk, expect_one_denial):
    before = snapshot(returned)
    with expect_one_denial("counter.send_via_renewal", "counter.via_renewal.resend"), pytest.raises(NotPermitted):
        via.resend_via_renewal(centre_clerk, returned.pk, reason=FIX)
    assert snapshot(returned) == before


@pytest.mark.parametrize("reason, code", [("", "reason_required"), ("  ", "reason_required"),
                                          ("あ" * 201, "too_long")])
def test_the_correction_must_be_said_in_at_most_200_characters(returned, osaka_clerk, reason, code):  # noqa: F811
    before = snapshot(returned)
    with pytest.raises(InvalidInput) as exc:
        via.resend_via_renewal(osaka_clerk, returned.pk, reason=reason)
    assert (exc.value.code, exc.value.field) == (code, "reason") and exc.value.message
    assert snapshot(returned) == before


def test_a_file_not_returned_is_not_resent(sent, osaka_clerk):  # noqa: F811
    with pytest.raises(Conflict) as exc:
        via.resend_via_renewal(osaka_clerk, sent.pk, reason=FIX)
    assert exc.value.message.startswith("「住所地へ送付済」の経由申請は再送付できません")
    assert ViaRenewal.objects.get(pk=sent.pk).resent_on is None


def test_a_withdrawn_file_is_not_resent(returned, osaka_clerk):  # noqa: F811
    via.withdraw_via_renewal(osaka_clerk, returned.pk, reason="本人の申出")
    with pytest.raises(Conflict):
        via.resend_via_renewal(osaka_clerk, returned.pk, reason=FIX)
    assert ViaRenewal.objects.get(pk=returned.pk).state == "withdrawn"


def test_the_pages_offer_the_resend_to_the_via_prefecture_and_show_the_correction_to_the_home_prefecture(
        client, login_as, returned, osaka_clerk, centre_clerk):  # noqa: F811
    url = f"/counter/via-renewals/{returned.pk}/"
    login_as(client, osaka_clerk)
    assert "補正の上、住所地へ再送付する" in client.get(url).content.decode()
    refused = client.post(f"{url}resend/", {"reason": ""})
    assert refused.status_code == 409 and "何を補正したかを入力してください" in refused.content.decode()
    done = client.post(f"{url}resend/", {"reason": FIX}, follow=True)
    assert "補正した経由申請を住所地の公安委員会へ再送付しました。" in done.content.decode()
    login_as(client, centre_clerk)
    shown = client.get(url).content.decode()
    assert FIX in shown and "点検して受理する" in shown and "再送付する" not in shown


def test_the_api_resends_and_answers_bad_input_with_a_structured_error(client, returned, make_actor):
    token = make_actor("counter", "other", "device").token  # a 大阪 terminal: the 経由地's side
    post = lambda body: client.post(f"/api/v1/via-renewals/{returned.pk}/resend", body,  # noqa: E731
                                    content_type="application/json", HTTP_AUTHORIZATION=f"Bearer {token}")
    error = post({"reason": ""})
    assert error.status_code == 422 and error.json()["error"]["field"] == "reason"
    response = post({"reason": FIX})
    assert response.status_code == 200, response.json()
    assert (response.json()["state"], response.json()["resend_reason"]) == ("sent", FIX)
