"""運転経歴証明書 fixtures: clerks at the 明石 試験場 (28-002) and the 生田 警察署 (28-101), and a 兵庫 holder
whose whole licence was cancelled at their request today (申請による取消し, made by cards' service)."""

from datetime import date

import pytest
from tests.payments import paid

from menkyo.cards import cancellation
from menkyo.core.actors import SystemActor
from menkyo.driving_history import services
from menkyo.registry import services as registry


@pytest.fixture
def centre_clerk(make_operator):
    return make_operator("akashi_counter", ["counter"], "28-002")


@pytest.fixture
def station_clerk(make_operator):
    return make_operator("ikuta_counter", ["counter"], "28-101")


@pytest.fixture
def system():
    return SystemActor("test")


@pytest.fixture
def licence(system, holder_data):
    """大型・普通 held by a 兵庫 holder."""
    return registry.register_holder(system, dict(holder_data, issue_date=date(2025, 6, 1), kinds={
        "普通": date(2000, 8, 1), "大型": date(2010, 3, 1)}))


@pytest.fixture
def cancelled(centre_clerk, licence):
    """The whole licence cancelled at the holder's request (規程第41条の3)."""
    return cancellation.cancel_licence_on_application(centre_clerk, licence.pk, scope="whole",
                                                      disadvantage_explained=True, reason="高齢のため運転をやめる")


def apply(actor, person_id, **given):
    values = {"identity_document": "住民票の写し", "identity_confirmed": True, "reason": "運転経歴証明書の交付申請",
              **paid("DH"), **given}
    return services.receive_certificate_application(actor, person_id, **values)


@pytest.fixture
def made(centre_clerk, cancelled):
    return apply(centre_clerk, cancelled.person_id)


@pytest.fixture
def issued(centre_clerk, made):
    return services.hand_over_certificate(centre_clerk, made.pk, signature_confirmed=True)
