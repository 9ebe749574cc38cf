"""API schemas of the register."""

from datetime import date

from ninja import Field, Schema


class KindHeldOut(Schema):
    kind: str = Field(description="card label (種類): a deemed licence is its deemed kind, e.g. 中型")
    name: str
    acquired_on: date = Field(description="取得年月日: for a deemed licence, the old 普通's date")
    limitation: str | None = Field(
        None, description="8t / 5t for a deemed 中型（8t限定） / 準中型（5t限定） (law-rules §6.3); null otherwise"
    )
    label: str = Field(description="as the licence page shows it: 中型（8t限定）, or the card label")
    special_course: bool = Field(
        False, description="特例取得: obtained through the 受験資格特例 (受験資格特例教習, law-rules §4.2); its "
                           "若年運転者期間 applies"
    )


class PersonOut(Schema):
    id: int
    name: str
    name_kana: str
    alias: str
    gaiji_refs: list[str]
    birth_date: date
    sex: str
    postal_code: str
    address: str
    honseki: str | None = Field(None, description="本籍: only for roles that need it (審査・決定)")
    nationality: str | None = Field(None, description="国籍等: only for roles that need it (審査・決定)")
    home_prefecture: str
    version: int = Field(description="the person's version: send it as expected_version with a change")


class LicenceOut(Schema):
    number: str
    status: str
    status_label: str
    first_commission: str
    home_commission: str
    home_prefecture: str
    issue_date: date
    expiry_date: date
    colour: str
    conditions: list[str]
    holding_form: str
    mynumber_record_number: str | None
    version: int
    kinds: list[KindHeldOut]
    person: PersonOut


class ParticularsChange(Schema):
    """A change of particulars: only the fields to change, plus the reason (届出の内容)."""

    name: str | None = None
    name_kana: str | None = None
    alias: str | None = None
    postal_code: str | None = None
    address: str | None = None
    honseki: str | None = None
    nationality: str | None = None
    reason: str
    expected_version: int = Field(description="required: the person's version as read (PersonOut.version); "
                                              "a change made since is refused with 409")


class ProvisionalIn(Schema):
    kind: str = Field(description="大型仮 / 中型仮 / 準中型仮 / 普通仮")
    issue_date: date | None = None
    conditions: list[str] = []


class ProvisionalOut(Schema):
    number: str
    kind: str
    issue_date: date
    expiry_date: date
    status: str
