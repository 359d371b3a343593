"""Pages: parse with a form, call one service or query, render."""

from urllib.parse import quote

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import permission_required
from django.core.paginator import Paginator
from django.db.models import Q
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.views.decorators.http import require_http_methods

from drafts import comparing, services
from drafts.diffing import split_paragraphs
from drafts.errors import DraftsError, StaleBase
from drafts.forms import SpeechForm, UploadForm
from drafts.models import Revision, Speech
from drafts.uploads import upload_was_too_large


def speech_list(request):
    query = request.GET.get("q", "").strip()
    speeches = Speech.objects.with_latest()
    if query:
        speeches = speeches.filter(
            Q(title__icontains=query) | Q(occasion__icontains=query)
        )
    page = Paginator(speeches, 30).get_page(request.GET.get("page"))
    return render(request, "drafts/speech_list.html", {"page": page, "query": query})


@require_http_methods(["GET", "POST"])
@permission_required("drafts.add_speech", raise_exception=True)
def speech_create(request):
    form = SpeechForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            speech = services.speech_create(
                created_by=request.user, **form.cleaned_data
            )
        except DraftsError as error:
            form.add_error(None, error.message)
        else:
            return redirect("drafts:revision_upload", slug=speech.slug)
    return render(request, "drafts/speech_form.html", {"form": form})


def speech_detail(request, slug):
    speech = get_object_or_404(Speech.objects.with_latest(), slug=slug)
    revisions = speech.revisions.select_related("author", "parent").order_by("-number")
    return render(
        request,
        "drafts/speech_detail.html",
        {
            "speech": speech,
            "rows": comparing.timeline(revisions),
            "pick": comparing.ComparePickForm(
                speech=speech, initial=_pick_initial(speech)
            ),
        },
    )


def _pick_initial(speech) -> dict:
    latest = speech.latest_revision
    if latest is None:
        return {}
    return {"a": max(1, latest.number - 1), "b": latest.number}


@require_http_methods(["GET", "POST"])
@permission_required("drafts.add_revision", raise_exception=True)
def revision_upload(request, slug):
    speech = get_object_or_404(Speech, slug=slug)
    latest = speech.latest_revision
    initial = {"base": latest.number if latest else None}
    bound = request.method == "POST"
    form = UploadForm(
        request.POST if bound else None,
        request.FILES if bound else None,
        speech=speech,
        initial=initial,
    )
    revision, stale = _handle_upload(request, speech, form) if bound else (None, None)
    if revision is not None:
        return _after_upload(request, revision)
    status = 409 if stale else (400 if form.errors else 200)
    return render(
        request,
        "drafts/revision_upload.html",
        {"speech": speech, "form": form, "stale": stale},
        status=status,
    )


def _handle_upload(request, speech, form):
    """Validate and store; return (revision, stale-base error), both maybe None."""
    valid = form.is_valid()
    if upload_was_too_large(request):
        # The handler dropped the file mid-stream; say why it is missing.
        form.add_error("file", services.too_large_error().message)
        return None, None
    if not valid:
        return None, None
    try:
        return _store_upload(request, speech, form.cleaned_data), None
    except StaleBase as error:
        form.add_error(None, error.message)
        return None, error
    except DraftsError as error:
        form.add_error(None, error.message)
        return None, None


def _store_upload(request, speech, data):
    upload = data["file"]
    if upload is not None:
        incoming = services.incoming_from_file(upload.name, upload.read())
    else:
        incoming = services.incoming_from_paste(data["text"])
    return services.revision_create(
        speech=speech,
        author=request.user,
        incoming=incoming,
        note=data["note"],
        base=services.revision_base(speech, data["base"]),
        confirm_stale_base=data["confirm_stale_base"],
    )


def _after_upload(request, revision):
    messages.success(request, f"已保存为第{revision.number}版。")
    for notice in revision.import_notices:
        messages.info(request, notice)
    return redirect(revision)


def revision_detail(request, slug, number):
    revision = get_object_or_404(
        Revision.objects.select_related(
            "speech", "speech__final_revision", "author", "parent"
        ),
        speech__slug=slug,
        number=number,
    )
    seconds = comparing.speaking_seconds(revision.char_count)
    return render(
        request,
        "drafts/revision_detail.html",
        {
            "speech": revision.speech,
            "revision": revision,
            "paragraphs": list(enumerate(split_paragraphs(revision.text), start=1)),
            "speaking_time": comparing.format_duration(seconds),
            "chars_per_minute": settings.DRAFTS_CHARS_PER_MINUTE,
            "compare_links": comparing.revision_links(
                revision, revision.speech.final_revision
            ),
        },
    )


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


def revision_original(request, slug, number):
    revision = get_object_or_404(
        Revision, speech__slug=slug, number=number, original_bytes__isnull=False
    )
    response = HttpResponse(
        bytes(revision.original_bytes), content_type="application/octet-stream"
    )
    response["Content-Disposition"] = _attachment(revision.source_name or "upload")
    return response


def _attachment(filename: str) -> str:
    ascii_name = filename.encode("ascii", "ignore").decode() or "upload"
    ascii_name = ascii_name.replace('"', "").replace("\\", "")
    return f"attachment; filename=\"{ascii_name}\"; filename*=UTF-8''{quote(filename)}"


def page_not_found(request, exception):
    return render(request, "404.html", status=404)


def permission_denied(request, exception):
    return render(request, "403.html", status=403)
