"""Speech pages: the list, creating one, and its timeline."""

from django.contrib.auth.decorators import permission_required
from django.core.paginator import Paginator
from django.db.models import Q
from django.shortcuts import redirect, render
from django.views.decorators.http import require_http_methods

from drafts import access, comparing, history, reviewing, services
from drafts.errors import DraftsError
from drafts.forms import SpeechForm
from drafts.inbox import inbox
from drafts.models import Speech
from drafts.views.members import members_context


def speech_list(request):
    query = request.GET.get("q", "").strip()
    speeches = access.visible_speeches(request.user, Speech.objects.for_lists())
    if query:
        speeches = speeches.filter(
            Q(title__icontains=query) | Q(occasion__icontains=query)
        )
    page = Paginator(speeches, 30).get_page(request.GET.get("page"))
    context = {"page": page, "query": query}
    if not query and page.number == 1:
        context["inbox"] = inbox(request.user)
    return render(request, "drafts/speech_list.html", context)


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


TIMELINE_PAGE = 50


def speech_detail(request, slug):
    speech = access.speech_or_404(request.user, slug, Speech.objects.for_lists())
    revisions = speech.revisions.for_lists().order_by("-number")
    page = Paginator(revisions, TIMELINE_PAGE).get_page(request.GET.get("page"))
    rows = comparing.timeline(page)
    return render(
        request,
        "drafts/speech_detail.html",
        {
            "speech": speech,
            "page": page,
            "rows": rows,
            "chart": comparing.history_chart(rows),
            "since_review": reviewing.since_last_review(speech, request.user),
            "pick": comparing.ComparePickForm(
                speech=speech, initial=_pick_initial(speech)
            ),
            "is_member": access.is_member(request.user, speech),
            "members": members_context(speech, request.user),
            "final_check": history.verify_final(speech),
        },
    )


def _pick_initial(speech) -> dict:
    latest = speech.latest_revision
    if latest is None:
        return {}
    return {"a": max(1, latest.number - 1), "b": latest.number}
