from django.apps import AppConfig


class DrivingHistoryConfig(AppConfig):
    """運転経歴証明書 (規程第42条–第42条の4; 法第104条の4第5項・第105条の2): its issue, change of
    particulars, reissue and return, entered in the 経歴証明受理簿. Reached from the person's and the
    cancellation's pages, so it has no menu entry of its own."""

    name = "menkyo.driving_history"
    label = "driving_history"
    verbose_name = "運転経歴証明書"
