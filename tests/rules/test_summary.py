"""The audit summary of an evaluation (menkyo.rules.summary): the outcome, never the input."""

from menkyo.rules.summary import summarise


def test_outcomes_per_entry_point():
    assert summarise("assess", True, {"outcome": {"action": "suspension", "days": 30}}) == {"outcome": "suspension"}
    assert summarise("renewal", True, {"driver_class": "優良"}) == {"outcome": "優良"}
    assert summarise("licence-number", True, {"valid": False}) == {"outcome": "invalid"}
    assert summarise("licence-number", True, {"number": "459803358720"}) == {"outcome": "generated"}
    assert summarise("eligibility", True, {"eligible": True}) == {"outcome": "eligible"}
    assert summarise("lapse", True, {"route": "aptitude_only", "unavoidable": False}) == {"outcome": "aptitude_only"}
    assert summarise("renewal", False, {"error": {"code": "missing_field"}}) == {
        "outcome": "error", "code": "missing_field"}
