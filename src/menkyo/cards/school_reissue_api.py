"""教習所からの仮免許証の再交付の申請 API (規程第15条第6項).

The school's terminal sends the application (``POST /school-provisional-reissues``); 「窓口」「審査」 at
the 試験場 list the open ones and accept one (``POST /school-provisional-reissues/{id}/accept``), which
makes the card through the ordinary reissue (規程第15条第2項). Input errors are 422 with
``error.field`` (``number``, ``birth_date``, ``declared``, ``ground``, ``reason``); a 仮免許 not 有効
today, a card in the making or an application already open is 409; another prefecture or a device
other than a school's terminal is 403. The 試験場 may instead return it with a reason (``…/return``); the
school's terminal follows its applications with ``GET /school-provisional-reissues``.
"""

from datetime import datetime

from ninja import Field, Router, Schema, Status

from menkyo.cards import school_reissue as services
from menkyo.cards.api import job_out
from menkyo.cards.schemas import CardJobOut
from menkyo.cards.services import load_job
from menkyo.core.http import ERRORS, as_unprocessable
from menkyo.core.legal import implements

router = Router(tags=["provisional-licences"])


class SchoolReissueIn(Schema):
    number: str = Field(description="仮免許証番号（12桁）")
    birth_date: str = Field(description="教習生の生年月日（YYYY-MM-DD）")
    ground: str = Field(description="再交付の事由: lost・stolen・destroyed・dirty・damaged")
    reason: str = Field(description="申請の内容（再交付申請書の記載、てん末など）")
    declared: bool = Field(False, description="自校の教習生である旨の教習所の管理者の申立て")


class SchoolReissueOut(Schema):
    id: int
    school: str
    provisional_number: str
    ground: str
    ground_label: str
    state: str
    state_label: str
    submitted_at: datetime
    card_job_id: int | None
    return_reason: str = Field(description="試験場が返戻したときの理由（返戻されていなければ空）")


def application_out(application) -> SchoolReissueOut:
    return SchoolReissueOut(
        id=application.pk, school=application.school.name,
        provisional_number=application.provisional_licence.number, ground=application.ground,
        ground_label=application.get_ground_display(), state=application.state,
        state_label=application.get_state_display(), submitted_at=application.submitted_at,
        card_job_id=application.card_job_id, return_reason=application.return_reason)


@router.post("/school-provisional-reissues", response={201: SchoolReissueOut, **ERRORS},
             summary="教習生の仮免許証の再交付の申請（教習所端末、規程第15条第6項）")
@implements(services.submit_school_provisional_reissue)
def submit_school_provisional_reissue(request, payload: SchoolReissueIn):
    """From the school's terminal: the 仮免許 of its own prefecture; nothing is made until the 試験場 accepts."""
    application = as_unprocessable(services.submit_school_provisional_reissue, request.actor, **payload.dict())
    return Status(201, application_out(services.load_application(application.pk)))


@router.get("/school-provisional-reissues", response={200: list[SchoolReissueOut], **ERRORS},
            summary="教習所からの仮免許証の再交付の申請（職員: 自県の受理待ち／教習所端末: 自校の申請の状況）")
def list_school_provisional_reissues(request):
    """Staff: the prefecture's open applications. A school's terminal: its own last 100, every state, with the
    reason of a return."""
    return [application_out(a) for a in services.school_applications(request.actor)]


class SchoolReissueReturnIn(Schema):
    reason: str = Field("", description="返戻の理由（必須、200文字以内。教習所に伝わる）")


@router.post("/school-provisional-reissues/{application_id}/return", response={200: SchoolReissueOut, **ERRORS},
             summary="教習所からの仮免許証の再交付の申請の返戻（試験場、理由を付して）")
@implements(services.return_school_provisional_reissue)
def return_school_provisional_reissue(request, application_id: int, payload: SchoolReissueReturnIn):
    application = as_unprocessable(services.return_school_provisional_reissue, request.actor, application_id,
                                   reason=payload.reason)
    return application_out(services.load_application(application.pk))


@router.post("/school-provisional-reissues/{application_id}/accept", response={201: CardJobOut, **ERRORS},
             summary="教習所からの仮免許証の再交付の申請の受理と作成依頼（規程第15条第6項・第2項）")
@implements(services.accept_school_provisional_reissue)
def accept_school_provisional_reissue(request, application_id: int):
    """At the 試験場: the ordinary reissue of the 仮免許証 (a card job handed over today)."""
    job = as_unprocessable(services.accept_school_provisional_reissue, request.actor, application_id)
    return Status(201, job_out(load_job(job.pk), request.actor))
