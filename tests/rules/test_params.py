"""Parameter files: every real file loads; broken ones are refused with the file named.

Also: nothing is in force before a parameter's first date or after a ``null``
(``no_table_in_force``), ``menkyo rules check`` names a bad file, and
docs/rules.md lists every DERIVED/UNCONFIRMED value (it cannot silently drift).
"""

from datetime import date
from pathlib import Path

import pytest
from django.core.management import call_command

from menkyo.rules import assumptions as rules_assumptions
from menkyo.rules import params
from menkyo.rules.errors import RulesError

PARAM_FILES = sorted(params.PARAMS_DIR.glob("*.yaml"))
DOCS = Path(__file__).resolve().parents[2] / "docs" / "rules.md"

GOOD = """\
name: sample
description: 試験用
values:
  - from: 2009-06-01
    reference: 施行令 別表第三
    status: confirmed
    value: 6
  - from: 2020-06-30
    reference: 令和2年政令第181号
    status: unconfirmed
    note: the effective date is assumed
    value: 7
  - from: 2030-01-01
    reference: 廃止
    status: confirmed
    value: null
"""


def write(tmp_path: Path, text: str, name: str = "sample") -> Path:
    path = tmp_path / f"{name}.yaml"
    path.write_text(text, encoding="utf-8")
    return path


@pytest.mark.parametrize("path", PARAM_FILES, ids=[p.name for p in PARAM_FILES])
def test_every_parameter_file_loads(path):
    loaded = params.load_file(path)
    assert isinstance(loaded, params.Series | params.Table)


def test_all_files_load_together_and_assumptions_have_notes():
    assert set(params.load_all()) == {p.stem for p in PARAM_FILES}
    for name, entry in params.assumptions():
        assert entry.status in ("derived", "unconfirmed"), name
        assert entry.reference and entry.note.strip(), f"{name}: an assumption needs its reference and note"


def test_a_good_file_loads_and_answers_by_date(tmp_path):
    series = params.load_file(write(tmp_path, GOOD))
    assert series.at(date(2009, 6, 1)).value == 6
    assert series.at(date(2020, 6, 29)).value == 6
    entry = series.at(date(2020, 6, 30))
    assert entry.value == 7 and entry.assumption and entry.reference == "令和2年政令第181号"


@pytest.mark.parametrize("day", [date(2009, 5, 31), date(2030, 1, 1), date(2031, 6, 1)],
                         ids=["before-first-date", "on-null", "after-null"])
def test_nothing_in_force_is_an_error_never_a_default(tmp_path, day):
    series = params.load_file(write(tmp_path, GOOD))
    with pytest.raises(RulesError) as caught:
        series.at(day)
    assert caught.value.code == "no_table_in_force"
    assert "sample" in caught.value.message


@pytest.mark.parametrize(
    "old, new, message",
    [
        ("    reference: 施行令 別表第三\n", "", "reference"),
        ("from: 2020-06-30", "from: 2008-01-01", "strictly increase"),
        ("from: 2020-06-30", "from: 2009-06-01", "strictly increase"),
        ("from: 2009-06-01", "from: '2009-06-01'", "real date"),
        ("from: 2009-06-01", "from: 2009-02-30", "real date"),
        ("from: 2009-06-01", "from: 平成21年6月1日", "real date"),
        ("    note: the effective date is assumed\n", "", "note"),
        ("status: unconfirmed", "status: maybe", "status"),
        ("name: sample", "name: other", "name"),
        ("description: 試験用\n", "", "description"),
        ("values:", "vals:", "values"),
    ],
    ids=["missing-reference", "decreasing-dates", "repeated-date", "quoted-from", "impossible-from",
         "wareki-from", "unconfirmed-without-note", "unknown-status", "wrong-name", "no-description",
         "neither-values-nor-rows"],
)
def test_a_broken_file_is_refused(tmp_path, old, new, message):
    assert old in GOOD
    path = write(tmp_path, GOOD.replace(old, new, 1))
    with pytest.raises(params.ParamFileError, match=message) as caught:
        params.load_file(path)
    assert "sample.yaml" in str(caught.value)


ROWS = """\
name: table
description: 試験用の表
rows:
  - code: a
    reference: 別表第二
    status: confirmed
    points:
      - {from: 2009-06-01, value: 2}
      - {from: 2019-12-01, value: 3}
  - code: b
    reference: 別表第二
    status: derived
    note: same as a
    points:
      - {from: 2009-06-01, value: 1}
"""


