"""Alert pages (手配): request with Japanese errors, approve by a second person, release, the inbox."""

import pytest

from menkyo.alerts.models import Alert, AlertState, Notification
from menkyo.inquiry.services import make_inquiry

pytestmark = pytest.mark.django_db


def form(request_data, **change):
    data = {**request_data, "expiry_date": request_data["expiry_date"].isoformat(), "requesting_affiliation": "28-001"}
    return {**data, **change}


def test_a_request_on_the_page_redirects_to_the_alert_waiting_for_approval(client, login_as, requester,
                                                                           request_data):
    login_as(client, requester)
    page = client.get("/alerts/new/")
    assert page.status_code == 200 and "手配登録の要請" in page.content.decode()
    response = client.post("/alerts/new/", form(request_data), follow=True)
    alert = Alert.objects.get()
    assert response.redirect_chain[-1][0] == f"/alerts/{alert.pk}/"
    body = response.content.decode()
    assert "申請中" in body and "自分が要請を入力した手配は承認できません" in body and 'id="approve"' not in body


@pytest.mark.parametrize(("change", "message"), [
    ({"kind": ""}, "手配の区分を選んでください。"),
    ({"kind": "wanted"}, "手配の区分を一覧から選んでください。"),
    ({"reason": ""}, "手配の理由を入力してください。"),
    ({"reason": "長" * 201}, "手配の理由は200文字以内で入力してください"),
    ({"expiry_date": "2020-01-01"}, "有効期限は明日以降の日付を入力してください"),
    ({"requesting_affiliation": "27-001"}, "要請所属は自県の所属から選んでください"),
    ({"licence_number": "123"}, "免許証番号"),
])
def test_bad_input_shows_a_japanese_error_and_nothing_is_saved(client, login_as, requester, request_data,
                                                               change, message):
    login_as(client, requester)
    response = client.post("/alerts/new/", form(request_data, **change))
    assert response.status_code == 200 and message in response.content.decode()
    assert not Alert.objects.exists()


def test_a_counter_clerk_gets_the_403_page_in_japanese(client, login_as, hyogo_counter):
    login_as(client, hyogo_counter)
    response = client.get("/alerts/new/")
    assert response.status_code == 403 and "手配登録の要請は" in response.content.decode()
    assert client.get("/alerts/").status_code == 403


def test_a_second_person_approves_on_the_page(client, login_as, approver, requested):
    login_as(client, approver)
    page = client.get(f"/alerts/{requested.pk}/").content.decode()
    assert 'id="approve"' in page and 'id="reject"' in page
    response = client.post(f"/alerts/{requested.pk}/approve/", follow=True)
    assert "を登録しました" in response.content.decode()
    assert Alert.objects.get(pk=requested.pk).state == AlertState.ACTIVE


def test_approving_twice_shows_the_conflict_as_a_message(client, login_as, approver, active):
    login_as(client, approver)
    response = client.post(f"/alerts/{active.pk}/approve/", follow=True)
    assert "現在の状態（登録済）では" in response.content.decode()


def test_a_release_without_reason_is_refused_in_japanese_then_done_with_one(client, login_as, requester, active):
    login_as(client, requester)
    refused = client.post(f"/alerts/{active.pk}/release/", {"reason": ""})
    assert refused.status_code == 422 and "「解除」の理由を入力してください。" in refused.content.decode()
    assert Alert.objects.get(pk=active.pk).state == AlertState.ACTIVE
    done = client.post(f"/alerts/{active.pk}/release/", {"reason": "所在判明"}, follow=True)
    assert "を解除しました" in done.content.decode() and Alert.objects.get(pk=active.pk).state == "released"


def test_a_rejection_with_a_reason(client, login_as, approver, requested):
    login_as(client, approver)
    client.post(f"/alerts/{requested.pk}/reject/", {"reason": "必要性なし"})
    assert Alert.objects.get(pk=requested.pk).state == AlertState.REJECTED


def test_an_osaka_officer_opening_a_hyogo_alert_gets_403(client, login_as, make_operator, active):
    login_as(client, make_operator("osaka_officer", ["case_officer"], "27-001"))
    response = client.get(f"/alerts/{active.pk}/")
    assert response.status_code == 403 and "他の都道府県" in response.content.decode()


def test_the_list_shows_review_due_and_filters_by_state(client, login_as, requester, active):
    login_as(client, requester)
    body = client.get("/alerts/").content.decode()
    assert "その他手配" in body and "山田 太郎" in body
    assert "山田 太郎" not in client.get("/alerts/?state=released").content.decode()


def test_the_inbox_shows_the_hit_and_marks_it_read(client, login_as, requester, active, hyogo_licence):
    make_inquiry(requester, purpose="交通取締り", licence_number=hyogo_licence.number)
    login_as(client, requester)
    body = client.get("/alerts/inbox/").content.decode()
    assert "未読" in body and "その他手配" in body and "交通取締り" in body
    notification = Notification.objects.get()
    response = client.post(f"/alerts/inbox/{notification.pk}/read/", follow=True)
    assert "通知を既読にしました。" in response.content.decode()
    assert "通知はありません。" in client.get("/alerts/inbox/?unread=1").content.decode()


def test_the_menu_offers_alerts_and_the_inbox_to_staff_only(client, login_as, requester, hyogo_counter):
    login_as(client, requester)
    home = client.get("/").content.decode()
    assert 'href="/alerts/"' in home and 'href="/alerts/inbox/"' in home
    client.logout()
    login_as(client, hyogo_counter)
    assert 'href="/alerts/"' not in client.get("/").content.decode()
