from django.apps import AppConfig


class CardsConfig(AppConfig):
    """免許証等の交付 (規程第13条): issue in the register, card production and hand-over."""

    name = "menkyo.cards"
    label = "cards"
    verbose_name = "免許証の作成・交付"
