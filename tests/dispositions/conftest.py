"""A 兵庫 holder, 兵庫's 審査 officer and 決定 officials at each 決定権限, and helpers that register
violations through the violations service (each registration re-assesses and may open a case)."""

from datetime import date, timedelta

import pytest
from django.utils import timezone
from tests.violations.conftest import SYSTEM, report

from menkyo.registry import services as registry
from menkyo.violations import services as violations

MARCH, APRIL = date(2026, 3, 1), date(2026, 4, 1)


@pytest.fixture
def officer(make_operator):
    return make_operator("hyogo_case", ["case_officer"], "28-001")


@pytest.fixture
def second_officer(make_operator):
    return make_operator("hyogo_case2", ["case_officer"], "28-001")


@pytest.fixture
def commission(make_operator):
    return make_operator("hyogo_commission", ["decision"], "28-001", decision_level="commission")


@pytest.fixture
def hq(make_operator):
    return make_operator("hyogo_hq", ["decision"], "28-001", decision_level="hq")


@pytest.fixture
def section_head(make_operator):
    return make_operator("hyogo_section", ["decision"], "28-001", decision_level="section_head")


@pytest.fixture
def osaka_officer(make_operator):
    return make_operator("osaka_case", ["case_officer"], "27-001")


@pytest.fixture
def licence(db, holder_data):
    return registry.register_holder(SYSTEM, holder_data)


def register(licence, code, day=MARCH, **extra):
    """Register one 違反等登録 of 兵庫 28-001 (as the system) and return it."""
    return violations.register_violation(SYSTEM, **report(licence, code=code, day=day), office_code="28-001", **extra)


def revocation_case(licence):
    """15 points (酒気帯び0.25未満 13 + 信号無視 2): 取消 (欠格期間1年) — the case it opened."""
    register(licence, "drink_driving_lt025", MARCH)
    register(licence, "signal_red", APRIL)
    return licence.person.disposition_cases.get()


def in_days(n):
    """Today (resolved when the test runs) plus ``n`` days."""
    return timezone.localdate() + timedelta(days=n)


@pytest.fixture
def clerk(make_operator):
    """A 兵庫 counter clerk (窓口) who hands the 処分書 over."""
    return make_operator("hyogo_clerk", ["counter"], "28-001")


def decided(licence, kind="suspension", days=60, years=None):
    """The driver's case decided as ``kind`` (written directly: the decision is part 2's, tested there)."""
    from menkyo.dispositions.models import Case, CaseState

    case = revocation_case(licence)
    Case.objects.filter(pk=case.pk).update(state=CaseState.DECIDED, kind=kind, days=days, years=years,
                                           decided_kind=kind, decided_days=days, decided_years=years,
                                           decided_on=timezone.localdate(), decided_level="commission",
                                           decided_by="hyogo_commission")
    case.refresh_from_db()
    return case
