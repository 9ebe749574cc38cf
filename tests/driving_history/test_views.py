"""運転経歴証明書 pages: reached from the cancellation and the licence page, the application prefilled for the
person, the certificate with its hand-over, change, reissue and return; bad input shown by its field."""

import pytest
from tests.payments import paid

from menkyo.driving_history.models import Certificate

pytestmark = pytest.mark.django_db


def test_the_cancellation_page_links_to_the_application_for_the_same_person(client, login_as, centre_clerk,
                                                                             cancelled):
    login_as(client, centre_clerk)
    page = client.get(f"/cards/cancellations/{cancelled.pk}/").content.decode()
    assert f'href="/driving-history/persons/{cancelled.person_id}/apply/"' in page


def test_the_licence_page_of_an_ended_licence_links_to_the_persons_certificates(client, login_as, centre_clerk,
                                                                                 cancelled):
    login_as(client, centre_clerk)
    page = client.get(f"/registry/licences/{cancelled.licence_number}/",
                      {"purpose": "運転経歴証明書"}).content.decode()
    assert f'href="/driving-history/persons/{cancelled.person_id}/"' in page


def test_a_clerk_receives_the_application_and_hands_the_certificate_over(client, login_as, centre_clerk, cancelled,
                                                                         django_assert_max_num_queries):
    login_as(client, centre_clerk)
    form = client.get(f"/driving-history/persons/{cancelled.person_id}/apply/").content.decode()
    assert "交付を申請できます" in form and "山田 太郎" in form
    response = client.post(f"/driving-history/persons/{cancelled.person_id}/apply/",
                           {"identity_document": "住民票の写し", "identity_confirmed": "on", "reason": "交付申請", **paid("DH")})
    certificate = Certificate.objects.get()
    assert response.status_code == 302 and response["Location"] == f"/driving-history/certificates/{certificate.pk}/"
    with django_assert_max_num_queries(25):
        page = client.get(response["Location"]).content.decode()
    assert "作成済（交付待ち）" in page and "1,100円" in page
    client.post(f"/driving-history/certificates/{certificate.pk}/hand-over/", {"signature_confirmed": "on"})
    assert Certificate.objects.get().state == "issued"
    listing = client.get(f"/driving-history/persons/{cancelled.person_id}/").content.decode()
    assert certificate.number in listing and "交付済" in listing


def test_an_unchecked_identity_is_shown_by_its_field_and_nothing_is_written(client, login_as, centre_clerk,
                                                                            cancelled):
    login_as(client, centre_clerk)
    response = client.post(f"/driving-history/persons/{cancelled.person_id}/apply/",
                           {"identity_document": "住民票の写し", "reason": "交付申請"})
    assert response.status_code == 422 and "照合してください" in response.content.decode()
    assert not Certificate.objects.exists()


def test_a_holder_of_a_licence_is_told_why_no_certificate_can_be_issued(client, login_as, centre_clerk, licence):
    login_as(client, centre_clerk)
    page = client.get(f"/driving-history/persons/{licence.person_id}/").content.decode()
    assert "交付できません" in page and "免許を現に受けている" in page and "apply-link" not in page


def test_the_certificate_is_changed_reissued_and_returned_from_its_page(client, login_as, centre_clerk, issued):
    login_as(client, centre_clerk)
    base = f"/driving-history/certificates/{issued.pk}"
    assert client.post(f"{base}/change/", {"address": "兵庫県明石市大久保町1番", "reason": "転居"}).status_code == 422
    client.post(f"{base}/change/", {"address": "兵庫県明石市大久保町1番", "document_confirmed": "on", "reason": "転居"})
    assert Certificate.objects.get(pk=issued.pk).address == "兵庫県明石市大久保町1番"
    response = client.post(f"{base}/reissue/", {"ground": "lost", "identity_document": "住民票の写し", "reason": "紛失", **paid("DH")})
    new = Certificate.objects.get(replaces=issued)
    assert response["Location"] == f"/driving-history/certificates/{new.pk}/"
    pdf = client.get(f"/driving-history/certificates/{new.pk}/certificate.pdf")
    assert pdf.status_code == 200 and pdf["Content-Type"] == "application/pdf"
    client.post(f"/driving-history/certificates/{new.pk}/hand-over/", {"signature_confirmed": "on"})
    client.post(f"/driving-history/certificates/{new.pk}/return/", {"reason": "免許を再取得"})
    assert Certificate.objects.get(pk=new.pk).state == "returned"


def test_another_prefectures_clerk_cannot_open_the_certificate(client, login_as, make_operator, made):
    login_as(client, make_operator("osaka_counter", ["counter"], "27-001"))
    assert client.get(f"/driving-history/certificates/{made.pk}/").status_code == 403
