"""The 格下げ on the renewal page (規程第16条第5項ただし書): offered with each kind judged when the 適性検査
failed the higher kind's standard, a failing kind refused on the form, the request taken and the page
then saying which kinds are renewed."""

import pytest
from tests.cards.test_downgrade import POOR_DEPTH, failed, truck_driver  # noqa: F401
from tests.cards.test_renewal import GOOD_EYES, aptitude, examiner, receive  # noqa: F401

from menkyo.counter.models import Application

pytestmark = pytest.mark.django_db


def test_the_renewal_page_offers_the_downgrade_and_takes_it(client, login_as, centre_clerk, failed,  # noqa: F811
                                                            django_assert_max_num_queries):
    login_as(client, centre_clerk)
    url = f"/cards/applications/{failed.pk}/renew/"
    with django_assert_max_num_queries(40):
        body = client.get(url).content.decode()
    assert 'id="downgrade-form"' in body and "不適合（" in body and "深視力" in body
    refused = client.post(f"/cards/applications/{failed.pk}/downgrade/", {"kinds": ["大型"], "reason": "申出"})
    assert refused.status_code == 422 and "合格基準に適合しません" in refused.content.decode()
    response = client.post(f"/cards/applications/{failed.pk}/downgrade/", {"kinds": ["普自二"], "reason": "申出"},
                           follow=True)
    body = response.content.decode()
    assert response.redirect_chain[-1][0] == url and 'id="downgrade-requested"' in body
    assert "大型を除き、普自二を更新します" in body and 'id="downgrade-form"' not in body
    assert Application.objects.get(pk=failed.pk).state == "passed"


def test_a_passed_renewal_shows_no_downgrade(client, login_as, centre_clerk, receive, aptitude,  # noqa: F811
                                              truck_driver):  # noqa: F811
    application = receive(truck_driver)
    aptitude(application, GOOD_EYES | {"depth_error_cm": "1.0"})
    login_as(client, centre_clerk)
    assert 'id="downgrade-form"' not in client.get(f"/cards/applications/{application.pk}/renew/").content.decode()
