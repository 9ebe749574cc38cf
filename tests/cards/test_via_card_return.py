"""A 2枚持ち holder asking to give the card back (→ マイナ免許証のみ) with a 経由申請 (規程第17条の2; ``counter.via``):
refused at the 経由地's intake with what to do instead, nothing written; the 経由 of the same holder without the
return goes through, and the 住所地 then makes the card and rewrites the record as for any 2枚持ち holder. A holder
under a 停止 is sent home to renew (the renewed card is kept where the old one is held)."""

import pytest
from tests.cards.test_via import holder, osaka_clerk, osaka_examiner, receive  # noqa: F401  (fixtures)
from tests.dispositions.conftest import decided
from tests.renewals import NO_TO_ALL, renewal_data, renewal_holder

from menkyo.core.errors import InvalidInput
from menkyo.counter import via
from menkyo.counter.models import Application, ViaRenewal
from menkyo.dispositions import execution
from menkyo.registry.models import HistoryEvent

pytestmark = pytest.mark.django_db


def test_the_card_return_with_a_via_renewal_is_refused_naming_what_to_do_instead(osaka_clerk, holder):  # noqa: F811
    with pytest.raises(InvalidInput) as refused:
        via.receive_via_renewal(osaka_clerk, renewal_data(holder, return_card=True))
    message = refused.value.message
    assert (refused.value.code, refused.value.field) == ("via_card_return_not_accepted", "return_card")
    assert "規程第17条の2" in message and "兵庫県" in message and "2枚持ちのまま" in message and "更新の後" in message
    assert not ViaRenewal.objects.exists() and not Application.objects.exists()
    assert not HistoryEvent.objects.filter(event_type="via_renewal.received").exists()


def test_the_same_holder_without_the_return_is_received_and_stays_a_holder_of_both(osaka_clerk, holder):  # noqa: F811
    received = via.receive_via_renewal(osaka_clerk, renewal_data(holder, return_card=False))
    holder.refresh_from_db()
    assert received.state == "received" and holder.holding_form == "both"


def test_a_card_return_asked_by_a_holder_who_is_not_a_holder_of_both_is_refused_as_such(osaka_clerk, holder_data):  # noqa: F811
    licence = renewal_holder(holder_data, age=45, holding_form="mynumber")
    with pytest.raises(InvalidInput) as refused:
        via.receive_via_renewal(osaka_clerk, renewal_data(licence, return_card=True))
    assert refused.value.code == "not_both"


def test_the_via_intake_page_tells_the_clerk_the_refusal_next_to_the_field(client, login_as, osaka_clerk,  # noqa: F811
                                                                             holder):  # noqa: F811
    login_as(client, osaka_clerk)
    body = {"licence_number": holder.number, "documents": ["licence"], "return_card": "on",
            **{f"q_{key}": "no" for key in NO_TO_ALL}}
    response = client.post("/counter/via-renewals/new/", body)
    assert response.status_code == 422 and "経由申請では免許証の返納" in response.content.decode()
    assert not ViaRenewal.objects.exists()


def test_the_api_refuses_the_card_return_with_a_structured_error(client, login_as, osaka_clerk, holder):  # noqa: F811
    login_as(client, osaka_clerk)
    response = client.post("/api/v1/via-renewals", {"licence_number": holder.number, "documents": ["licence"],
                                                    "questionnaire": dict(NO_TO_ALL), "return_card": True},
                           content_type="application/json")
    assert response.status_code == 422
    assert response.json()["error"]["code"] == "via_card_return_not_accepted"


def test_a_suspended_holder_is_sent_home_to_renew_and_nothing_is_written(osaka_clerk, holder, make_operator):  # noqa: F811
    execution.execute_disposition(make_operator("hyogo_clerk", ["counter"], "28-001"), decided(holder, days=30))
    holder.refresh_from_db()
    with pytest.raises(InvalidInput) as refused:
        via.receive_via_renewal(osaka_clerk, renewal_data(holder))
    assert refused.value.code == "suspended_home_only" and "住所地（兵庫県）" in refused.value.message
    assert not ViaRenewal.objects.exists()
