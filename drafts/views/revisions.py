"""Revision pages: upload and read; downloads are in views/exports.py."""

from django.conf import settings
from django.contrib import messages
from django.core.exceptions import PermissionDenied, RequestDataTooBig
from django.shortcuts import redirect, render
from django.views.decorators.http import require_http_methods

from drafts import access, comparing, history, provenance, reviewing, services
from drafts.errors import DraftsError, StaleBase
from drafts.forms import UploadForm
from drafts.models import Revision
from drafts.uploads import upload_was_too_large


@require_http_methods(["GET", "POST"])
def revision_upload(request, slug):
    speech = access.speech_or_404(request.user, slug)
    access.require_perm(request.user, "drafts.add_revision")
    if not access.is_member(request.user, speech):
        raise PermissionDenied
    bound = request.method == "POST"
    try:
        data, files = (request.POST, request.FILES) if bound else (None, None)
    except RequestDataTooBig:
        # A paste past the limit: the browser checks first; this is the
        # answer for one that did not, in the form rather than a bare 400.
        return _too_large_page(request, speech)
    starting = _starting_revision(speech, request.GET.get("from"))
    form = UploadForm(
        data,
        files,
        speech=speech,
        initial=_upload_initial(speech, starting),
        too_large=services.too_large_error().message
        if upload_was_too_large(request)
        else "",
    )
    revision, stale = _handle_upload(request, speech, form) if bound else (None, None)
    if revision is not None:
        return _after_upload(request, revision)
    status = 409 if stale else (400 if form.errors else 200)
    return render(
        request,
        "drafts/revision_upload.html",
        {
            "speech": speech,
            "form": form,
            "stale": stale,
            "from_file": bool(stale and form.cleaned_data["file"]),
            "starting": starting,
            "max_bytes": settings.DRAFTS_MAX_UPLOAD_BYTES,
        },
        status=status,
    )


def _starting_revision(speech, number: str | None):
    """Return the revision whose text the box starts with: ?from=N, else
    none (an empty box for a new text)."""
    if not number or not number.isdigit():
        return None
    return speech.revisions.filter(number=int(number)).first()


def _upload_initial(speech, starting) -> dict:
    """The base is the revision edited from: the one the box starts with, or
    else the latest (numbers run 1..revision_count)."""
    if starting is None:
        return {"base": speech.revision_count or None}
    return {"base": starting.number, "text": starting.text}


def _too_large_page(request, speech):
    form = UploadForm(speech=speech, initial=_upload_initial(speech, None))
    context = {
        "speech": speech,
        "form": form,
        "stale": None,
        "size_error": services.too_large_error().message,
        "max_bytes": settings.DRAFTS_MAX_UPLOAD_BYTES,
    }
    return render(request, "drafts/revision_upload.html", context, status=413)


def _handle_upload(request, speech, form):
    """Validate and store; return (revision, stale-base error), both maybe None."""
    if not form.is_valid():
        return None, None
    try:
        incoming = _incoming(form.cleaned_data)
        return _store_upload(request, speech, form.cleaned_data, incoming), None
    except StaleBase as error:
        form.add_error(None, error.message)
        _carry_text(form, incoming.text)
        return None, error
    except DraftsError as error:
        form.add_error(None, error.message)
        return None, None


def _incoming(data) -> services.IncomingText:
    upload = data["file"]
    if upload is not None:
        return services.incoming_from_file(upload.name, upload.read())
    return services.incoming_from_paste(data["text"])


def _carry_text(form, text: str) -> None:
    """Put a refused file's decoded text in the text box: a browser never
    sends a file again by itself, and merging starts from this text."""
    if form.cleaned_data["file"] is not None:
        form.data = form.data.copy()
        form.data["text"] = text


def _store_upload(request, speech, data, incoming):
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
    revision = access.revision_or_404(
        request.user,
        slug,
        number,
        Revision.objects.select_related(
            "speech",
            "speech__final_revision",
            "speech__latest_revision",
            "author",
            "parent",
        ),
    )
    is_final = revision.speech.final_revision_id == revision.pk
    seconds = comparing.speaking_seconds(revision.char_count)
    return render(
        request,
        "drafts/revision_detail.html",
        {
            "speech": revision.speech,
            "revision": revision,
            "panels": reviewing.revision_panels(revision, request.user),
            "speaking_time": comparing.format_duration(seconds),
            "chars_per_minute": settings.DRAFTS_CHARS_PER_MINUTE,
            "compare_links": comparing.revision_links(
                revision, revision.speech.final_revision
            ),
            "final_check": history.verify_final(revision.speech) if is_final else None,
            "note_paragraph": _number(request.GET.get("note")),
            "can_edit": request.user.has_perm("drafts.add_revision")
            and access.is_member(request.user, revision.speech),
        },
    )


def _number(value) -> int | None:
    """Return *value* as a paragraph number, or None when it is not one."""
    return int(value) if value and value.isdigit() else None


def revision_provenance(request, slug, number):
    """Where each paragraph of a revision came from (溯源)."""
    revision = access.revision_or_404(
        request.user, slug, number, Revision.objects.select_related("speech")
    )
    return render(
        request,
        "drafts/revision_provenance.html",
        {
            "speech": revision.speech,
            "revision": revision,
            "rows": provenance.paragraph_origins(revision),
        },
    )
