"""The compare page and the form that picks two revisions."""

from django.contrib import messages
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse

from drafts import comparing
from drafts.models import Revision, Speech


def compare_pick(request, slug):
    speech = get_object_or_404(Speech, slug=slug)
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


def compare(request, slug, a, b):
    speech = get_object_or_404(Speech, slug=slug)
    old, new = _revision_pair(speech, a, b)
    options = comparing.CompareOptionsForm(request.GET)
    chosen = options.options()
    context = comparing.compare_context(
        old,
        new,
        granularity=chosen["granularity"],
        ignore_punct_width=chosen["ignore_punct"],
    )
    context.update(
        speech=speech,
        old=old,
        new=new,
        chosen=chosen,
        options=options,
        pick=comparing.ComparePickForm(speech=speech, initial={"a": a, "b": b}),
        side_query=_query(request, view="side"),
        inline_query=_query(request, view="inline"),
        options_query=_query(request),
        carried=_carried(chosen),
    )
    return render(request, "drafts/compare.html", context)


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
