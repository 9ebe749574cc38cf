"""仮免許 API: read one 仮免許 (its status on the day asked: 失効 after its expiry date), reissue its
card (規程第15条第2項) and receive its return (規程第20条第2項).

Input errors are 422 with ``error.field`` (``ground``, ``reason``); a 仮免許 that is not 有効 today
(``lapsed``, ``not_valid``) or whose card is still being made (``card_pending``) is 409; another
prefecture, a role that may not, or a reissue outside a 試験場 is 403; an unknown id 404.
"""

from django.utils import timezone
from ninja import Router, Status

from menkyo.cards import provisional as services
from menkyo.cards.api import job_out
from menkyo.cards.schemas import (
    CardJobOut,
    CardReasonIn,
    ProvisionalCardOut,
    ProvisionalLicenceOut,
    ProvisionalReissueIn,
    ReissueFeeOut,
)
from menkyo.cards.services import load_job
from menkyo.core.http import ERRORS, as_unprocessable
from menkyo.core.legal import implements
from menkyo.registry.models import ProvisionalLicence

router = Router(tags=["provisional-licences"])


def provisional_out(provisional: ProvisionalLicence, actor) -> ProvisionalLicenceOut:
    fee = services.reissue_fee(timezone.localdate(), provisional.home_prefecture_id)
    return ProvisionalLicenceOut(
        id=provisional.pk, number=provisional.number, kind=provisional.kind_id, person_id=provisional.person_id,
        name=provisional.person.name, commission=provisional.commission.name, issue_date=provisional.issue_date,
        expiry_date=provisional.expiry_date, status=provisional.current_status,
        status_label=provisional.current_status_label,
        cards=[ProvisionalCardOut(slip_number=job.slip_number, state=job.state, state_label=job.get_state_display(),
                                  reissue_ground=job.reissue_ground, handover_date=job.handover_date, card_job_id=job.pk)
               for job in services.card_jobs(provisional)],
        reissue_fee=ReissueFeeOut(amount=fee.amount, status=fee.status, note=fee.note),
        actions=services.actions_for(actor, provisional))


@router.get("/provisional-licences/{provisional_id}", response={200: ProvisionalLicenceOut, **ERRORS},
            summary="仮免許の閲覧（有効期間・状態・作成した仮免許証）")
def get_provisional_licence(request, provisional_id: int):
    """``status`` is the status today: ``lapsed`` (失効) once the expiry date has passed."""
    return provisional_out(services.get_provisional_licence(request.actor, provisional_id), request.actor)


@router.post("/provisional-licences/{provisional_id}/reissue", response={201: CardJobOut, **ERRORS},
             summary="仮免許証の再交付（規程第15条第2項）")
@implements(services.reissue_provisional_licence)
def reissue_provisional_licence(request, provisional_id: int, payload: ProvisionalReissueIn):
    """At a 試験場: a card job for its 免許証作成機, handed over today. The fee is UNCONFIRMED (see
    ``reissue_fee`` of the 仮免許)."""
    job = as_unprocessable(services.reissue_provisional_licence, request.actor, provisional_id,
                           ground=payload.ground, reason=payload.reason)
    return Status(201, job_out(load_job(job.pk), request.actor))


@router.post("/provisional-licences/{provisional_id}/return", response={200: ProvisionalLicenceOut, **ERRORS},
             summary="仮免許証の返納の受理（規程第20条第2項）")
@implements(services.return_provisional_licence)
def return_provisional_licence(request, provisional_id: int, payload: CardReasonIn):
    """The 仮免許 becomes ``surrendered`` (返納) and can no longer be used for a test."""
    provisional = as_unprocessable(services.return_provisional_licence, request.actor, provisional_id,
                                   reason=payload.reason)
    return provisional_out(provisional, request.actor)
