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
