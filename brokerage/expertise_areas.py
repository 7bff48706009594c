"""The Council keeps the national list of SLE areas of expertise (delivery.ExpertiseArea): it
adds areas, renames them and retires them. A retired area stays on the records that used it
(support, SLEs, needs, offers) but is not offered for new ones."""
from django.db import transaction

from alliances.permissions import is_council_member, require
from alliances.rules import RuleBroken
from delivery.models import ExpertiseArea


def _require_council(user):
    require(is_council_member(user), "Only the Teaching Schools Council changes the list of areas of expertise.")


def _problems(name, ofsted_focus, was=None):
    problems = []
    name, ofsted_focus = (name or "").strip(), (ofsted_focus or "").strip()
    if not name:
        problems.append("Give the area a name.")
    elif ExpertiseArea.objects.filter(name__iexact=name).exclude(pk=getattr(was, "pk", None)).exists():
        problems.append(f"There is already an area called “{name}”.")
    if not ofsted_focus:
        problems.append("Give the Ofsted focus area it belongs under.")
    return problems


@transaction.atomic
def add(user, *, name, ofsted_focus):
    _require_council(user)
    if problems := _problems(name, ofsted_focus):
        raise RuleBroken(problems)
    return ExpertiseArea.objects.create(name=name.strip(), ofsted_focus=ofsted_focus.strip())


@transaction.atomic
def change(user, area, *, name, ofsted_focus, active):
    _require_council(user)
    area = ExpertiseArea.objects.select_for_update().get(pk=area.pk)
    if problems := _problems(name, ofsted_focus, was=area):
        raise RuleBroken(problems)
    area.name, area.ofsted_focus, area.active = name.strip(), ofsted_focus.strip(), active
    area.save()
    return area


def focus_areas():
    """The Ofsted focus areas in use, for the form's suggestions."""
    return list(ExpertiseArea.objects.order_by("ofsted_focus").values_list("ofsted_focus", flat=True).distinct())
