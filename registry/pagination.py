"""Paging search results so that both rare and common searches are quick.

A search for a common word ("primary") matches thousands of schools: the database is quickest
walking the schools in name order until a page is full. A rare one ("Middlesbrough") matches a
few dozen: walking the names would read every school, so the matches are found first (from the
index of statuses and search text) and only they are sorted. The count, needed anyway for the
page links, says which the search is.
"""
from django.core.paginator import Paginator
from rest_framework.pagination import PageNumberPagination

FEW_ENOUGH_TO_SORT = 2000


class MatchesFirstPaginator(Paginator):
    def page(self, number):
        if self.count <= FEW_ENOUGH_TO_SORT and hasattr(self.object_list, "values"):
            self.object_list = self.object_list.filter(pk__in=self.object_list.order_by().values("pk"))
        return super().page(number)


class MatchesFirstPagination(PageNumberPagination):
    """The API's pages (the size set in REST_FRAMEWORK), paged the same way."""

    django_paginator_class = MatchesFirstPaginator
