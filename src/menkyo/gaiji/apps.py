from django.apps import AppConfig

from menkyo.core.http import MenuEntry


class GaijiConfig(AppConfig):
    """外字 (sub-system 2-12 免許外字端末システム): the register of name characters outside the standard
    sets — their identifiers, the card's dots, and the font the 様式 PDFs print them with."""

    name = "menkyo.gaiji"
    label = "gaiji"
    verbose_name = "外字"
    menu = (
        MenuEntry("gaiji:list", "外字", "氏名・住所の外字の登録・訂正と照会（免許外字情報登録・照会）。",
                  "gaiji.look_up_glyph"),
    )
