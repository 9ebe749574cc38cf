"""API shapes of card issue, production and hand-over (規程第13条) and the 交付停止 (第21条)."""

from datetime import date, datetime

from ninja import Field, Schema

from menkyo.cards.models import TEXT_MAX_LENGTH


class CourseCertificateIn(Schema):
    course: str = Field("", description="講習の種類（普通車講習・二輪車講習・原付講習・旅客車講習 等）")
    number: str = Field("", description="講習終了証明書の番号（20文字以内）")
    completed_on: date | None = Field(None, description="講習の終了日")


class IssueIn(Schema):
    course_certificates: list[CourseCertificateIn] = Field(
        default_factory=list, description="取得時講習の終了証明書（規程第13条第7項；有効な卒業証明書があれば不要）")
    handover_date: date | None = Field(None, description="交付予定日（警察署で必須：明日以降の開庁日。試験場では指定しない）")
    holding_form: str = Field("card", description="新規取得の保有形態：card（免許証）・both（免許証及びマイナ免許証）")


class ReviewIssueIn(Schema):
    handover_date: date | None = Field(None, description="交付予定日（警察署で必須：明日以降の開庁日。試験場では指定しない）")
    reason: str = Field("審査の合格による免許の条件等の変更", description="履歴に残す理由（200文字以内）")


class SerialIn(Schema):
    card_serial: str = Field("", description="カード製造番号（英数字・ハイフン、32文字以内）")


class CardReasonIn(Schema):
    reason: str = Field("", description=f"理由（必須、{TEXT_MAX_LENGTH}文字以内）")


class HandOverIn(Schema):
    signature_confirmed: bool = Field(False, description="受領の署名を確認した（true でなければ交付しない）")
    old_card_collected: bool = Field(False, description="旧免許証を回収した（汚損・破損の再交付、一部取消し後の免許証は true でなければ交付しない）")


class IssueHoldIn(Schema):
    person_id: int = Field(description="運転者の番号（登録番号）")
    reason: str = Field("", description=f"通報の内容（必須、{TEXT_MAX_LENGTH}文字以内）")


class PrintedGaijiOut(Schema):
    """One distinct 外字 of a card: its place in the IC chip (ic-card.md §1.4) and the registered glyph."""

    code_point: str = Field(description="私用領域の符号位置（U+E001 等）。氏名・住所には この文字のまま入っている")
    character: str
    fields: list[str] = Field(description="この外字を含む印字項目（name・address・conditions）")
    slot: int | None = Field(description="ICチップの外字番号（1〜7）。8字目以降・未登録は null（欠字）")
    chip_mark: str = Field(description="チップの文字列中の記号：FFF1〜FFF7（外字1〜7）、FFFA（欠字）")
    chip_file: str = Field(description="字形を記録するファイル：DF1/EF03（外字1・2）、DF1/EF05（外字3〜7、UNCONFIRMED）、欠字は空")
    registered: bool = Field(description="外字登録簿に字形がある（false：外字の登録待ち）")
    identifier: str = Field("", description="MJ文字図形名又は自庁の外字番号（GJ000001 等）")
    version: int = Field(0, description="字形の版（最新の版を使う）")
    width: int = Field(0, description="字形の横ドット数（32、UNCONFIRMED）")
    height: int = Field(0, description="字形の縦ドット数（32、UNCONFIRMED）")
    bitmap_format: str = Field("", description="mono1-rows-msb：1ドット1ビット、上の行から、左端が最上位ビット、1＝黒")
    sha256: str = Field("", description="字形（base64を戻したバイト列）のSHA-256：作成機が照合する")
    base64: str = Field("", description="字形のドット（128バイト）のbase64")


class CardJobOut(Schema):
    id: int
    slip_number: str
    state: str
    state_label: str
    card_kind: str
    application_id: int | None = Field(description="申請（再交付の作成・交付には申請はない: null）")
    reissue_ground: str = Field("", description="再交付の事由（lost・stolen・destroyed・dirty・damaged）、交付では空")
    person_id: int
    name: str
    licence_number: str
    producing_centre: str
    handover_office: str
    handover_date: date
    attempts: int
    needs_staff: bool
    failure_reason: str
    card_serial: str
    handed_over_at: datetime | None
    on_hold: bool = Field(description="交付停止の通報が有効（交付できない）")
    actions: list[str] = Field(description="この操作者・端末が今行える操作（send・receive・hand_over・retry）")
    print_waiting: str = Field("", description="作成機に渡さない理由：gaiji_unregistered（外字の登録待ち：印字する外字に"
                               "登録された字形がない。登録されると作成機に渡る）、空はなし")
    gaiji_unregistered: list[str] = Field(default_factory=list, description="登録待ちの外字の符号位置（U+E001 等）")
    gaiji: list[PrintedGaijiOut] = Field(default_factory=list, description="印字する外字とICチップでの番号・字形")


class PrintedKindOut(Schema):
    kind: str
    acquired_on: date
    label: str


class PrintedPhotoOut(Schema):
    sha256: str = Field(description="画像（base64を戻したJPEG）のSHA-256：作成機が照合する")
    media_type: str
    base64: str


