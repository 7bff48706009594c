"""The members list leads work from on the manage page: which member schools have not paid, are
due to renew, have not signed the current memorandum of understanding, or hold terms that the
memorandum contradicts, and the filter that finds them.

Each check is written once, as a database expression annotated on every member role (`unpaid`,
`renewal_due`, `unsigned`, `contradicts`), so the filter, the counts and each row's flags cannot
disagree, and the page runs the same few queries however many members there are.

**Terms that contradict the memorandum.** A memorandum is free text, so the platform does not try
to read fees out of it. When publishing a version the leads say whether it makes membership free
(`Memorandum.membership_is_free`: yes, no, or not stated). A member is flagged when the current
version says membership is free and its terms charge a subscription. The reverse (a version that
says members pay, and a member who pays nothing) is not flagged: waiving a fee for a school is a
lead's call that no memorandum forbids. A version that does not say flags nobody.
"""
from datetime import date, timedelta

import django_filters
from django import forms
from django.db.models import BooleanField, Count, Exists, ExpressionWrapper, OuterRef, Q

from alliances.models import AllianceRole, Memorandum, MemorandumSignature
from registry.filters import SEARCH_LENGTH_LIMIT, GovukFilterSet

PAGE_SIZE = 50
# "Renewal due" takes in renewals within this many days and every overdue one.
RENEWAL_WINDOW = timedelta(days=30)


def current_memorandum(alliance):
    """The version member schools are asked to sign: the newest, or None."""
    return Memorandum.latest_of(alliance)


# Never true: a flag that cannot apply (no memorandum yet, or one that does not say it is free).
NEVER = Q(pk__isnull=True)


def _conditions(memorandum, today):
    """Each flag's condition on a member role."""
    charged = Q(terms__subscription_pence__gt=0)
    if memorandum is None:
        unsigned = NEVER  # nothing has been published, so nothing is left unsigned
    else:
        unsigned = ~Q(Exists(MemorandumSignature.objects.filter(memorandum=memorandum, school=OuterRef("school_id"))))
    return {
        "unpaid": charged & Q(terms__paid=False),
        "renewal_due": Q(terms__renewal_due_on__lte=today + RENEWAL_WINDOW),
        "unsigned": unsigned,
        "contradicts": charged if memorandum is not None and memorandum.membership_is_free is True else NEVER,
    }


def members(alliance, memorandum, today=None):
    """Today's member roles, with school and terms, each annotated with the four flags."""
    today = today or date.today()
    roles = alliance.roles_on(today).filter(role=AllianceRole.Role.MEMBER).select_related("school", "terms")
    flags = {flag: ExpressionWrapper(condition, output_field=BooleanField()) for flag, condition in _conditions(memorandum, today).items()}
    return roles.annotate(**flags).order_by("school__name", "pk")


def counts(alliance, memorandum, today=None):
    """How many members there are, and how many carry each flag: one query."""
    today = today or date.today()
    roles = alliance.roles_on(today).filter(role=AllianceRole.Role.MEMBER)
    conditions = _conditions(memorandum, today)
    return roles.aggregate(total=Count("pk"), **{flag: Count("pk", filter=condition) for flag, condition in conditions.items()})


class MemberFilter(GovukFilterSet):
    """The members table's GET form. Ticked boxes narrow together: a member must match each."""

    q = django_filters.CharFilter(method="search", label="School name or URN", **SEARCH_LENGTH_LIMIT)
    show = django_filters.MultipleChoiceFilter(
        method="flagged",
        label="Show only members whose",
        choices=[
            ("unpaid", "subscription is not paid"),
            ("renewal_due", "renewal is due within 30 days, or overdue"),
            ("unsigned", "school has not signed the current memorandum"),
            ("contradicts", "terms contradict the memorandum"),
        ],
        widget=forms.CheckboxSelectMultiple,
    )

    class Meta:
        model = AllianceRole
        fields = ["q", "show"]

    def search(self, queryset, name, value):
        value = value.strip()
        matches = Q(school__name__icontains=value)
        # Only ASCII digits: "²" is a digit to str.isdigit() but not to int().
        if value.isascii() and value.isdigit():
            matches |= Q(school__urn=int(value))
        return queryset.filter(matches)

    def flagged(self, queryset, name, value):
        return queryset.filter(**{flag: True for flag in value})
