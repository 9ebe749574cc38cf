"""The workflow helper on a test-only model: legal, illegal, denied, stale and failing transitions.

The model lives in its own app registry (``Meta.apps``), so it never reaches
migrations or the project's registry; its table is created once for this
module, outside the per-test transactions, on SQLite and PostgreSQL alike.
"""

import pytest
from django.apps.registry import Apps
from django.db import connection, models

from menkyo.audit.models import AuditEvent
from menkyo.core import permissions
from menkyo.core.errors import Conflict, InvalidInput, NotPermitted
from menkyo.core.recording import Outcome
from menkyo.core.workflow import REGISTRY, Transition, Workflow

test_apps = Apps()


class CaseState(models.TextChoices):
    RECEIVED = "received", "受付済み"
    EXAMINED = "examined", "審査済み"
    DECIDED = "decided", "決定済み"
    WITHDRAWN = "withdrawn", "取下げ"


class CaseFile(models.Model):
    state = models.CharField(max_length=20, choices=CaseState.choices, default=CaseState.RECEIVED)
    home_prefecture_id = models.CharField(max_length=2)
    examiner_note = models.CharField(max_length=100, blank=True)

    class Meta:
        app_label = "workflow_tests"
        apps = test_apps

    def __str__(self) -> str:
        return f"case {self.pk}"


class HookFailed(Exception):
    pass


def failing_hook(actor, obj, transition, reason):
    obj.examiner_note = "written by the hook"
    raise HookFailed


CASES = Workflow(
    name="tests.casefile",
    label_ja="試験用案件",
    states=CaseState,
    transitions=[
        Transition("examine", source=(CaseState.RECEIVED,), target=CaseState.EXAMINED,
                   rule="tests.handle_case", legal_basis="規程第30条", label_ja="審査",
                   audit_action="tests.case.examine"),
        Transition("decide", source=(CaseState.EXAMINED,), target=CaseState.DECIDED,
                   rule="tests.handle_case", legal_basis="規程第31条", label_ja="決定",
                   audit_action="tests.case.decide"),
        Transition("withdraw", source=(CaseState.RECEIVED, CaseState.EXAMINED),
                   target=CaseState.WITHDRAWN, rule="tests.handle_case", legal_basis="規程第32条",
                   label_ja="取下げ", audit_action="tests.case.withdraw", requires_reason=True),
        Transition("examine_with_failing_hook", source=(CaseState.RECEIVED,),
                   target=CaseState.EXAMINED, rule="tests.handle_case", legal_basis="規程第30条",
                   label_ja="審査", audit_action="tests.case.examine", on_apply=failing_hook),
    ],
)


@pytest.fixture(scope="module")
def casefile_table(django_db_setup, django_db_blocker):
    with django_db_blocker.unblock():
        with connection.schema_editor() as editor:
            editor.create_model(CaseFile)
    yield
    with django_db_blocker.unblock():
        with connection.schema_editor() as editor:
            editor.delete_model(CaseFile)


@pytest.fixture
def rule(monkeypatch):
    """A test-only rule: case officers of the case's prefecture."""
    permissions.add_rule(
        "tests.handle_case", roles=("counter", "case_officer"), own_prefecture=True,
        denial="この案件を扱う権限がありません。", denial_other_prefecture="他県の案件は扱えません。",
    )
    yield
    permissions.RULES.remove_rule("tests.handle_case")
    del permissions.REGISTRY["tests.handle_case"]


@pytest.fixture
def officer(make_operator):
    return make_operator("hyogo_officer", ["case_officer"], "28-001")


@pytest.fixture
def case(casefile_table, rule, db):
    return CaseFile.objects.create(home_prefecture_id="28")


def events(action_prefix="tests.case."):
    return list(AuditEvent.objects.filter(action__startswith=action_prefix).order_by("seq"))


def test_a_legal_transition_changes_the_state_and_writes_exactly_one_audit_event(case, officer):
    event = CASES.apply(officer, case, "examine", reason="書類審査", examiner_note="適")

    case.refresh_from_db()
    assert case.state == CaseState.EXAMINED
    assert case.examiner_note == "適"
    assert events() == [event]
    assert event.action == "tests.case.examine"
    assert event.outcome == Outcome.OK
    assert event.object_type == "casefile"
    assert event.object_id == str(case.pk)
    assert event.subject_prefecture_code == "28"
    assert event.detail == {"from": "received", "to": "examined", "transition": "examine",
                            "legal_basis": "規程第30条", "reason": "書類審査"}


def test_the_callers_object_shows_the_new_state_after_a_transition(case, officer):
    CASES.apply(officer, case, "examine", reason="")
    assert case.state == CaseState.EXAMINED


