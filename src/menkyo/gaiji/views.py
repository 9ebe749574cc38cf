"""外字 pages: the register's list and 照会, registration (登録) and correction (訂正)."""

import base64
import hashlib

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpResponse, HttpResponseNotModified
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST

from menkyo.core.errors import InvalidInput, NotFound
from menkyo.core.http import domain_view, submit
from menkyo.core.legal import implements
from menkyo.core.permissions import allowed, authorize
from menkyo.gaiji import bitmaps, services
from menkyo.gaiji.actions import Action
from menkyo.gaiji.forms import LookUpForm, RegisterForm, ShapeForm
from menkyo.gaiji.permissions import REGISTER_GLYPH


def picture(version) -> str:
    """The version's dots as an image for the page (``data:`` URI)."""
    return "data:image/png;base64," + base64.b64encode(bitmaps.to_png(bytes(version.bitmap))).decode("ascii")


#: Seconds a browser keeps the staff pages' 外字 font before asking again (a glyph registered is shown
#: within this time; the ETag makes the question cheap).
FONT_MAX_AGE = 60


@login_required
def glyph_font(request):
    """The registered 外字 as a web font for the staff pages (their style sheet asks for it only when
    a page holds a Private Use Area character). Shapes only, no holder: not audited; cacheable briefly."""
    content = services.current_font().content
    etag = f'"{hashlib.sha256(content).hexdigest()[:32]}"'
    if request.headers.get("If-None-Match") == etag:
        response = HttpResponseNotModified()
    else:
        response = HttpResponse(content, content_type="font/ttf")
    response["ETag"] = etag
    response["Cache-Control"] = f"private, max-age={FONT_MAX_AGE}"
    return response


def _list(request, form, status=200):
    glyphs = services.glyphs_for(request.user)
    current = services.current_versions(glyphs)
    rows = [(g, current[g.pk], picture(current[g.pk])) for g in glyphs]
    return render(request, "gaiji/list.html", {
        "rows": rows, "form": form, "may_register": allowed(request.user, REGISTER_GLYPH.name),
    }, status=status)


@login_required
@domain_view
def glyph_list(request):
    return _list(request, LookUpForm())


@login_required
@domain_view
@implements(services.look_up_glyph)
def glyph_look_up(request):
    form = LookUpForm(request.GET)
    form.is_valid()
    try:
        glyph = services.look_up_glyph(request.user, form.cleaned_data.get("q", ""))
    except (InvalidInput, NotFound) as exc:
        form.add_error("q", exc.message)
        return _list(request, form, status=404 if isinstance(exc, NotFound) else 400)
    return _detail(request, glyph)


def _detail(request, glyph, form=None, status=200):
    versions = services.versions_of(glyph)
    return render(request, "gaiji/detail.html", {
        "glyph": glyph, "versions": [(v, picture(v)) for v in versions], "current": versions[0],
        "form": form or ShapeForm(initial={"reading": versions[0].reading, "composition": versions[0].composition}),
        "may_register": allowed(request.user, REGISTER_GLYPH.name),
    }, status=status)


@login_required
@domain_view
def glyph_detail(request, pk: int):
    return _detail(request, services.get_glyph(request.user, pk))


@login_required
@domain_view
@implements(services.register_glyph)
def glyph_register(request):
    authorize(request.user, REGISTER_GLYPH.name, action=Action.GLYPH_REGISTER)
    form = RegisterForm(request.POST or None, request.FILES or None)
    glyph = submit(request, form, lambda data: services.register_glyph(request.user, **form.shape()))
    if glyph is not None:
        messages.success(request, f"外字 {glyph.identifier}（{glyph.code_label}）を登録しました。")
        return redirect("gaiji:detail", pk=glyph.pk)
    return render(request, "gaiji/register.html", {"form": form}, status=422 if form.is_bound else 200)


@require_POST
@login_required
@domain_view
@implements(services.revise_glyph)
def glyph_revise(request, pk: int):
    glyph = services.get_glyph(request.user, pk)
    form = ShapeForm(request.POST, request.FILES)
    version = submit(request, form, lambda data: services.revise_glyph(request.user, glyph.pk, **form.shape()))
    if version is None:
        return _detail(request, glyph, form, status=422)
    messages.success(request, f"外字 {glyph.identifier} を訂正しました（第{version.number}版）。")
    return redirect("gaiji:detail", pk=glyph.pk)
