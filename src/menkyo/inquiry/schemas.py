"""API shapes of an inquiry (field names fixed by issue 8 §1)."""

from datetime import date

from ninja import Field, Schema

from menkyo.registry.purposes import ALL_CODES, CASE_NUMBER_MAX_LENGTH, TEXT_MAX_LENGTH


class InquiryIn(Schema):
    purpose: str = Field("", description=f"照会事由（必須）：{ALL_CODES}")
    purpose_note: str = Field("", description=f"照会事由の内容（{TEXT_MAX_LENGTH}文字以内；「その他」では必須）")
    case_number: str = Field("", description=f"事件番号等（{CASE_NUMBER_MAX_LENGTH}文字以内；「捜査」「行政処分」では必須）")
    licence_number: str = Field("", description="免許証番号（12桁、チェックデジットを検査）")
    record_number: str = Field("", description="マイナ免許証の免許情報記録番号（12桁）")
    name_kana: str = Field("", description="カナ氏名（一部でも可；生年月日が必要）")
    name: str = Field("", description="漢字氏名（一部でも可；旧字・異体字を同一視；生年月日が必要）")
    birth_date: str = Field("", description="生年月日（1981-03-04、昭和56年3月4日、S56.3.4）")


class KindOut(Schema):
    kind: str
    label: str
    acquired_on: date


class InquiryAlertOut(Schema):
    """A 手配 hit (規程第46条). Inquirers who may not see its details get one entry with code
    ``alert_withheld``, a message and the action (contact the supervisor), and nothing else."""

    code: str = Field(description="手配の区分（disposition・novice_revocation・youth_revocation・stolen_card・"
                                  "other・unfitness）、または alert_withheld")
    message: str
    action: str = Field(description="照会者が執るべき措置（出頭命令・保管・手配元へ連絡 など）")
    kind_label: str | None = None
    alert_id: int | None = None
    requesting_affiliation: str | None = Field(None, description="手配元（要請所属）")
    case_number: str | None = None


class HistoryOut(Schema):
    occurred_on: date
    event_type: str
    label: str
    legal_basis: str


class MatchOut(Schema):
    licence_number: str | None
    name: str
    name_kana: str
    birth_date: date
    home_prefecture: str
    status: str | None
    status_label: str | None
    kinds: list[KindOut]
    expiry_date: date | None
    conditions: list[str]
    alerts: list[InquiryAlertOut]
    history: list[HistoryOut] | None = Field(description="履歴（照会事由と役割が許すときのみ；それ以外は null）")
    records: dict[str, list[str]] = Field(
        description="累積点数（points）・未執行・処理中の行政処分（open_dispositions）・欠格期間（disqualification）の"
                    "記載：照会事由と役割が許す項目のみ、項目ごとの行（該当なしは空のリスト）")
    sections_withheld: list[str] = Field(description="この照会事由・役割では回答しない項目")
    sections_unavailable: list[str] = Field(
        description="回答の対象だが、この系で記録していない項目（通常は空）")


class InquiryOut(Schema):
    inquiry_id: int
    matches: list[MatchOut]
    truncated: bool = Field(description="該当者が上限を超え、上位のみを返した")
    limit: int = Field(description="返す該当者の上限")
