"""The 住所地 returns a 経由申請 it cannot accept (規程第17条の2第3項, the 点検; the return itself is not named
in the regulation): 大阪 (門真) is the 経由地 and sends, 兵庫 (the 住所地) returns it with a reason; only the
住所地 may, only a file sent and not yet accepted, and the 経由地 then sees the reason and withdraws it."""

import pytest
from django.utils import timezone
from tests.cards.test_via import holder, osaka_clerk, osaka_examiner, ready, receive, sent  # noqa: F401
from tests.documents.pdf import flat, pdf_text

from menkyo.accounts.services import register_device
from menkyo.audit.models import AuditEvent
from menkyo.cards import via as cards_via
from menkyo.core.actors import SystemActor
from menkyo.core.errors import Conflict, InvalidInput, NotFound, NotPermitted
from menkyo.counter import via
from menkyo.counter.models import ViaRenewal
from menkyo.registry.models import HistoryEvent

pytestmark = pytest.mark.django_db

REASON = "優良運転者に該当しないため（違反の登録あり）"


@pytest.fixture
def tokyo_clerk(make_operator):
    return make_operator("tokyo_counter", ["counter"], "13-001")


def snapshot(item):
    row = ViaRenewal.objects.get(pk=item.pk)
    return (row.state, row.returned_on, row.return_reason, AuditEvent.objects.filter(
        action="counter.via_renewal.return", outcome="ok").count())


def test_the_home_prefecture_returns_a_sent_application_with_its_reason_kept_audited_and_in_the_history(
        sent, centre_clerk, holder):  # noqa: F811
    returned = via.return_via_renewal(centre_clerk, sent.pk, reason=f"  {REASON} ")
    assert (returned.state, returned.returned_on, returned.return_reason) == (
        "returned", timezone.localdate(), REASON)
    event = AuditEvent.objects.get(action="counter.via_renewal.return", outcome="ok")
    assert (event.detail["reason"], event.detail["legal_basis"], event.subject_prefecture_code) == (
        REASON, "規程第17条の2第3項", "27")
    history = HistoryEvent.objects.get(person_id=holder.person_id, event_type="via_renewal.returned")
    assert (history.reason, history.legal_basis) == (REASON, "規程第17条の2第3項")


def test_the_via_prefecture_sees_the_returned_application_with_the_reason_in_its_list(
        sent, centre_clerk, osaka_clerk):  # noqa: F811
    via.return_via_renewal(centre_clerk, sent.pk, reason=REASON)
    rows = via.via_register(osaka_clerk, "sent")
    assert [(r.pk, r.state, r.return_reason) for r in rows] == [(sent.pk, "returned", REASON)]


def test_the_via_prefecture_withdraws_a_returned_application_and_the_holder_is_free_again(
        sent, centre_clerk, osaka_clerk, receive, holder):  # noqa: F811
    via.return_via_renewal(centre_clerk, sent.pk, reason=REASON)
    with pytest.raises(Conflict):  # still open until withdrawn
        receive(holder)
    via.withdraw_via_renewal(osaka_clerk, sent.pk, reason="返戻の連絡を受けた本人の申出")
    row = ViaRenewal.objects.select_related("application").get(pk=sent.pk)
    assert (row.state, row.application.state) == ("withdrawn", "withdrawn")
    assert receive(holder).state == "received"


@pytest.mark.parametrize("reason, code, message", [
    ("", "reason_required", "返戻の理由を入力してください（経由地に伝わります）。"),
    ("   ", "reason_required", "返戻の理由を入力してください（経由地に伝わります）。"),
    ("あ" * 201, "too_long", "返戻の理由は200文字以内で入力してください（201文字あります）。"),
])
def test_an_empty_or_over_long_reason_is_refused_in_japanese_and_nothing_changes(
        sent, centre_clerk, reason, code, message):  # noqa: F811
    before = snapshot(sent)
    with pytest.raises(InvalidInput) as exc:
        via.return_via_renewal(centre_clerk, sent.pk, reason=reason)
    assert (exc.value.code, exc.value.message, exc.value.field) == (code, message, "reason")
    assert snapshot(sent) == before


def test_an_accepted_application_is_not_returned(sent, centre_clerk):  # noqa: F811
    via.accept_via_renewal(centre_clerk, sent.pk)
    before = snapshot(sent)
    with pytest.raises(Conflict) as exc:
        via.return_via_renewal(centre_clerk, sent.pk, reason=REASON)
    assert exc.value.message.startswith("「住所地で受理」の経由申請は返戻できません")
    assert snapshot(sent) == before


def test_a_returned_application_is_neither_returned_again_nor_accepted(sent, centre_clerk):  # noqa: F811
    via.return_via_renewal(centre_clerk, sent.pk, reason=REASON)
    before = snapshot(sent)
    with pytest.raises(NotPermitted):  # the file is the 経由地's again
        via.return_via_renewal(centre_clerk, sent.pk, reason=REASON)
    with pytest.raises((Conflict, NotPermitted)):
        via.accept_via_renewal(centre_clerk, sent.pk)
    assert snapshot(sent) == before


