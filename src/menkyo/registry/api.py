"""Register API: read a licence by number, read a person, change particulars (規程第14条).

Every read is audited with its purpose; every change goes through
:mod:`menkyo.registry.services`.
"""

from ninja import Query, Router, Status

from menkyo.core.http import ERRORS
from menkyo.core.legal import implements
from menkyo.registry import services
from menkyo.registry.models import Licence, Person
from menkyo.registry.purposes import ALL_CODES, CASE_NUMBER_MAX_LENGTH, TEXT_MAX_LENGTH
from menkyo.registry.schemas import (
    KindHeldOut,
    LicenceOut,
    ParticularsChange,
    PersonOut,
    ProvisionalIn,
    ProvisionalOut,
)

router = Router(tags=["registry"])

PURPOSE = Query(..., description=f"照会事由（必須）：{ALL_CODES}")
PURPOSE_TEXT = Query("", description=f"照会事由の内容（{TEXT_MAX_LENGTH}文字以内；「その他」では必須）")
CASE_NUMBER = Query("", description=f"事件番号等（{CASE_NUMBER_MAX_LENGTH}文字以内；「捜査」「行政処分」では必須）")


def person_out(actor, person: Person) -> PersonOut:
    hidden = services.hidden_fields(actor)  # 本籍・国籍等: the same filter as the history's
    return PersonOut(
        id=person.pk, name=person.name, name_kana=person.name_kana, alias=person.alias,
        gaiji_refs=person.gaiji_refs, birth_date=person.birth_date, sex=person.sex,
        postal_code=person.postal_code, address=person.address,
        honseki=None if "honseki" in hidden else person.honseki,
        nationality=None if "nationality" in hidden else person.nationality,
        home_prefecture=person.home_prefecture_id, version=person.version,
    )


def licence_out(actor, licence: Licence) -> LicenceOut:
    return LicenceOut(
        number=licence.number, status=licence.status, status_label=licence.get_status_display(),
        first_commission=licence.first_commission_id, home_commission=licence.home_commission_id,
        home_prefecture=licence.home_prefecture_id, issue_date=licence.issue_date,
        expiry_date=licence.expiry_date, colour=licence.colour, conditions=licence.conditions,
        holding_form=licence.holding_form, mynumber_record_number=licence.mynumber_record_number,
        version=licence.version,
        kinds=[KindHeldOut(kind=k.kind_id, name=k.kind.name, acquired_on=k.acquired_on,
                           limitation=k.limitation or None, label=k.label, special_course=k.special_course)
               for k in licence.kinds.all()],
        person=person_out(actor, licence.person),
    )


@router.get("/licences/{number}", response={200: LicenceOut, **ERRORS}, summary="免許証番号で免許を読む")
@implements(services.read_licence)
def get_licence(request, number: str, purpose: str = PURPOSE, purpose_text: str = PURPOSE_TEXT,
                case_number: str = CASE_NUMBER):
    """Read a licence and its holder by licence number (check digit validated) for a stated 照会事由."""
    licence = services.read_licence(request.actor, number, purpose=purpose, purpose_text=purpose_text,
                                    case_number=case_number)
    return licence_out(request.actor, licence)


@router.get("/persons/{person_id}", response={200: PersonOut, **ERRORS}, summary="運転者を読む")
@implements(services.read_person)
def get_person(request, person_id: int, purpose: str = PURPOSE, purpose_text: str = PURPOSE_TEXT,
               case_number: str = CASE_NUMBER):
    """Read a person for a stated 照会事由; another prefecture's person is answered like an unknown id (404)."""
    person = services.read_person(request.actor, person_id, purpose=purpose, purpose_text=purpose_text,
                                  case_number=case_number)
    return person_out(request.actor, person)


@router.patch("/persons/{person_id}", response={200: PersonOut, **ERRORS}, summary="記載事項変更（規程第14条）")
@implements(services.change_particulars)
def change_person(request, person_id: int, payload: ParticularsChange):
    """Register a notified change of particulars; unchanged fields are omitted.

    ``expected_version`` (required) is the person's ``version`` as read; a change
    made since is refused with 409. 本籍・国籍等 only by 審査 (403 otherwise).
    """
    body = payload.dict(exclude_unset=True)
    reason = body.pop("reason")
    expected_version = body.pop("expected_version")
    person = services.change_particulars(
        request.actor, person_id, body, reason=reason, expected_version=expected_version
    )
    return person_out(request.actor, person)


@router.post("/persons/{person_id}/provisional-licences", response={201: ProvisionalOut, **ERRORS},
             summary="仮免許証の交付を登録（規程第13条第3項）")
@implements(services.register_provisional_licence)
def add_provisional(request, person_id: int, payload: ProvisionalIn):
    provisional = services.register_provisional_licence(
        request.actor, person_id, payload.kind, issue_date=payload.issue_date, conditions=payload.conditions
    )
    return Status(201, ProvisionalOut(number=provisional.number, kind=provisional.kind_id,
                               issue_date=provisional.issue_date, expiry_date=provisional.expiry_date,
                               status=provisional.status))
