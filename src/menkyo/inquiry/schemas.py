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


class AlertOut(Schema):
    code: str
    message: str


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
    alerts: list[AlertOut]


class InquiryOut(Schema):
    inquiry_id: int
    matches: list[MatchOut]
    truncated: bool = Field(description="該当者が上限を超え、上位のみを返した")
    limit: int = Field(description="返す該当者の上限")
