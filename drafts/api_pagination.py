"""Pages of API lists: a list costs the same whatever the number of rows."""

from rest_framework.pagination import PageNumberPagination


class ListPage(PageNumberPagination):
    """`?page=N&page_size=M`; the body is {"count", "next", "previous",
    "results"}."""

    page_size = 50
    page_size_query_param = "page_size"
    max_page_size = 200


def paginated(request, queryset, serializer_class):
    """Return the Response holding one page of *queryset*, serialized."""
    pager = ListPage()
    page = pager.paginate_queryset(queryset, request)
    return pager.get_paginated_response(serializer_class(page, many=True).data)
