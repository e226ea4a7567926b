"""Page-number pagination: ``count``, ``next``, ``previous``, ``results``; ``page_size`` is capped."""

from rest_framework.pagination import PageNumberPagination

PAGE_SIZE = 50
MAX_PAGE_SIZE = 200


class ApiPagination(PageNumberPagination):
    page_size = PAGE_SIZE
    page_size_query_param = "page_size"
    # A larger page_size (page_size=1000000) is served as MAX_PAGE_SIZE rows: capped, not refused.
    max_page_size = MAX_PAGE_SIZE
