from django.apps import AppConfig

from menkyo.core.http import MenuEntry


class CardsConfig(AppConfig):
    """免許証等の交付 (規程第13条): issue in the register, card production and hand-over."""

    name = "menkyo.cards"
    label = "cards"
    verbose_name = "免許証の作成・交付"
    menu = (
        MenuEntry("cards:queues", "免許証の作成・交付",
                  "所属の待ち行列（本日の申請・受験中・合格・作成待ち・送付中・交付待ち・交付停止）と交付（規程第13条）。",
                  "cards.list_card_jobs"),
        MenuEntry("cards:holds", "交付停止", "拒否・保留該当者の交付停止の一覧と解除（規程第21条第1号）。",
                  "cards.list_issue_holds"),
        MenuEntry("cards:rewrites", "免許情報記録の書換え",
                  "更新・記録事項の変更の後のマイナ免許証の書換え待ちと書換え（規程第15条の2・第16条第8項）。",
                  "cards.list_mynumber_rewrites"),
        MenuEntry("cards:endorsements", "免許証の裏書（追記）",
                  "記載事項の変更の裏書の追記待ち・追記済（追記装置、規程第14条）。", "cards.list_endorsements"),
        MenuEntry("cards:onestop_batches", "住所変更ワンストップ",
                  "市区町村から届いたマイナ免許証のみの方の住所変更の受信と項目ごとの結果（規程第14条）。",
                  "cards.list_onestop_batches"),
    )

    def ready(self) -> None:
        # Imported once the apps are ready (the listeners import models): the register calls them on
        # every change of particulars (規程第14条: the 裏書 and the マイナ record rewrite).
        from menkyo.cards.endorsement import endorse_on_change
        from menkyo.cards.rewrite import rewrite_on_change
        from menkyo.registry.services import PARTICULARS_CHANGED

        for listener in (endorse_on_change, rewrite_on_change):
            if listener not in PARTICULARS_CHANGED:
                PARTICULARS_CHANGED.append(listener)
