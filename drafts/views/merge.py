"""Merging an upload refused as stale onto the latest revision: a preview
first, stored only when the user confirms it."""

from django.contrib import messages
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST

from drafts import access, merging, services
from drafts.errors import DraftsError, MergeConflict
from drafts.forms import UploadForm


@require_POST
def revision_merge(request, slug):
    speech = access.speech_or_404(request.user, slug)
    access.require_perm(request.user, "drafts.add_revision")
    form = merging.MergeForm(request.POST, speech=speech)
    if not form.is_valid():
        return _back_to_upload(request, speech, "请先填写正文并选择基准版本。")
    try:
        return _merge(request, speech, form)
    except DraftsError as error:
        return _back_to_upload(request, speech, error.message)


def _merge(request, speech, form):
    data = form.cleaned_data
    base = services.revision_base(speech, data["base"])
    incoming = services.incoming_from_paste(data["text"])
    if not data["confirm"] or data["latest"] != speech.revision_count:
        result, latest = services.merge_preview(
            speech=speech, base=base, incoming=incoming
        )
        if data["confirm"]:
            form.add_error(None, f"预览之后又有了第{latest.number}版，请重新核对。")
        return _preview(request, speech, form, result, latest)
    try:
        revision = services.revision_create_merged(
            speech=speech,
            author=request.user,
            incoming=incoming,
            base=base,
            note=data["note"],
            choices=form.choices(),
        )
    except MergeConflict as error:
        form.add_error(None, error.message)
        return _preview(request, speech, form, error.result, speech.latest_revision)
    messages.success(request, f"已合并并保存为第{revision.number}版。")
    return redirect(revision)


def _preview(request, speech, form, result, latest):
    carried = merging.MergeForm(
        initial={**form.cleaned_data, "latest": latest.number, "confirm": True},
        speech=speech,
    )
    return render(
        request,
        "drafts/merge/preview.html",
        {
            "speech": speech,
            "base_number": form.cleaned_data["base"],
            "latest": latest,
            "form": carried,
            **merging.preview(result, latest.text, form.choices()),
            "errors": form.non_field_errors(),
        },
        status=409 if form.non_field_errors() else 200,
    )


def _back_to_upload(request, speech, message):
    """Show the upload page again with the text as sent, so nothing is lost."""
    form = UploadForm(request.POST, speech=speech)
    form.is_valid()
    form.add_error(None, message)
    return render(
        request,
        "drafts/revision_upload.html",
        {"speech": speech, "form": form, "stale": None},
        status=400,
    )