def test_a_transition_from_a_state_not_in_its_sources_is_refused_in_japanese(case, officer):
    CaseFile.objects.filter(pk=case.pk).update(state=CaseState.DECIDED)
    case.refresh_from_db()

    with pytest.raises(Conflict) as refused:
        CASES.apply(officer, case, "examine", reason="")

    assert refused.value.code == "illegal_transition"
    assert refused.value.message == "現在の状態（決定済み）では「審査」を行えません。"
    case.refresh_from_db()
    assert case.state == CaseState.DECIDED
    assert events() == []


def test_an_operator_without_the_rule_is_refused_and_the_denial_is_audited(case, make_operator):
    osaka_officer = make_operator("osaka_officer", ["case_officer"], "27-001")

    with pytest.raises(NotPermitted) as refused:
        CASES.apply(osaka_officer, case, "examine", reason="")

    assert refused.value.message == "他県の案件は扱えません。"
    case.refresh_from_db()
    assert case.state == CaseState.RECEIVED
    [denial] = events()
    assert denial.action == "tests.case.examine"
    assert denial.outcome == Outcome.DENIED
    assert denial.detail == {"rule": "tests.handle_case"}


def test_a_stale_object_cannot_transition_from_a_state_the_row_has_left(case, officer):
    stale = CaseFile.objects.get(pk=case.pk)
    CASES.apply(officer, case, "examine", reason="")
    CASES.apply(officer, case, "decide", reason="")
    assert stale.state == CaseState.RECEIVED  # what another screen still shows

    with pytest.raises(Conflict) as refused:
        CASES.apply(officer, stale, "withdraw", reason="本人申出")

    assert "決定済み" in refused.value.message
    case.refresh_from_db()
    assert case.state == CaseState.DECIDED
    assert [e.action for e in events()] == ["tests.case.examine", "tests.case.decide"]


def test_an_exception_in_the_on_apply_hook_rolls_back_the_state_and_the_audit_event(case, officer):
    with pytest.raises(HookFailed):
        CASES.apply(officer, case, "examine_with_failing_hook", reason="")

    case.refresh_from_db()
    assert case.state == CaseState.RECEIVED
    assert case.examiner_note == ""
    assert events() == []


def test_a_transition_that_requires_a_reason_is_refused_without_one(case, officer):
    with pytest.raises(InvalidInput) as refused:
        CASES.apply(officer, case, "withdraw", reason="  ")

    assert refused.value.field == "reason"
    assert refused.value.message == "「取下げ」の理由を入力してください。"
    case.refresh_from_db()
    assert case.state == CaseState.RECEIVED


def test_available_lists_only_transitions_from_the_current_state_that_the_actor_may_apply(
    case, officer, make_operator
):
    osaka_officer = make_operator("osaka_officer", ["case_officer"], "27-001")

    assert [t.name for t in CASES.available(officer, case)] == [
        "examine", "withdraw", "examine_with_failing_hook"]
    assert CASES.available(osaka_officer, case) == []
    assert events() == []  # offering buttons is not an audited decision


def test_describe_lists_states_rules_and_legal_bases_in_japanese_for_the_docs(rule):
    rows = CASES.describe()

    assert rows[2] == {
        "workflow": "tests.casefile", "transition": "withdraw", "label": "取下げ",
        "from": ["受付済み", "審査済み"], "to": "取下げ", "rule": "tests.handle_case",
        "legal_basis": "規程第32条", "audit_action": "tests.case.withdraw",
    }
    assert REGISTRY["tests.casefile"] is CASES
    assert CASES.check() == []


def test_check_names_a_rule_that_is_not_registered():
    assert CASES.check() == [f"{name}: rule 'tests.handle_case' is not registered"
                             for name in CASES.transitions]


def test_a_legal_basis_may_be_any_object_with_a_str(case, officer):
    class Article:
        def __str__(self):
            return "道路交通法第103条"

    wf = Workflow(states=CaseState, transitions=[
        Transition("examine", source=(CaseState.RECEIVED,), target=CaseState.EXAMINED,
                   rule="tests.handle_case", legal_basis=Article(), label_ja="審査",
                   audit_action="tests.case.examine")])

    assert wf.apply(officer, case, "examine", reason="").detail["legal_basis"] == "道路交通法第103条"


def test_a_declaration_with_an_unknown_state_is_rejected():
    with pytest.raises(ValueError):
        Workflow(states=CaseState, transitions=[
            Transition("x", source=("nowhere",), target=CaseState.DECIDED, rule="r",
                       legal_basis="", label_ja="x", audit_action="a")])


def test_a_transition_cannot_set_the_state_field_directly(case, officer):
    with pytest.raises(ValueError):
        CASES.apply(officer, case, "examine", reason="", state=CaseState.DECIDED)
