"""The compare page, the form that picks two revisions, and accepting or
rejecting single changes."""

from django.contrib import messages
from django.http import Http404, QueryDict
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_POST

from drafts import access, comparing, comparisons, services
from drafts.errors import DraftsError
from drafts.models import Revision


def compare_pick(request, slug):
    speech = access.speech_or_404(request.user, slug)
    form = comparing.ComparePickForm(request.GET, speech=speech)
    if not form.is_valid():
        messages.error(request, "请选择要比较的两个版本。")
        return redirect(speech)
    url = reverse(
        "drafts:compare",
        kwargs={"slug": slug, "a": form.cleaned_data["a"], "b": form.cleaned_data["b"]},
    )
    options = _query(request, a=None, b=None)
    return redirect(f"{url}?{options}" if options else url)


VIEW_KEY = "drafts.compare.view"


def compare(request, slug, a, b):
    speech = access.speech_or_404(request.user, slug)
    old, new = _revision_pair(speech, a, b)
    options = comparing.CompareOptionsForm(request.GET)
    chosen = _with_remembered_view(request, options.options())
    engine = comparing.engine_options(chosen)
    page = comparing.ComparePage(old, new, **engine)
    context = {
        "page": page,
        "speech": speech,
        "old": old,
        "new": new,
        "accepting": comparing.can_accept(request.user, old, new, speech),
        "chosen": chosen,
        "options": options,
        "pick": comparing.ComparePickForm(speech=speech, initial={"a": a, "b": b}),
        "side_query": _query(request, view="side"),
        "inline_query": _query(request, view="inline"),
        "options_query": _query(request),
        "carried": _carried(chosen),
    }
    context.update(
        drawn_key=_drawn_key(context), drawn_seconds=comparisons.CACHE_SECONDS
    )
    response = render(request, "drafts/compare.html", context)
    # Says whether this server computed the comparison or found it in the
    # shared cache: what several app servers and the load benchmark look at.
    response["Server-Timing"] = comparisons.server_timing(page.fetched)
    return response


@require_POST
def compare_accept(request, slug, a, b):
    speech = access.speech_or_404(request.user, slug)
    access.require_perm(request.user, "drafts.review_revision")
    old, new = _revision_pair(speech, a, b)
    form = comparing.AcceptForm(request.POST)
    back = _compare_url(slug, a, b, form.options())
    if not form.is_valid():
        messages.error(request, "所选修改无效，请刷新页面后重试。")
        return redirect(back)
    try:
        revision = services.revision_from_decisions(
            base=old,
            proposed=new,
            accepted=form.cleaned_data["accept"],
            reviewer=request.user,
            ignore_punct_width=form.cleaned_data["ignore_punct"],
            ignore_script=form.cleaned_data["ignore_script"],
        )
    except DraftsError as error:
        messages.error(request, error.message)
        return redirect(back)
    messages.success(request, f"已按您的取舍生成第{revision.number}版。")
    return redirect(revision)


def _with_remembered_view(request, chosen: dict) -> dict:
    """Only the chosen view is drawn; a choice made in the query string is
    remembered for the user's next comparisons."""
    asked = request.GET.get("view")
    if asked in ("side", "inline"):
        if request.session.get(VIEW_KEY) != asked:
            request.session[VIEW_KEY] = asked
        return chosen
    return {**chosen, "view": request.session.get(VIEW_KEY, "side")}


def compare_unchanged(request, slug, a, b, first, last):
    """The unchanged paragraphs a fold holds, drawn when it is opened."""
    speech = access.speech_or_404(request.user, slug)
    old, new = _revision_pair(speech, a, b)
    if not 1 <= first <= last:
        raise Http404("没有这些段落。")
    chosen = _with_remembered_view(
        request, comparing.CompareOptionsForm(request.GET).options()
    )
    rows = comparing.unchanged_rows(
        old, new, first, last, **comparing.engine_options(chosen)
    )
    if not rows:
        raise Http404("没有这些段落。")
    template = "drafts/compare/unchanged.html"
    if request.GET.get("fragment"):
        template = "drafts/compare/unchanged_rows.html"
    context = {"speech": speech, "old": old, "new": new, "rows": rows}
    return render(request, template, {**context, "chosen": chosen})


def _compare_url(slug: str, a: int, b: int, chosen: dict) -> str:
    """Return the compare page with the options that differ from the defaults."""
    url = reverse("drafts:compare", kwargs={"slug": slug, "a": a, "b": b})
    query = QueryDict(mutable=True)
    for name, value in _carried(chosen):
        if value not in ("char", "side"):
            query[name] = value
    return f"{url}?{query.urlencode()}" if query else url


def _revision_pair(speech, a: int, b: int) -> tuple[Revision, Revision]:
    found = (
        speech.revisions.select_related("author")
        .defer("original_bytes")
        .filter(number__in={a, b})
    )
    by_number = {revision.number: revision for revision in found}
    if a not in by_number or b not in by_number:
        raise Http404("没有这个版本。")
    return by_number[a], by_number[b]


def _drawn_key(context: dict) -> str:
    """Return what the drawn changes depend on beyond the comparison: the
    page keeps their HTML under it, since drawing thousands of marks costs
    more than the comparison it draws (templates/drafts/compare.html)."""
    chosen = context["chosen"]
    parts = [
        context["page"].key,
        context["speech"].slug,
        context["old"].number,
        context["new"].number,
        chosen["view"],
        chosen["hide_cosmetic"],
        context["accepting"],
        context["options_query"],
    ]
    return "|".join(map(str, parts))


def _carried(chosen: dict) -> list[tuple[str, str]]:
    """Return the options as hidden fields, so picking other revisions keeps them."""
    return [
        (name, "1" if value is True else value)
        for name, value in chosen.items()
        if value is not False
    ]


def _query(request, **changes) -> str:
    """Return the query string with *changes* applied; None removes a key."""
    query = request.GET.copy()
    for key, value in changes.items():
        query.pop(key, None)
        if value is not None:
            query[key] = value
    return query.urlencode()
