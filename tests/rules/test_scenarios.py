"""Every legal scenario (tests/scenarios/**/*.yaml) through all three entry points.

Each file is checked for the format of tests/scenarios/README.md, then run
through Python (``ENTRY_POINTS``, with the YAML's real ``date`` objects),
the CLI runner (:func:`menkyo.rules.cli.run`, JSON text in and out) and HTTP
(``POST /api/v1/rules/<entry>`` as a logged-in 審査 operator). The three
answers must be identical after JSON normalisation, and match ``expect`` as a
subset (mappings key by key, lists and scalars exactly) or ``expect_error``
(``code``, and ``path`` when given). One test also runs the real
``menkyo rules assess`` command in a subprocess.
"""

import copy
import json
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

from menkyo.rules import ENTRY_POINTS
from menkyo.rules import cli as rules_cli
from menkyo.rules.errors import RulesError

SCENARIO_DIR = Path(__file__).resolve().parents[1] / "scenarios"
FOLDERS = {"assess": "assess", "renewal": "renewal", "licence-number": "licence_number",
           "eligibility": "eligibility", "lapse": "lapse",
           "authority": "authority"}
REQUIRED = {"name", "entry", "reference", "input"}
ALLOWED = REQUIRED | {"expect", "expect_error", "note"}

SCENARIOS = sorted(SCENARIO_DIR.rglob("*.yaml"))


def scenario_id(path: Path) -> str:
    return f"{path.parent.name}/{path.name}"


def load(path: Path) -> dict:
    """Read a scenario and check its format; a readable failure names the file."""
    doc = yaml.safe_load(path.read_text(encoding="utf-8"))
    where = scenario_id(path)
    assert isinstance(doc, dict), f"{where}: a scenario is a YAML mapping"
    missing = REQUIRED - doc.keys()
    assert not missing, f"{where}: missing {sorted(missing)}"
    unknown = doc.keys() - ALLOWED
    assert not unknown, f"{where}: unknown keys {sorted(unknown)} (allowed: {sorted(ALLOWED)})"
    assert isinstance(doc["name"], str) and doc["name"].strip(), f"{where}: 'name' is the scenario's sentence"
    assert doc["entry"] in ENTRY_POINTS, f"{where}: 'entry' must be one of {sorted(ENTRY_POINTS)}"
    assert path.parent.name == FOLDERS[doc["entry"]], (
        f"{where}: entry {doc['entry']!r} belongs in {FOLDERS[doc['entry']]}/"
    )
    assert isinstance(doc["reference"], str) and doc["reference"].strip(), f"{where}: 'reference' is required"
    assert isinstance(doc["input"], dict), f"{where}: 'input' is the contract's JSON object"
    assert ("expect" in doc) != ("expect_error" in doc), f"{where}: exactly one of expect / expect_error"
    if "expect" in doc:
        assert isinstance(doc["expect"], dict) and doc["expect"], f"{where}: 'expect' is a non-empty mapping"
    else:
        error = doc["expect_error"]
        assert isinstance(error, dict) and error.get("code"), f"{where}: 'expect_error' needs a 'code'"
        assert error.keys() <= {"code", "path", "message"}, f"{where}: expect_error has code, path (message)"
    return doc


def subset_mismatches(expected, actual, where: str = "") -> list[str]:
    """Where ``actual`` departs from ``expected``: mappings key by key, the rest exactly."""
    if isinstance(expected, dict):
        if not isinstance(actual, dict):
            return [f"{where or '.'}: expected a mapping, got {actual!r}"]
        problems = []
        for key, value in expected.items():
            here = f"{where}.{key}" if where else str(key)
            if key not in actual:
                problems.append(f"{here}: missing (expected {value!r})")
            else:
                problems += subset_mismatches(value, actual[key], here)
        return problems
    return [] if expected == actual else [f"{where or '.'}: expected {expected!r}, got {actual!r}"]


