"""Revision pages: upload and read; downloads are in views/exports.py."""

from django.conf import settings
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.shortcuts import redirect, render
from django.views.decorators.http import require_http_methods

from drafts import access, comparing, history, reviewing, services
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
        {
            "speech": speech,
            "form": form,
            "stale": stale,
            "from_file": bool(stale and form.cleaned_data["file"]),
        },
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
        },
    )


def _number(value) -> int | None:
    """Return *value* as a paragraph number, or None when it is not one."""
    return int(value) if value and value.isdigit() else None
