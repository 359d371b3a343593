"""Search the texts of the speeches the user may see."""

from django.core.paginator import Paginator
from django.shortcuts import render

from drafts import search

RESULTS_PAGE = 20


def search_page(request):
    query = search.clean_query(request.GET.get("q", ""))
    every = request.GET.get("all") == "1"
    context = {"query": query, "every": every}
    if query:
        found = search.matching_revisions(request.user, query, every_revision=every)
        page = Paginator(found, RESULTS_PAGE).get_page(request.GET.get("page"))
        context.update(
            page=page,
            hits=[search.hit(revision, query) for revision in page],
            speeches=search.matching_speeches(request.user, query)[:20],
        )
    return render(request, "drafts/search.html", context)