def test_a_rows_file_inherits_references_and_lists_its_assumptions(tmp_path):
    table = params.load_file(write(tmp_path, ROWS, "table"))
    assert table.rows["a"]["points"].at(date(2020, 1, 1)).value == 3
    assert table.rows["b"]["points"].at(date(2020, 1, 1)).assumption


@pytest.mark.parametrize(
    "old, new, message",
    [
        ("  - code: b\n    reference: 別表第二\n", "  - code: b\n", "reference"),
        ("    note: same as a\n", "", "note"),
        ("{from: 2019-12-01, value: 3}", "{from: 2001-12-01, value: 3}", "strictly increase"),
        ("code: b", "code: a", "duplicate"),
    ],
    ids=["row-without-reference", "derived-row-without-note", "row-dates-decrease", "duplicate-code"],
)
def test_a_broken_rows_file_is_refused(tmp_path, old, new, message):
    path = write(tmp_path, ROWS.replace(old, new, 1), "table")
    with pytest.raises(params.ParamFileError, match=message):
        params.load_file(path)


def test_menkyo_rules_check_passes_on_the_real_files(capsys):
    call_command("rules", "check")
    assert f"{len(PARAM_FILES)} parameter files valid" in capsys.readouterr().out


def test_menkyo_rules_check_names_the_bad_file_and_exits_1(tmp_path, monkeypatch, capsys):
    write(tmp_path, GOOD)
    write(tmp_path, GOOD, "broken")  # its name says "sample"
    monkeypatch.setattr(params, "PARAMS_DIR", tmp_path)
    with pytest.raises(SystemExit) as caught:
        call_command("rules", "check")
    assert caught.value.code == 1
    err = capsys.readouterr().err
    assert "broken.yaml" in err and "sample.yaml" not in err


def test_menkyo_rules_assumptions_lists_every_assumption(capsys):
    call_command("rules", "assumptions")
    text = capsys.readouterr().out
    for name, entry in params.assumptions():
        assert name in text and entry.reference in text
    call_command("rules", "assumptions", "--markdown")
    markdown = capsys.readouterr().out
    assert markdown.startswith("| Parameter (from) |")
    assert markdown.rstrip("\n").count("\n") == len(rules_assumptions.grouped_assumptions()) + 1
    for name, _ in params.assumptions():
        assert f"`{name}`" in markdown


def test_docs_list_every_assumption():
    """docs/rules.md embeds the generated table: run `menkyo rules assumptions --update-docs` when this fails."""
    text = DOCS.read_text(encoding="utf-8")
    missing = [name for name, _ in params.assumptions() if f"`{name}`" not in text]
    assert not missing, f"docs/rules.md lacks {missing}: run `menkyo rules assumptions --update-docs`"
    assert rules_assumptions.docs_block() in text, (
        "the assumptions table in docs/rules.md is out of date: run `menkyo rules assumptions --update-docs`"
    )


def test_update_docs_rewrites_only_the_generated_block(tmp_path):
    doc = tmp_path / "rules.md"
    doc.write_text(f"# Title\n\n{rules_assumptions.DOCS_BEGIN}\nstale\n{rules_assumptions.DOCS_END}\n\nKept.\n", encoding="utf-8")
    assert rules_assumptions.update_docs(doc) is True
    text = doc.read_text(encoding="utf-8")
    assert "stale" not in text and text.startswith("# Title") and text.endswith("Kept.\n")
    assert rules_assumptions.docs_block() in text
    assert rules_assumptions.update_docs(doc) is False


def test_a_bad_file_stops_start_up_with_a_clear_message(monkeypatch):
    from django.core.exceptions import ImproperlyConfigured

    from menkyo.judgement.apps import validate_rule_parameters

    def broken():
        raise params.ParamFileError("suspension_thresholds.yaml.values[1]: dates must strictly increase")

    monkeypatch.setattr(params, "load_all", broken)
    monkeypatch.setattr("sys.argv", ["menkyo", "runserver"])
    with pytest.raises(ImproperlyConfigured, match="suspension_thresholds.yaml"):
        validate_rule_parameters()
    monkeypatch.setattr("sys.argv", ["menkyo", "rules", "check"])
    validate_rule_parameters()  # `menkyo rules check` reports the file itself
