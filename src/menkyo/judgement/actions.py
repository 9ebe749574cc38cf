"""Audit action names of the judgement app (``judgement.<object>.<verb>``)."""

from menkyo.core.recording import describe_actions
from menkyo.rules import ENTRY_POINTS

SIMULATOR_OPEN = "judgement.simulator.open"  # audited when refused (judgement.evaluate_rules)


def evaluation(entry: str) -> str:
    """``judgement.rules.assess``, ``judgement.rules.licence_number`` … (one per entry point)."""
    return "judgement.rules." + entry.replace("-", "_")


ENTRY_LABELS = {"assess": "処分判定", "renewal": "更新判定", "licence-number": "免許証番号の検査・生成",
                "eligibility": "受験資格の判定", "lapse": "失効後の再取得の判定",
                "authority": "処分の決定権者・聴取等の判定"}

describe_actions({SIMULATOR_OPEN: "判定シミュレーター", **{evaluation(e): f"法令判定（{ENTRY_LABELS[e]}）" for e in ENTRY_POINTS}})