def via_python(entry: str, raw_input: dict) -> dict:
    try:
        return rules_cli.normalise(ENTRY_POINTS[entry](copy.deepcopy(raw_input)))
    except RulesError as exc:
        return rules_cli.normalise(exc.as_dict())


def via_cli(entry: str, text: str) -> tuple[int, dict]:
    code, output = rules_cli.run(entry, text)
    return code, json.loads(output)


def via_http(client, entry: str, text: str) -> tuple[int, dict]:
    response = client.post(f"/api/v1/rules/{entry}", data=text, content_type="application/json")
    return response.status_code, response.json()


@pytest.fixture
def case_officer_client(client, make_operator):
    client.force_login(make_operator("hyogo_case_officer", ["case_officer"], "28-001"))
    return client


def test_scenario_folders_exist_and_hold_scenarios():
    """Each entry point has its folder, and the folders hold scenarios (none was left behind)."""
    for folder in FOLDERS.values():
        assert (SCENARIO_DIR / folder).is_dir(), f"tests/scenarios/{folder}/ is missing"
    counts = {folder: len(list((SCENARIO_DIR / folder).glob("*.yaml"))) for folder in FOLDERS.values()}
    assert all(counts.values()), f"every entry point needs scenarios: {counts}"
    stray = [p for p in SCENARIOS if p.parent.parent != SCENARIO_DIR]
    assert not stray, f"scenarios belong directly in a folder of tests/scenarios/: {stray}"
    assert not list(SCENARIO_DIR.rglob("*.yml")), "scenario files end in .yaml"


@pytest.mark.django_db
@pytest.mark.parametrize("path", SCENARIOS, ids=[scenario_id(p) for p in SCENARIOS])
def test_scenario(path, case_officer_client):
    doc = load(path)
    entry = doc["entry"]
    text = rules_cli.dumps(rules_cli.normalise(doc["input"]))

    python_result = via_python(entry, doc["input"])
    cli_code, cli_result = via_cli(entry, text)
    http_status, http_result = via_http(case_officer_client, entry, text)

    assert cli_result == python_result, "the CLI and Python disagree"
    assert http_result == python_result, "HTTP and Python disagree"
    failed = "error" in python_result
    assert cli_code == (2 if failed else 0)
    code = python_result.get("error", {}).get("code") if failed else None
    assert http_status == (200 if not failed else 500 if code == "internal_error" else 400)

    if "expect" in doc:
        assert not failed, f"expected a decision, got the error {python_result['error']}"
        problems = subset_mismatches(rules_cli.normalise(doc["expect"]), python_result)
        assert not problems, "\n".join([doc["name"], *problems])
    else:
        assert failed, f"expected the error {doc['expect_error']}, got a decision"
        expected = rules_cli.normalise(doc["expect_error"])
        error = python_result["error"]
        assert set(error) == {"code", "message", "path"}
        assert error["code"] == expected["code"], error
        if "path" in expected:
            assert error["path"] == expected["path"], error
        assert error["message"], "an error needs a message for staff"


def test_menkyo_rules_assess_command_runs_a_scenario():
    """The real `menkyo rules assess` (a subprocess) answers like the in-process runner."""
    assess = [p for p in SCENARIOS if p.parent.name == "assess"]
    assert assess, "no assess scenario to run"
    doc = next((d for d in map(load, assess) if "expect" in d), None)
    assert doc is not None, "no assess scenario with an expected decision"
    text = rules_cli.dumps(rules_cli.normalise(doc["input"]))
    script = Path(sys.executable).with_name("menkyo")
    command = [str(script)] if script.exists() else [sys.executable, "-m", "menkyo.cli"]
    done = subprocess.run(
        [*command, "rules", "assess"], input=text, capture_output=True, text=True, timeout=120, check=False,
    )
    assert done.returncode == 0, done.stderr
    assert "Traceback" not in done.stdout + done.stderr
    assert json.loads(done.stdout) == via_cli("assess", text)[1]
    assert not subset_mismatches(rules_cli.normalise(doc["expect"]), json.loads(done.stdout))