def test_the_via_prefecture_may_not_return_what_it_sent(sent, osaka_clerk, expect_one_denial):  # noqa: F811
    before = snapshot(sent)
    with expect_one_denial("counter.return_via_renewal", "counter.via_renewal.return"), \
            pytest.raises(NotPermitted) as exc:
        via.return_via_renewal(osaka_clerk, sent.pk, reason=REASON)
    assert "送付を受けた住所地のみ返戻できます" in exc.value.message
    assert snapshot(sent) == before


def test_a_third_prefecture_does_not_even_see_the_application(sent, tokyo_clerk):  # noqa: F811
    before = snapshot(sent)
    with pytest.raises(NotFound):
        via.return_via_renewal(tokyo_clerk, sent.pk, reason=REASON)
    assert snapshot(sent) == before


def test_the_home_prefecture_cannot_return_an_application_not_yet_sent(ready, centre_clerk):  # noqa: F811
    with pytest.raises(NotFound):
        via.return_via_renewal(centre_clerk, ready.pk, reason=REASON)
    assert ViaRenewal.objects.get(pk=ready.pk).state == "received"


# --- the pages and the API ---------------------------------------------------------------------------


def test_the_home_prefecture_returns_it_on_its_page_and_the_via_prefecture_sees_why_and_what_to_do(
        client, login_as, sent, centre_clerk, osaka_clerk):  # noqa: F811
    login_as(client, centre_clerk)
    url = f"/counter/via-renewals/{sent.pk}/"
    assert "経由地へ返戻する" in client.get(url).content.decode()
    refused = client.post(f"{url}return/", {"reason": ""})
    assert refused.status_code == 409
    assert "返戻の理由を入力してください（経由地に伝わります）。" in refused.content.decode()
    assert ViaRenewal.objects.get(pk=sent.pk).state == "sent"
    done = client.post(f"{url}return/", {"reason": REASON}, follow=True)
    assert "経由申請を理由を付して経由地へ返戻しました。" in done.content.decode()
    login_as(client, osaka_clerk)
    listed = client.get("/counter/via-renewals/?side=sent").content.decode()
    assert "住所地から返戻" in listed and f"返戻の理由：{REASON}" in listed
    shown = client.get(url).content.decode()
    assert "申請者に返戻とその理由を連絡してください" in shown and "経由申請を取り下げる" in shown
    assert "経由地へ返戻する" not in shown


@pytest.fixture
def hyogo_terminal(db):
    return register_device(SystemActor("test"), name="明石 受付端末", kind="terminal", affiliation="28-002",
                           roles=["counter"]).token


def api_return(client, via_id, body, token):
    return client.post(f"/api/v1/via-renewals/{via_id}/return", body, content_type="application/json",
                       HTTP_AUTHORIZATION=f"Bearer {token}")


def test_the_api_returns_a_sent_application_and_answers_bad_input_with_a_structured_error(
        client, sent, hyogo_terminal):  # noqa: F811
    error = api_return(client, sent.pk, {"reason": "あ" * 201}, hyogo_terminal)
    assert error.status_code == 422
    assert error.json()["error"] == {"code": "too_long", "field": "reason",
                                     "message": "返戻の理由は200文字以内で入力してください（201文字あります）。"}
    response = api_return(client, sent.pk, {"reason": REASON}, hyogo_terminal)
    assert response.status_code == 200, response.json()
    assert (response.json()["state"], response.json()["return_reason"]) == ("returned", REASON)
    again = api_return(client, sent.pk, {"reason": REASON}, hyogo_terminal)
    assert again.status_code == 403


def test_the_return_notice_pdf_names_both_commissions_and_the_reason_and_says_its_wording_is_unconfirmed(
        client, login_as, sent, centre_clerk, osaka_clerk):  # noqa: F811
    with pytest.raises(Conflict) as exc:
        cards_via.via_return_notice(centre_clerk, sent.pk)
    assert exc.value.code == "not_returned"
    via.return_via_renewal(centre_clerk, sent.pk, reason=REASON)
    notice = flat(pdf_text(cards_via.via_return_notice(osaka_clerk, sent.pk).pdf))
    for text in ("経由申請返戻通知書", "大阪府公安委員会殿", "兵庫県公安委員会", flat(REASON), "UNCONFIRMED"):
        assert text in notice, text
    assert AuditEvent.objects.filter(action="documents.via_return_notice.render").count() == 1
    login_as(client, centre_clerk)
    response = client.get(f"/cards/via-renewals/{sent.pk}/return-notice.pdf")
    assert (response.status_code, response["Content-Type"]) == (200, "application/pdf")


def test_a_return_by_a_clerk_who_read_the_row_before_another_accepted_it_changes_nothing(
        sent, centre_clerk, make_operator, monkeypatch):  # noqa: F811
    """The row is locked and its state re-checked inside the transaction: an accepted file is never returned."""
    other = make_operator("akashi_counter_2", ["counter"], "28-002")
    stale = via.load(other, sent.pk)
    via.accept_via_renewal(centre_clerk, sent.pk)
    monkeypatch.setattr(via, "load", lambda actor, pk: stale)
    with pytest.raises(Conflict) as error:
        via.return_via_renewal(other, sent.pk, reason=REASON)
    assert error.value.code == "illegal_transition"
    row = ViaRenewal.objects.get(pk=sent.pk)
    assert (row.state, row.return_reason) == ("accepted", "")
    assert not HistoryEvent.objects.filter(event_type="via_renewal.returned").exists()
