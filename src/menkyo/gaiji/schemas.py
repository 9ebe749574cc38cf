"""API shapes of the 外字 register (the 外字端末's operations)."""

from datetime import datetime

from ninja import Field, Schema

from menkyo.gaiji.models import TEXT_MAX_LENGTH

BITMAP = "字形：32×32ドット・1ドット1ビット（上の行から、各行左端が最上位ビット、1＝黒）の128バイトをBase64で（形式はUNCONFIRMED）"


class ShapeIn(Schema):
    bitmap: str = Field("", description=BITMAP + "。png とどちらか一方")
    png: str = Field("", description="字形の画像（白地に黒のPNG）をBase64で。32×32ドットに変換する。bitmap とどちらか一方")
    outline: str = Field("", description="輪郭（任意）：SVGパス、1024×1024の枠（左上原点、下向きにy）")
    reading: str = Field("", description=f"読み（{TEXT_MAX_LENGTH}文字以内）")
    composition: str = Field("", description=f"構成（例：口＋土＋口、{TEXT_MAX_LENGTH}文字以内）")
    reason: str = Field("", description=f"登録・訂正の理由（必須、{TEXT_MAX_LENGTH}文字以内）")


class GlyphIn(ShapeIn):
    code_point: str = Field("", description="氏名・住所に格納する私用領域の符号位置（必須、U+E000〜U+F8FF、例：U+E001）")
    mj_name: str = Field("", description="MJ文字図形名（例：MJ012345；文字情報基盤にない文字は空欄＝自庁の外字番号を付番）")


class VersionOut(Schema):
    number: int
    bitmap: str = Field(description=BITMAP)
    outline: str
    reading: str
    composition: str
    reason: str
    registered_by: str
    registered_at: datetime


class GlyphOut(Schema):
    id: int
    code_point: str = Field(description="U+E001 の形")
    character: str
    identifier: str = Field(description="MJ文字図形名、なければ自庁の外字番号（GJ000001）")
    mj_name: str
    local_id: str
    version: int
    registered_by: str
    registered_at: datetime
    affiliation: str | None
    current: VersionOut
    versions: list[VersionOut] | None = Field(None, description="版の履歴（新しい順、照会・個別取得のみ）")
