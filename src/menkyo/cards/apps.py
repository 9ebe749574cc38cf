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
    )
