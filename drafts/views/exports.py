"""Downloads from the pages: a revision as .txt or as an official .docx, a
comparison as a .docx of tracked changes, an original upload. Each goes
through the access rule first and is recorded by the service."""

from django.contrib import messages
from django.http import Http404
from django.shortcuts import redirect

from drafts import access, exports, services
from drafts.errors import DraftsError
from drafts.models import Download, Revision
from drafts.responses import file_response

WEB = Download.Channel.WEB


def revision_export(request, slug, number, fmt):
    revision = access.revision_or_404(
        request.user, slug, number, Revision.objects.select_related("speech")
    )
    if fmt not in exports.FORMATS:
        raise Http404("没有这种导出格式。")
    try:
        served = services.revision_export(
            revision=revision, file_format=fmt, user=request.user, channel=WEB
        )
    except DraftsError as error:
        messages.error(request, error.message)
        return redirect(revision)
    return file_response(served)


def compare_export(request, slug, a, b):
    queryset = Revision.objects.select_related("speech", "author")
    old = access.revision_or_404(request.user, slug, a, queryset)
    new = access.revision_or_404(request.user, slug, b, queryset)
    try:
        served = services.comparison_export(
            old=old, new=new, user=request.user, channel=WEB
        )
    except DraftsError as error:
        messages.error(request, error.message)
        return redirect("drafts:compare", slug=slug, a=a, b=b)
    return file_response(served)


def revision_original(request, slug, number):
    revision = access.revision_or_404(
        request.user,
        slug,
        number,
        Revision.objects.select_related("speech").filter(original_bytes__isnull=False),
    )
    served = services.original_download(
        revision=revision, user=request.user, channel=WEB
    )
    return file_response(served)
