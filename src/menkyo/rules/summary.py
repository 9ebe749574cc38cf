"""What an audit event may say about a rules evaluation (pure Python, no Django).

The HTTP API and the simulator record every evaluation they run; the event
holds :func:`summarise`'s answer — the outcome, never the input (which is
personal data).
"""

from __future__ import annotations

from typing import Any


def summarise(command: str, ok: bool, result: dict[str, Any]) -> dict[str, Any]:
    """What an audit event may say about an evaluation: the outcome, never the input.

    ``{"outcome": "suspension"}`` (assess: the action), ``{"outcome": "優良"}``
    (renewal: the class), ``valid``/``invalid``/``generated`` (licence-number),
    ``eligible``/``ineligible`` (eligibility), the route (lapse: ``aptitude_only``,
    ``provisional_waived``, ``full_test``), the deciding authority (authority:
    ``section_head``, ``hq``, ``commission``), or ``{"outcome": "error", "code": ...}``.
    """
    if not ok:
        return {"outcome": "error", "code": str(result.get("error", {}).get("code", ""))}
    outcome: Any = None
    if command == "assess":
        outcome = (result.get("outcome") or {}).get("action")
    elif command == "renewal":
        outcome = result.get("driver_class")
    elif command == "licence-number":
        if "valid" in result:
            outcome = "valid" if result["valid"] else "invalid"
        elif "number" in result:
            outcome = "generated"
    elif command == "lapse":
        outcome = result.get("route")
    elif command == "authority":
        outcome = result.get("authority")
    elif command == "eligibility":
        for key in ("eligible", "allowed", "may_apply"):
            if key in result:
                outcome = "eligible" if result[key] else "ineligible"
                break
    return {"outcome": str(outcome) if outcome is not None else "decided"}
