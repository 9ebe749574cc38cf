"""API shapes of applications (申請), fees and the 申請（届出）簿."""

from datetime import date, datetime

from ninja import Field, Schema

from menkyo.counter.models import (
    ApplicationType,
    DocumentCode,
    PaymentMethod,
    QuestionnaireItem,
    Route,
)


def _choices(choices) -> str:
    return "・".join(f"{value}（{label}）" for value, label in choices)


class CertificateIn(Schema):
    school: str = Field("", description="指定自動車教習所の番号")
    number: str = Field("", description="卒業証明書の番号")


class ApplicationIn(Schema):
    application_type: str = Field("", description=f"申請の種別（必須）：{_choices(ApplicationType.choices)}")
    route: str = Field("", description=f"受験の経路（必須）：{_choices(Route.choices)}")
    licence_kind: str = Field("", description="申請する免許の種類（免許証の表示：普通、普通仮、大自二 …）")
    review_condition: str = Field("", description="条件解除審査・申請による条件の付与の対象の条件：glasses（眼鏡等）・"
                                  "hearing_aid（補聴器）・at_futsuu（普通車はAT車に限る）。限定解除審査は licence_kind の限定（免許に付されたもの）を解除")
    remaining_condition: str = Field("", description="限定解除審査で限定の一部のみ解除するとき、残る限定：at_futsuu_nirin"
                                     "（普通二輪はAT車に限る）・kogata_futsuu_nirin（普通二輪は小型二輪に限る）。空は全部の解除")
    vehicle_limit: str = Field("", description="試験の車の限定（新規取得・種類の追加・仮免許）：at_futsuu（普通車はAT車に限る）・"
                               "at_futsuu_nirin・kogata_futsuu_nirin・kogata_at_futsuu_nirin（普通二輪）・"
                               "at_oogata_nirin（大型二輪はAT車に限る）・at_futsuu_kari（普通仮免許: AT車に限る）・"
                               "at_futsuu_nishu（普二: 普通車の旅客車はAT車に限る）・mt（MT車で受験、限定なし）。"
                               "交付する免許・仮免許にその条件を付す。空はAT限定の仮免許を受けている方ではその限定（AT）")
    licence_number: str = Field("", description="免許を受けている申請者の免許証番号（12桁）")
    provisional_number: str = Field("", description="仮免許を受けている申請者の仮免許証番号（12桁、直接受験）")
    person_id: int | None = Field(None, description="登録済みの申請者の番号（再受験など）")
    name: str = Field("", description="新規申請者の氏名（そのまま記録されます）")
    name_kana: str = Field("", description="フリガナ")
    birth_date: date | None = Field(None, description="生年月日")
    sex: str = Field("", description="性別：1（男）・2（女）")
    postal_code: str = Field("", description="郵便番号（7桁）")
    address: str = Field("", description="住所")
    honseki: str = Field("", description="本籍（日本国籍の方）")
    nationality: str = Field("", description="国籍等（外国籍の方）")
    questionnaire: dict[str, bool] | None = Field(
        None, description="質問票の回答（5項目すべて：true＝はい）：" + "・".join(QuestionnaireItem.values))
    documents: list[str] = Field([], description=f"提出・提示された書類：{_choices(DocumentCode.choices)}")
    graduation_certificate: CertificateIn | None = Field(None, description="卒業証明書（指定教習所卒業の経路）")
    special_course: bool = Field(False, description="受験資格特例教習を修了")
    disadvantage_explained: bool = Field(False, description="受理できない理由を説明済み（規程第57条）")
    note: str = Field("", description="備考（200文字以内）")


class RefusalOut(Schema):
    code: str
    message: str
    reference: str


class PaymentOut(Schema):
    id: int
    procedure: str
    label: str
    amount: int
    method: str
    slip_number: str
    paid_at: datetime


class ApplicationOut(Schema):
    id: int
    state: str
    state_label: str
    office: str
    application_type: str
    route: str
    licence_kind: str
    person_id: int
    name: str
    name_kana: str
    birth_date: date
    received_on: date
    ledger_number: str
    aptitude_review: bool
    review_condition: str = Field("", description="審査の対象の条件（法令判定の条件コード、試験の申請では空）")
    remaining_condition: str = Field("", description="限定の一部解除で残る限定（条件コード、全部の解除では空）")
    vehicle_limit: str = Field("", description="試験の車の限定（条件コード、限定なしでは空）")
    refusals: list[RefusalOut]
    payments: list[PaymentOut]
    has_photo: bool = Field(False, description="申請用写真が登録されているか（画像は GET …/photo）")


class PaymentIn(Schema):
    procedure_code: str = Field("", description="手数料の区分（法令判定の手数料表の手続コード）")
    method: str = Field("", description=f"納付方法：{_choices(PaymentMethod.choices)}")
    slip_number: str = Field("", description="手数料事務処理票番号（英数字20文字以内、重複不可）")
    holding_form: str = Field("", description="交付後の保有形態：card・mynumber・both（省略時は更新の申請なら更新する免許の"
                                              "保有形態、それ以外は card）")


class ApplicationReasonIn(Schema):
    reason: str = Field("", description="理由（必須、200文字以内）")


class GraduationCertificateIn(Schema):
    school: str = Field("", description="指定自動車教習所の番号")
    number: str = Field("", description="証明書番号")
    kind: str = Field("", description="免許の種類")
    name: str = Field("", description="氏名")
    name_kana: str = Field("", description="フリガナ")
    birth_date: date | None = Field(None, description="生年月日")
    passed_on: date | None = Field(None, description="卒業検定合格日")
    reissued: bool = Field(False, description="再発行")


class GraduationCertificateOut(Schema):
    id: int
    school: str
    number: str
    kind: str
    passed_on: date


class PhotoOut(Schema):
    """A 申請用写真 as stored (re-encoded as JPEG, without metadata); the image itself is GET …/photo."""

    sha256: str = Field(description="保存した画像（JPEG）のSHA-256")
    media_type: str
    source_format: str = Field(description="受け付けた形式：JPEG・PNG")
    size: int = Field(description="保存した画像のバイト数")
    width: int
    height: int
    taken_on: date = Field(description="撮影日")
    received_at: datetime
    received_by: str
