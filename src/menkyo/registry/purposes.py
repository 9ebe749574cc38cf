"""照会事由: why a holder's record is read — the one list the pages, the API and the services use.

Every read of a holder's record names one of these purposes (issue 8's list),
optionally a free text of up to :data:`TEXT_MAX_LENGTH` characters and, where
the purpose needs one, a case or reference number. The audit event's
``purpose`` records all three in one string, e.g. ``窓口事務`` or
``捜査:事件番号R8-123:ひき逃げ事件の被疑車両``.
"""

from enum import StrEnum

from menkyo.audit.models import AuditEvent
from menkyo.core.errors import InvalidInput
from menkyo.registry.text import clean_text

TEXT_MAX_LENGTH = 100
CASE_NUMBER_MAX_LENGTH = 30


class ReadPurpose(StrEnum):
    """A 照会事由; the value is what is recorded (and what the API's ``purpose`` takes)."""

    INVESTIGATION = "捜査"
    TRAFFIC_ENFORCEMENT = "交通取締り"
    COUNTER = "窓口事務"
    ADMINISTRATIVE_DISPOSITION = "行政処分"
    CANCELLATION = "申請取消"
    DRIVING_RECORD_CERTIFICATE = "運転経歴証明書"
    INTERNATIONAL_LICENCE = "国外免許"
    DEATH = "死亡等"
    OTHER = "その他"

    @property
    def label(self) -> str:
        return _LABELS[self]

    @property
    def needs_case_number(self) -> bool:
        return self in (ReadPurpose.INVESTIGATION, ReadPurpose.ADMINISTRATIVE_DISPOSITION)

    @property
    def needs_text(self) -> bool:
        return self is ReadPurpose.OTHER


_LABELS = {
    ReadPurpose.INVESTIGATION: "捜査（事件番号が必要）",
    ReadPurpose.TRAFFIC_ENFORCEMENT: "交通取締り",
    ReadPurpose.COUNTER: "窓口事務（申請・届出の受付）",
    ReadPurpose.ADMINISTRATIVE_DISPOSITION: "行政処分（事案番号が必要）",
    ReadPurpose.CANCELLATION: "申請取消",
    ReadPurpose.DRIVING_RECORD_CERTIFICATE: "運転経歴証明書",
    ReadPurpose.INTERNATIONAL_LICENCE: "国外免許",
    ReadPurpose.DEATH: "死亡等",
    ReadPurpose.OTHER: "その他（内容の記入が必要）",
}

CHOICES = [(p.value, p.label) for p in ReadPurpose]
ALL_CODES = "・".join(p.value for p in ReadPurpose)

# The longest recorded purpose must fit the audit event's column.
LONGEST = max(len(p.value) for p in ReadPurpose) + len(":事件番号") + CASE_NUMBER_MAX_LENGTH + 1 + TEXT_MAX_LENGTH
if LONGEST > AuditEvent._meta.get_field("purpose").max_length:
    raise RuntimeError("照会事由の記録が監査記録の purpose 列に収まりません")


def clean_purpose(purpose: str, text: str = "", case_number: str = "") -> str:
    """The audit ``purpose`` string for a read, or :class:`InvalidInput` naming what is missing.

    ``purpose`` must be one of :class:`ReadPurpose` (its value); その他 needs
    ``text``; 捜査 and 行政処分 need ``case_number``.
    """
    code = (purpose or "").strip()
    if not code:
        raise InvalidInput(f"照会事由を選択してください（{ALL_CODES}）。", field="purpose", code="purpose_required")
    try:
        chosen = ReadPurpose(code)
    except ValueError:
        raise InvalidInput(f"照会事由「{code[:20]}」はありません。{ALL_CODES} から選んでください。",
                           field="purpose") from None
    text = clean_text(text, TEXT_MAX_LENGTH, field="purpose_text", label="照会事由の内容")
    case_number = clean_text(case_number, CASE_NUMBER_MAX_LENGTH, field="case_number", label="事件番号等")
    if chosen.needs_text and not text:
        raise InvalidInput(f"照会事由が「{chosen.value}」のときは内容を入力してください。", field="purpose_text")
    if chosen.needs_case_number and not case_number:
        raise InvalidInput(f"照会事由が「{chosen.value}」のときは事件番号等を入力してください。",
                           field="case_number")
    parts = [chosen.value]
    if case_number:
        parts.append(f"事件番号{case_number}")
    if text:
        parts.append(text)
    return ":".join(parts)
