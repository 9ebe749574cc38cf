"""Audit events of 兵庫 and 大阪 operators, and a logged-in 兵庫 auditor, for the viewer and its API."""

import pytest

from menkyo.audit import recorder


@pytest.fixture
def events(hyogo_counter, osaka_counter):
    """Hyogo reads of persons 1 and 2, an Osaka read of a Hyogo holder, an Osaka-only read."""
    recorder.record(hyogo_counter, "registry.read_holder", person_id=1, subject_prefecture="28", purpose="更新申請")
    recorder.record(hyogo_counter, "registry.read_holder", person_id=2, subject_prefecture="28", purpose="更新申請")
    recorder.record(
        hyogo_counter, "registry.change_particulars", person_id=2, subject_prefecture="28",
        outcome="denied",
    )
    recorder.record(osaka_counter, "inquiry.read", person_id=1, subject_prefecture="28", purpose="照会")
    recorder.record(osaka_counter, "registry.read_holder", person_id=9, subject_prefecture="27")


@pytest.fixture
def auditor_client(login_as, client, hyogo_auditor):
    return login_as(client, hyogo_auditor)
