"""兵庫 holders whose licences expire when next month's 更新連絡書 batch looks (M = next month):
the window of a licence expiring in M+2 opens in M; the elderly notice goes to the 70+ expiring in M+6."""

from datetime import date

import pytest
from django.utils import timezone

from menkyo.core.actors import SystemActor
from menkyo.registry import services as registry
from menkyo.registry.models import Licence
from menkyo.rules.dates import months_after, one_month_after

SYSTEM = SystemActor("test")


@pytest.fixture
def month() -> date:
    """The month the batch is made for: next month (the batch usually prepares the month ahead)."""
    return months_after(timezone.localdate().replace(day=1), 1)


@pytest.fixture(autouse=True)
def notices_dir(settings, tmp_path):
    settings.MENKYO = {**settings.MENKYO, "NOTICES_DIR": tmp_path / "notices"}
    return tmp_path / "notices"


@pytest.fixture
def make_holder(db, holder_data):
    """make_holder(name, birth, expiry, status="valid", commission="63"): a holder whose licence's
    printed expiry is ``expiry`` (one month after a birthday) and whose status is ``status``."""
    count = iter(range(1, 100))

    def make(name, birth: date, expiry: date, *, status="valid", commission="63", address=None):
        n = next(count)
        data = dict(holder_data, name=name, name_kana=f"テスト {'ア' * n}", birth_date=birth,
                    commission=commission, kinds={"普通": date(birth.year + 20, 8, 1)},
                    issue_date=date(birth.year + 20, 8, 1))
        if address:
            data.update(address=address, postal_code="5300001")
        licence = registry.register_holder(SYSTEM, data)
        Licence.objects.filter(pk=licence.pk).update(expiry_date=expiry, status=status)
        licence.refresh_from_db()
        return licence

    return make


def expiring(month: date, months_ahead: int, day: int, age: int) -> tuple[date, date]:
    """(birth date, printed expiry) of someone ``age`` at the birthday ``day`` of month
    ``month`` + ``months_ahead`` − 1, whose licence expires one month after that birthday."""
    birthday = months_after(month, months_ahead - 1).replace(day=day)
    return birthday.replace(year=birthday.year - age), one_month_after(birthday)


@pytest.fixture
def holders(make_holder, month):
    """Who the batch of ``month`` meets: two renewals, one 76-year-old six months ahead, one
    60-year-old six months ahead (no notice yet), the dead, the revoked, and an 大阪 holder."""
    made = {}
    made["renewal"] = make_holder("更新 一郎", *expiring(month, 2, 10, 45))
    made["renewal2"] = make_holder("更新 二郎", *expiring(month, 2, 20, 33))
    made["elderly"] = make_holder("高齢 三郎", *expiring(month, 6, 15, 76))
    made["young_later"] = make_holder("若手 四郎", *expiring(month, 6, 15, 60))
    made["dead"] = make_holder("死亡 五郎", *expiring(month, 2, 12, 50), status="deceased")
    made["revoked"] = make_holder("取消 六郎", *expiring(month, 2, 13, 40), status="revoked")
    made["osaka"] = make_holder("大阪 七郎", *expiring(month, 2, 14, 40), commission="62",
                                address="大阪府大阪市北区梅田1丁目1番")
    return made
