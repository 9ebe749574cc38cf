"""Every permission rule has a matrix and a Japanese denial; inactive actors and the shell.

The matrices themselves live with their apps (tests/<app>/test_permissions.py,
``MATRIX``); this module reads them all, so a rule added without one fails here
whichever tests are run.
"""

import importlib.util
import re
from pathlib import Path

import pytest

from menkyo.accounts.models import Device
from menkyo.accounts.services import DEVICE_ROLES
from menkyo.core.actors import SystemActor
from menkyo.core.models import Affiliation, Role
from menkyo.core.permissions import REGISTRY, allowed

TESTS = Path(__file__).resolve().parents[1]
JAPANESE = re.compile(r"[\u3040-\u30ff\u3400-\u9fff]")  # kana or kanji


def declared_matrices() -> dict[str, tuple[Path, list]]:
    """{rule: (file, rows)} from every tests/<app>/test_permissions.py that declares MATRIX."""
    found = {}
    for path in sorted(TESTS.glob("*/test_permissions.py")):
        if path == Path(__file__).resolve():
            continue
        spec = importlib.util.spec_from_file_location(f"matrix_of_{path.parent.name}", path)
        module = importlib.util.module_from_spec(spec)
        spec.loader.exec_module(module)
        for rule, rows in getattr(module, "MATRIX", {}).items():
            assert rule not in found, f"{rule} has two matrices: {found[rule][0]} and {path}"
            found[rule] = (path, rows)
    return found


def test_every_rule_in_the_registry_has_a_permission_matrix_and_every_matrix_a_rule():
    matrices = declared_matrices()
    assert sorted(REGISTRY) == sorted(matrices)


def declared_device_kind_matrices() -> dict[str, list]:
    """{rule: rows} from every tests/<app>/test_permissions.py that declares DEVICE_KIND_MATRIX."""
    found = {}
    for path in sorted(TESTS.glob("*/test_permissions.py")):
        spec = importlib.util.spec_from_file_location(f"device_matrix_of_{path.parent.name}", path)
        module = importlib.util.module_from_spec(spec)
        spec.loader.exec_module(module)
        found.update(getattr(module, "DEVICE_KIND_MATRIX", {}))
    return found


def test_every_rule_limited_to_device_kinds_has_a_row_per_device_kind():
    matrices = declared_device_kind_matrices()
    limited = sorted(name for name, rule in REGISTRY.items() if rule.device_kinds is not None)
    assert sorted(matrices) == limited
    for rule in limited:
        assert sorted(row[0] for row in matrices[rule]) == sorted(Device.Kind.values), rule


@pytest.mark.parametrize("rule", sorted(REGISTRY))
def test_each_matrix_has_one_row_per_role_and_leaves_out_only_roles_devices_cannot_hold(rule):
    _, rows = declared_matrices()[rule]
    assert sorted(row[0] for row in rows) == sorted(Role.values)
    for role, op_own, op_other, dev_own, dev_other in rows:
        assert isinstance(op_own, bool) and isinstance(op_other, bool)
        device_cells = (dev_own, dev_other)
        if role in DEVICE_ROLES:
            assert all(isinstance(cell, bool) for cell in device_cells), (rule, role)
        else:
            assert device_cells == (None, None), (rule, role)


@pytest.mark.parametrize("rule", sorted(REGISTRY))
def test_every_denial_message_is_non_empty_japanese(rule):
    message = REGISTRY[rule].denial
    assert message.strip() and JAPANESE.search(message), message


def first_allowed_roles() -> list[tuple[str, str, str]]:
    """(rule, operator|device, a role the matrix allows in its own prefecture), where there is one."""
    cases = []
    for rule, (_, rows) in sorted(declared_matrices().items()):
        for kind, column in (("operator", 1), ("device", 3)):
            allowing = [row[0] for row in rows if row[column]]
            if allowing:
                cases.append((rule, kind, allowing[0]))
    return cases


@pytest.mark.django_db
@pytest.mark.parametrize(("rule", "kind", "role"), first_allowed_roles())
def test_a_disabled_operator_or_a_revoked_device_is_refused_what_its_role_allows(rule, kind, role, make_actor):
    # Every rule so far is a role check, possibly "and the record is the actor's prefecture's";
    # the actor's own affiliation stands in for a record of its prefecture.
    actor = make_actor(role, "own", kind)
    record = Affiliation.objects.get(code="28-001")
    assert allowed(actor, rule, record)
    actor.is_active = False
    assert not allowed(actor, rule, record)


@pytest.mark.parametrize("rule", sorted(REGISTRY))
def test_the_shell_is_allowed_every_rule(rule):
    assert allowed(SystemActor("test"), rule)
