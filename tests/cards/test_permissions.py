"""The card rules (免許証の交付, 規程第13条・第21条), a matrix per rule. The record of an own-prefecture
rule stands in as the 兵庫 office 28-001; "other" actors belong to 大阪 27-001. Card production is
for the 免許証作成機 alone (a row per device kind)."""

import pytest
from tests.conftest import matrix_rows

from menkyo.core.models import Affiliation
from menkyo.core.permissions import allowed

pytestmark = pytest.mark.django_db

Y, N, NA = True, False, None


def lists(*allowed_roles):
    """A list rule: the roles given are allowed whatever the prefecture (the queryset scopes the rows)."""
    return matrix_rows(*allowed_roles, anywhere=True)


MATRIX = {
    "cards.issue_licence": matrix_rows("counter", "case_officer"),
    "cards.issue_review_card": matrix_rows("counter", "case_officer"),
    "cards.renew_licence": matrix_rows("counter", "case_officer"),
    "cards.renew_via_licence": matrix_rows("counter", "case_officer"),
    "cards.request_downgrade": matrix_rows("counter", "case_officer"),
    "cards.produce_card": matrix_rows(devices_by_role=False),
    "cards.hand_over_card": matrix_rows("counter", "case_officer"),
    "cards.view_card_jobs": matrix_rows("counter", "case_officer", "decision", "examiner"),
    "cards.hold_issue": matrix_rows("case_officer", "decision"),
    "cards.view_provisional_licence": matrix_rows("counter", "case_officer", "decision", "examiner"),
    "cards.reissue_provisional_licence": matrix_rows("counter", "case_officer"),
    "cards.return_provisional_licence": matrix_rows("counter", "case_officer"),
    "cards.submit_school_provisional_reissue": matrix_rows(devices_by_role=False),  # a school's terminal only
    "cards.reissue_licence": matrix_rows("counter", "case_officer"),
    "cards.cancel_licence": matrix_rows("counter", "case_officer"),
    "cards.handle_mynumber_licence": matrix_rows("counter", "case_officer"),  # and a 業務端末 holding those roles
    "cards.endorse_card": matrix_rows(devices_by_role=False),
    "cards.rewrite_mynumber_record": matrix_rows("counter", "case_officer"),  # and a 業務端末 holding those roles
    "cards.apply_onestop_address": matrix_rows(devices_by_role=False),
    # Lists admit the roles; the querysets show the actor's prefecture only.
    "cards.list_endorsements": lists("counter", "case_officer", "decision"),
    "cards.list_mynumber_rewrites": lists("counter", "case_officer"),
    "cards.list_onestop_batches": lists("case_officer", "decision"),
    "cards.list_card_jobs": lists("counter", "case_officer", "decision", "examiner"),
    "cards.list_issue_holds": lists("case_officer", "decision"),
    # Renewal during a 停止 (cards.suspended_renewal): keeping the renewed card, giving it back.
    "cards.keep_renewed_card": matrix_rows("counter", "case_officer"),
    "cards.return_kept_card": matrix_rows("counter", "case_officer"),
}
KINDS = ("card_printer", "kiosk", "omr", "endorsement", "terminal", "other", "school", "scoring",
         "question_authoring", "pass_board", "onestop", "other_system")
DEVICE_KIND_MATRIX = {
    "cards.produce_card": [(kind, kind == "card_printer", False) for kind in KINDS],
    "cards.endorse_card": [(kind, kind == "endorsement", False) for kind in KINDS],
    "cards.apply_onestop_address": [(kind, kind == "onestop", False) for kind in KINDS],
    "cards.submit_school_provisional_reissue": [(kind, kind == "school", False) for kind in KINDS],
}


@pytest.fixture
def record():
    return Affiliation.objects.get(code="28-001")


def test_each_role_in_each_prefecture_is_allowed_or_denied_as_the_matrix_says(matrix_case, make_actor, record):
    actor = make_actor(matrix_case.role, matrix_case.prefecture, matrix_case.actor_kind)
    assert allowed(actor, matrix_case.rule, record) is matrix_case.expected


def test_each_device_kind_is_allowed_or_denied_as_the_matrix_says(device_kind_case, make_device, record):
    device = make_device(device_kind_case.device_kind, device_kind_case.prefecture)
    assert allowed(device, device_kind_case.rule, record) is device_kind_case.expected
