"""The top bar: one link per app the operator may use, the app's own entries as a second row."""

import pytest

from menkyo.web.navigation import nav_groups_for, nav_items_for

pytestmark = pytest.mark.django_db


def test_an_operator_with_every_working_role_sees_one_top_link_per_app_not_per_entry(make_operator):
    clerk = make_operator("all_round", ["counter", "case_officer", "examiner"])
    groups = nav_groups_for(clerk)
    assert len(groups) < len(nav_items_for(clerk))
    assert len({group["url"] for group in groups}) == len(groups)


def test_an_app_with_several_entries_is_named_by_the_app_and_links_to_its_first_entry(make_operator):
    clerk = make_operator("card_clerk", ["counter"])
    cards = next(group for group in nav_groups_for(clerk) if group["url"] == "/cards/")
    assert cards["label"] == "免許証の作成・交付"
    assert [item["url"] for item in cards["items"]][0] == "/cards/"
    assert len(cards["items"]) > 1


def test_inside_an_app_only_the_entry_with_the_longest_matching_address_is_active(make_operator):
    clerk = make_operator("card_clerk", ["counter"])
    holds_url = next(item["url"] for item in nav_items_for(clerk) if item["url_name"] == "cards:endorsements")
    cards = next(group for group in nav_groups_for(clerk, holds_url) if group["url"] == "/cards/")
    assert cards["active"]
    assert [item["url_name"] for item in cards["items"] if item["active"]] == ["cards:endorsements"]


def test_a_page_of_an_app_shows_that_apps_entries_as_the_second_row(make_operator, login_as, client):
    login_as(client, make_operator("card_clerk", ["counter"]))
    page = client.get("/cards/").content.decode()
    subnav = page.split('<nav class="subnav">', 1)[1].split("</nav>", 1)[0]
    assert "免許情報記録の書換え" in subnav and "免許証の裏書（追記）" in subnav
    mainnav = page.split('<nav class="mainnav">', 1)[1].split("</nav>", 1)[0]
    assert "免許証の裏書（追記）" not in mainnav


def test_the_dashboard_still_lists_every_entry_the_operator_may_use(make_operator, login_as, client):
    clerk = make_operator("card_clerk", ["counter"])
    login_as(client, clerk)
    page = client.get("/").content.decode()
    for item in nav_items_for(clerk):
        assert item["label"] in page


def test_an_app_with_many_procedures_shows_its_second_row_in_labelled_clusters(make_operator, login_as, client):
    """行政処分 has more entries than fit one row: the main flow first, then 免許の申請者等 and 特別な処分."""
    officer = make_operator("all_cases", ["case_officer", "counter"])
    login_as(client, officer)
    page = client.get("/dispositions/deadlines/").content.decode()
    subnav = page.split('<nav class="subnav">', 1)[1].split("</nav>", 1)[0]
    rows = subnav.split('<div class="subnav-row">')[1:]
    assert [row.split('<span class="subnav-label">')[1].split("<")[0] if "subnav-label" in row else "" for row in rows] \
        == ["", "免許の申請者等", "特別な処分"]
    assert "処分の執行" in rows[0] and "前歴通知書" in rows[1] and "運転禁止（国際運転免許証等）" in rows[2]
