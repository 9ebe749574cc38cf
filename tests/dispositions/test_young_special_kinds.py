"""若年運転者期間に係る取消し (規程第41条の2の2) revokes the kinds the register holds as 特例取得免許
(``LicenceKindHeld.special_course``); the kinds the 若年運転者講習 notices name stand in only for a legacy licence
with no kind recorded so."""

from datetime import date

import pytest
from tests.dispositions.conftest import in_days
from tests.dispositions.test_young_revocations import fresh, open_day, young_case

from menkyo.dispositions import young_revocations
from menkyo.registry.models import LicenceKind, LicenceKindHeld

pytestmark = pytest.mark.django_db


def hold(licence, code, *, special):
    LicenceKindHeld.objects.create(licence=licence, kind=LicenceKind.objects.get(code=code),
                                   acquired_on=in_days(-200), special_course=special)


def test_every_kind_held_as_special_is_revoked_though_the_notice_names_one(officer, licence):
    hold(licence, "大型", special=True)
    hold(licence, "大二", special=True)
    case = young_case(officer, licence, special=("大型",), add=False)
    done = young_revocations.revoke_young_driver_licence(officer, case, handover_date=open_day())
    assert sorted(done.kinds_revoked) == ["大二", "大型"] and done.kinds_kept == ["中型（8t限定）"]
    assert [h.kind_id for h in fresh(licence).kinds.all()] == ["中型"]


def test_a_kind_named_on_the_notice_but_not_held_as_special_is_kept(officer, licence):
    hold(licence, "大型", special=False)
    hold(licence, "大二", special=True)
    case = young_case(officer, licence, special=("大型",), add=False)
    done = young_revocations.revoke_young_driver_licence(officer, case, handover_date=open_day())
    assert done.kinds_revoked == ["大二"] and sorted(done.kinds_kept) == ["中型（8t限定）", "大型"]


def test_a_legacy_licence_with_no_special_kind_recorded_falls_back_on_the_notices(officer, licence):
    case = young_case(officer, licence, special=("大型",), born=date(2005, 6, 10))
    assert not LicenceKindHeld.objects.filter(licence=licence, special_course=True).exists()
    done = young_revocations.revoke_young_driver_licence(officer, case, handover_date=open_day())
    assert done.kinds_revoked == ["大型"]
