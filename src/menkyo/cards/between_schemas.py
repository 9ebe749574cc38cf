"""API shapes between renewals: the 裏書 the 追記装置 writes (規程第14条) and the 免許情報記録の書換え
(規程第15条の2・第16条第8項). Never the My Number: only the card's 有効期限 the reader returns."""

from datetime import date, datetime

from ninja import Field, Schema

from menkyo.cards.mynumber_schemas import REASON, ReaderIn


class EndorsementLineOut(Schema):
    item: str = Field(description="記載事項（氏名・住所・本籍）")
    value: str = Field(description="変更後の内容")
    printed: bool = Field(description="裏面に印字する（false: ICチップへの記録のみ。本籍）")


class EndorsementDataOut(Schema):
    id: int
    licence_number: str = Field(description="追記する免許証の番号（提示された免許証と照合する）")
    name: str
    lines: list[EndorsementLineOut]
    changed_on: date
    changed_on_wareki: str = Field(description="裏面に印字する変更年月日（和暦）")
    commission: str = Field(description="裏面に印字する公安委員会名")
    layout_note: str = Field(description="記録様式が未確認である旨（UNCONFIRMED）")


class EndorsementOut(Schema):
    id: int
    state: str
    state_label: str
    licence_id: int
    items: list[str]
    changed_on: date
    office: str | None
    device: str
    completed_at: datetime | None
    cancel_reason: str


class RewriteIn(ReaderIn):
    reason: str = Field("免許情報記録の書換え", description=REASON)


class RewriteOut(Schema):
    id: int
    state: str
    state_label: str
    cause: str = Field(description="renewal（更新）・particulars（記録事項の変更の届出）")
    cause_label: str
    licence_id: int
    person_id: int
    name: str
    changes: list[str]
    application_id: int | None
    application_state: str | None
    done_at: datetime | None
    done_office: str | None


class OnestopItemIn(Schema):
    reference: str = Field("", description="送信元の参照番号（英数字と ._:- の64文字以内。同じ参照番号は1回だけ反映）")
    licence_number: str = Field("", description="免許証番号（12桁）")
    postal_code: str = Field("", description="新しい郵便番号（7桁）")
    address: str = Field("", description="新しい住所（市区町村の住民基本台帳のとおり）")
    moved_on: str = Field("", description="異動年月日（YYYY-MM-DD）")


class OnestopBatchIn(Schema):
    sender_reference: str = Field("", description="送信元のバッチ番号（任意）")
    items: list[OnestopItemIn] = Field(description="住所変更（1回200件まで）")


class OnestopItemOut(Schema):
    id: int
    reference: str
    result: str = Field(description="accepted（反映）・already_applied（反映済の再送）・refused（不受理）")
    result_label: str
    code: str = Field(description="不受理の理由のコード（not_mynumber_only, reference_reused, not_found …）")
    message: str = Field(description="結果の説明（日本語）")
    applied_item_id: int | None = Field(description="再送のとき、先に反映した項目")


class OnestopBatchOut(Schema):
    id: int
    received_at: datetime
    item_count: int
    accepted: int
    already_applied: int
    refused: int
    results: list[OnestopItemOut]
