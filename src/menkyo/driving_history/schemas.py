"""API schemas of the 運転経歴証明書 (規程第42条–第42条の4)."""

from datetime import date

from ninja import Field, Schema

REASON = "履歴に残す理由（申請・届出の内容）"


class EligibilityOut(Schema):
    eligible: bool = Field(description="運転経歴証明書の交付を申請できる")
    ground: str = Field(description="最後の免許の終わり方: application_cancellation・lapse・held・revocation 等")
    ended_on: date | None = Field(description="取消し・失効の日")
    last_day: date | None = Field(description="申請できる最後の日")
    reason: str = Field(description="申請できない理由（日本語）")
    reference: str
    assumption: bool = Field(description="未確認・推定の基準による")
    trace: list[dict]


class HistoryCertificateApplicationIn(Schema):
    identity_document: str = Field("", description="住所・氏名・生年月日を確認した書類（住民票の写し等）")
    identity_confirmed: bool = Field(False, description="申請書の記載を確認書類と照合した（true でなければ受理しない）")
    mynumber_record: bool = Field(False, description="運転経歴情報の個人番号カードへの記録も希望する（申請の記録のみ。個人番号は受け取らない）")
    payment_method: str = Field("", description="手数料の納付方法: cash（現金）・stamp（証紙）・cashless（キャッシュレス）。必須")
    slip_number: str = Field("", description="経歴証明事務処理票番号（英数字20文字以内、一つの番号に一つの納付）。必須（規程第42条）")
    reason: str = Field("運転経歴証明書の交付申請", description=REASON)


class HistoryCertificateHandOverIn(Schema):
    signature_confirmed: bool = Field(False, description="経歴証明事務処理票に署名等を受けた")


class ChangeIn(Schema):
    name: str = Field("", description="変更後の氏名（変わらなければ空）")
    address: str = Field("", description="変更後の住所（変わらなければ空）")
    document_confirmed: bool = Field(False, description="住民票の写し等の添付書類で確認した")
    reason: str = Field("運転経歴証明書の記載事項変更", description=REASON)


class ReissueIn(Schema):
    ground: str = Field("", description="lost（亡失）・destroyed（滅失）・damaged（汚損・破損）")
    old_certificate_collected: bool = Field(False, description="汚損・破損: 現に有する証明書を回収した")
    identity_document: str = Field("", description="亡失・滅失: 確認した添付書類")
    payment_method: str = Field("", description="手数料の納付方法: cash（現金）・stamp（証紙）・cashless（キャッシュレス）。必須")
    slip_number: str = Field("", description="経歴証明事務処理票番号（英数字20文字以内、一つの番号に一つの納付）。必須（規程第42条）")
    reason: str = Field("運転経歴証明書の再交付申請", description=REASON)


class HistoryCertificateReturnIn(Schema):
    reason: str = Field("運転経歴証明書の返納", description=REASON)


class CertificateOut(Schema):
    id: int
    number: str = Field(description="証明書番号（経歴証明受理簿の番号）")
    person_id: int
    state: str
    state_label: str
    ground: str
    ended_on: date
    licence_number: str
    kinds: list[dict]
    name: str
    address: str
    birth_date: date
    fee: int
    fee_method: str = Field(description="納付方法（cash・stamp・cashless）")
    slip_number: str = Field(description="経歴証明事務処理票番号（領収書: /driving-history-certificates/{id}/receipt.pdf）")
    mynumber_record_requested: bool
    received_on: date
    handed_over_on: date | None
    returned_on: date | None
    replaces_id: int | None
    reissue_ground: str
    office: str