class CardPrintOut(Schema):
    """What the 免許証作成機 prints on one card (本籍 is not printed and not sent)."""

    job_id: int
    slip_number: str
    card_kind: str
    number: str
    name: str
    birth_date: date
    address: str
    issue_date: date
    expiry_date: date
    colour: str
    kinds: list[PrintedKindOut]
    conditions: list[str]
    commission: str
    photo_ref: str = Field(description="写真の参照（sha256:…）。写真が登録されていなければ従来の参照又は空")
    photo: PrintedPhotoOut | None = Field(None, description="免許証に印刷する申請用写真（JPEGのbase64）。未登録は null")
    gaiji: list[PrintedGaijiOut] = Field(
        default_factory=list, description="氏名・住所・条件の外字（異なるもの1字ずつ、最初に現れた順）とICチップでの番号・登録字形。"
        "外字が未登録の作成依頼は作成機に渡さない（外字の登録待ち）ため、ここには登録済みの外字のみ現れる")


class IssueHoldOut(Schema):
    id: int
    person_id: int
    reason: str
    reported_by: str
    reported_at: datetime
    released_by: str
    released_at: datetime | None
    release_reason: str


class QueueRowOut(Schema):
    id: int
    kind: str = Field(description="application（申請）または card_job（作成・交付）")
    name: str
    detail: str


class QueueOut(Schema):
    key: str
    label: str
    count: int
    rows: list[QueueRowOut]


class QueuesOut(Schema):
    office: str
    office_name: str
    day: date
    queues: list[QueueOut]


class ProvisionalCardOut(Schema):
    slip_number: str
    state: str
    state_label: str
    reissue_ground: str = Field(description="再交付の事由（交付のときは空）")
    handover_date: date
    card_job_id: int


class ReissueFeeOut(Schema):
    amount: int | None = Field(description="手数料（円）。法令データの手数料表に額がなければ null")
    status: str = Field(description="手数料表の状態（confirmed・derived・unconfirmed）")
    note: str


class ProvisionalLicenceOut(Schema):
    id: int
    number: str
    kind: str
    person_id: int
    name: str
    commission: str
    issue_date: date
    expiry_date: date
    status: str = Field(description="今日の状態: valid・lapsed（有効期間の末日を過ぎた）・surrendered（返納）など")
    status_label: str
    cards: list[ProvisionalCardOut]
    reissue_fee: ReissueFeeOut
    actions: list[str] = Field(description="この操作者が今行える操作（reissue・return）")


class ProvisionalReissueIn(Schema):
    ground: str = Field(description="再交付の事由: lost（亡失）・stolen（盗難）・destroyed（滅失）・dirty（汚損）・damaged（破損）")
    reason: str = Field(description="申請の内容（再交付申請書の記載、てん末など）")


class ReissueApplicationIn(Schema):
    ground: str = Field("", description="再交付の事由：lost（亡失）・stolen（盗難）・destroyed（滅失）・dirty（汚損）・damaged（破損）")
    theft_alert: bool = Field(False, description="盗難のとき、旧番号の盗品等免許証手配の要請を入力する（任意。手配の要請ができる役割のみ）")
    reason: str = Field("免許証の再交付の申請", description=f"履歴に残す理由（{TEXT_MAX_LENGTH}文字以内）")


class ReissueApplicationOut(Schema):
    application_id: int
    ledger_number: str = Field(description="申請（届出）簿の番号")
    state: str
    ground: str
    licence_id: int
    licence_number: str = Field(description="再交付後の免許証番号（亡失・盗難では12桁目が上がる）")
    previous_number: str = Field(description="亡失・盗難で無効になった旧番号（番号が変わらないときは空）")
    fee_procedure: str = Field(description="納付する手数料の区分（rules.fees）")
    fee_amount: int
    fee_paid: bool
    photo_attached: bool


class ReissueCardIn(Schema):
    handover_date: date | None = Field(None, description="交付予定日（警察署で必須：明日以降の開庁日。試験場では指定しない）")
    reason: str = Field("免許証の再交付", description=f"履歴に残す理由（{TEXT_MAX_LENGTH}文字以内）")


class CancellationIn(Schema):
    scope: str = Field("", description="whole（全部の取消し）・higher（上位の種類のみ）")
    kinds: list[str] = Field(default_factory=list, description="取り消す免許の種類（higher のとき：大型・中型 等）")
    applicant: str = Field("holder", description="holder（本人）・agent（代理人：全部の取消しのみ）")
    agent_name: str = Field("", description="代理人の氏名")
    agent_relation: str = Field("", description="代理人の続柄等")
    disadvantage_explained: bool = Field(False, description="取消しによる不利益を説明した（規程第57条、true でなければ受理しない）")
    handover_date: date | None = Field(None, description="一部の取消しの警察署：引き続き受ける種類の免許証の交付予定日")
    reason: str = Field("申請による免許の取消し", description=f"履歴に残す理由（{TEXT_MAX_LENGTH}文字以内）")


class CancellationOut(Schema):
    id: int
    book_number: str = Field(description="申請取消簿の番号")
    licence_id: int
    licence_number: str
    scope: str
    kinds_cancelled: list[str]
    kinds_kept: list[str]
    applicant: str
    cancelled_on: date
    card_job_id: int | None = Field(description="引き続き受ける種類の免許証の作成依頼（一部の取消し）")
    history_certificate_eligible: bool = Field(description="運転経歴証明書の交付を申請できる（全部の取消し）")
