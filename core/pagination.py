"""Pagination that forgives: a page number past the end shows the last page, anything else the first."""


class ForgivingPaginationMixin:
    """For ListViews: ``?page=abc`` or ``?page=999`` never answers 404, the visitor lands on a real page."""

    def paginate_queryset(self, queryset, page_size):
        paginator = self.get_paginator(queryset, page_size, allow_empty_first_page=True)
        page = paginator.get_page(self.request.GET.get(self.page_kwarg))
        return paginator, page, page.object_list, page.has_other_pages()
