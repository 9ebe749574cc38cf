"""The 仮停止 rules beyond the matrix (in test_permissions.py): the batch ends a 仮停止, every transition of the
仮停止 workflow names a registered rule, and a 大阪 officer's 仮停止 is closed to 兵庫's 「審査」 (the prefecture
that made it keeps it)."""

import pytest
from tests.dispositions.test_provisional import report

from menkyo.core.actors import SystemActor
from menkyo.core.permissions import allowed
from menkyo.dispositions import provisional as services

pytestmark = pytest.mark.django_db


def test_the_batch_may_end_a_provisional_suspension():
    assert allowed(SystemActor("task:dispositions.provisional_ended"), "dispositions.end_provisional")


def test_every_transition_of_the_provisional_workflow_names_a_registered_rule():
    assert services.PROVISIONAL.check() == []


def test_a_provisional_suspension_belongs_to_the_prefecture_that_made_it(officer, osaka_officer, licence):
    made = report(osaka_officer, licence)
    assert allowed(osaka_officer, "dispositions.handle_provisional", made)
    assert not allowed(officer, "dispositions.handle_provisional", made)
    assert not allowed(officer, "dispositions.view_case", made.case)
