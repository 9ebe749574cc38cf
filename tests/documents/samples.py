"""Sample values for the forms: an applicant whose name holds 外字-like characters (𠮷 outside the
BMP, 髙 the 異体字 of 高), the day, the 質問票 items, and a photo."""

from datetime import date
from io import BytesIO

from PIL import Image

DAY = date(2026, 11, 27)  # 令和8年11月27日
NAME, KANA, BIRTH = "𠮷田 髙志", "ヨシダ タカシ", date(2008, 4, 2)  # 平成20年4月2日
CENTRE = "明石運転免許試験場"  # 28-002
QUESTIONS = (
    "過去5年以内に、病気を原因として、又は原因は明らかでないが、意識を失ったことがある",
    "過去5年以内に、病気を原因として、身体の全部又は一部が、一時的に思い通りに動かせなくなったことがある",
    "過去5年以内に、十分な睡眠時間を取っているにもかかわらず、日中、活動している最中に眠り込んでしまった回数が週3回以上となったことがある",
    "過去1年以内に、飲酒を繰り返し、絶えず体に一定量以上のアルコールが入っている状態を3日以上続けたことが3回以上ある",
    "病気を理由として、医師から、運転免許の取得又は運転を控えるよう助言を受けている",
)


def red_photo(fmt: str = "JPEG") -> bytes:
    """A 240×300 solid red picture, as a camera at the counter would send (JPEG or PNG)."""
    out = BytesIO()
    Image.new("RGB", (240, 300), (220, 20, 20)).save(out, fmt)
    return out.getvalue()
