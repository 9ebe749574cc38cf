"""API shapes of the マイナ免許証 procedures (規程第15条の2–第15条の4). The My Number itself is never
asked for: only what the counter's card reader returns (the card's 有効期限) and the clerk confirms."""

from datetime import date, datetime

from ninja import Field, Schema

from menkyo.cards.models import TEXT_MAX_LENGTH

REASON = f"履歴に残す理由・届出の内容（{TEXT_MAX_LENGTH}文字以内）"


class MynumberPaymentIn(Schema):
    payment_method: str = Field("", description="手数料の納付方法: cash（現金）・stamp（証紙）・cashless（キャッシュレス）。手数料のある手続では必須")
    slip_number: str = Field("", description="手数料事務処理票番号（英数字20文字以内、一つの番号に一つの納付）。手数料のある手続では必須（規程第15条の2第2項）")


class ReaderIn(Schema):
    card_valid_until: date | None = Field(None, description="個人番号カードの有効期限（カードリーダーの読取り結果。個人番号は送らない）")
    signature_confirmed: bool = Field(False, description="受領書（手数料事務処理票）への署名等を確認した")


class MynumberRecordIn(ReaderIn, MynumberPaymentIn):
    keep_card: bool = Field(False, description="免許証も持ち続ける（2枚持ち）。false なら免許証を返納し裁断する（マイナ免許証のみ）")
    reason: str = Field("特定免許情報の記録の申請", description=REASON)


class MoveIn(ReaderIn, MynumberPaymentIn):
    reason: str = Field("新しい個人番号カードへの記録", description=REASON)


class CardIn(MynumberPaymentIn):
    handover_date: date | None = Field(None, description="交付予定日（警察署で受理したとき。試験場では即日交付のため省略）")
    reason: str = Field("免許証の交付の申請", description=REASON)


class MynumberReasonIn(Schema):
    reason: str = Field(..., description=REASON)


class MynumberProcedureOut(Schema):
    id: int
    kind: str = Field(description="record・card_issue・card_return・erase・loss・found・move")
    kind_label: str
    ledger_number: str = Field(description="申請（届出）簿の番号")
    licence_id: int
    holding_before: str
    holding_after: str
    record_number: str = Field(description="免許情報記録番号（抹消のときは抹消した番号）")
    fee_procedure: str = Field(description="手数料の区分（rules.fees）。無料のときは空")
    fee_amount: int
    fee_method: str = Field(description="納付方法（cash・stamp・cashless）。無料のときは空")
    slip_number: str = Field(description="手数料事務処理票番号。無料のときは空（領収書: /mynumber-procedures/{id}/receipt.pdf）")
    card_job_id: int | None
    received_at: datetime


class MynumberStatusOut(Schema):
    licence_id: int
    holding_form: str = Field(description="card（免許証のみ）・mynumber（マイナ免許証のみ）・both（2枚持ち）")
    record_number: str | None = Field(description="免許情報記録番号（記録がなければ null）")
    lost: bool = Field(description="個人番号カードの紛失等の申出があり、まだ発見・新しいカードへの記録がない")
    procedures: list[MynumberProcedureOut]
