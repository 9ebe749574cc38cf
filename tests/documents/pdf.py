"""Reading the PDFs back in tests: their text (pypdf), their pages as images (pypdfium2), and a few
measurements on those images (dark boxes, bars, QR modules) for the layout checks."""

import io

import pypdf
import pypdfium2
from PIL import Image

POINTS_PER_MM = 72 / 25.4
DARK = 128  # grey level below which a pixel counts as ink


def pdf_text(pdf_bytes: bytes) -> str:
    """The text of every page, in order (pypdf)."""
    reader = pypdf.PdfReader(io.BytesIO(pdf_bytes))
    return "\n".join(page.extract_text() for page in reader.pages)


def flat(text: str) -> str:
    """The text without line breaks and spaces: a wrapped value reads whole again."""
    return "".join(text.split())


def page_size_mm(pdf_bytes: bytes, page: int = 0) -> tuple[float, float]:
    box = pypdf.PdfReader(io.BytesIO(pdf_bytes)).pages[page].mediabox
    return round(float(box.width) / POINTS_PER_MM, 1), round(float(box.height) / POINTS_PER_MM, 1)


def pdf_fonts(pdf_bytes: bytes) -> set[str]:
    """The fonts the pages use, without their subset prefix (``Noto-Sans-CJK-JP``)."""
    reader = pypdf.PdfReader(io.BytesIO(pdf_bytes))
    return {font.get_object()["/BaseFont"].split("+", 1)[-1]
            for page in reader.pages for font in page["/Resources"]["/Font"].values()}


def pdf_page_image(pdf_bytes: bytes, page: int = 0, scale: float = 4.0) -> Image.Image:
    """One page as an RGB image (pypdfium2): ``scale`` pixels per PDF point (4 ≈ 288 dpi)."""
    document = pypdfium2.PdfDocument(pdf_bytes)
    try:
        return document[page].render(scale=scale).to_pil().convert("RGB")
    finally:
        document.close()


def crop_mm(image: Image.Image, scale: float, left: float, top: float, right: float, bottom: float) -> Image.Image:
    """The part of a page image between those millimetres from the page's top-left corner."""
    px = scale * POINTS_PER_MM
    return image.crop((round(left * px), round(top * px), round(right * px), round(bottom * px)))


def dark_box(image: Image.Image) -> tuple[int, int, int, int] | None:
    """The bounding box (left, top, right, bottom) of the ink in ``image``; None when blank."""
    return image.convert("L").point(lambda v: 255 if v < DARK else 0).getbbox()


def ink_ratio(image: Image.Image) -> float:
    grey = image.convert("L")
    return sum(grey.histogram()[:DARK]) / (grey.width * grey.height)


def read_bars(image: Image.Image, modules: int) -> str:
    """A 1-D barcode read along the middle row of ``image``: "1" per dark module, "0" per light one.

    The symbol spans ``modules`` modules from its first bar to its last, which gives the module
    width in pixels; each run of ink or paper is rounded to whole modules.
    """
    grey = image.convert("L")
    row = [grey.getpixel((x, grey.height // 2)) < DARK for x in range(grey.width)]
    first, last = row.index(True), len(row) - 1 - row[::-1].index(True)
    module = (last - first + 1) / modules
    bits, x = [], first
    while x <= last:
        end = x
        while end <= last and row[end] == row[x]:
            end += 1
        bits.append(("1" if row[x] else "0") * round((end - x) / module))
        x = end
    return "".join(bits)


def read_qr_modules(image: Image.Image, size: int) -> list[list[int]]:
    """The ``size``×``size`` modules of a QR code without quiet zone that fills ``image``'s ink box,
    sampled at each module's centre (1: dark)."""
    box = dark_box(image)
    assert box, "no QR code there"
    grey = image.convert("L").crop(box)
    step_x, step_y = grey.width / size, grey.height / size
    return [[int(grey.getpixel((int((c + 0.5) * step_x), int((r + 0.5) * step_y))) < DARK) for c in range(size)]
            for r in range(size)]
