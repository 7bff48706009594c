"""Evaluations: each participant with a confirmed booking answers once, after the first session;
the alliance's managers see counts and unnamed comments, never who said what."""
from collections import Counter
from dataclasses import dataclass

from django.db import transaction
from django.utils import timezone

from alliances.permissions import require
from alliances.rules import RuleBroken
from delivery.models import Booking, Evaluation

# The national measure: improved practice (or will), and the benefits outweighed any workload.
NATIONAL_TARGET = 0.9


@transaction.atomic
def evaluate(user, booking, *, rating, improved_practice, outweighed_workload, comments=""):
    require(user and user.is_authenticated and booking.participant_id == user.pk, "Only the participant evaluates their programme.")
    booking = Booking.objects.select_for_update(of=("self",)).select_related("programme").get(pk=booking.pk)
    problems = []
    if booking.state != Booking.State.CONFIRMED:
        problems.append(f"Only confirmed participants evaluate; this booking is {booking.get_state_display().lower()}.")
    first = booking.programme.sessions.first()
    if first is None or first.ends > timezone.now():
        problems.append("Evaluate after the first session.")
    if Evaluation.objects.filter(booking=booking).exists():
        problems.append(f"You have already evaluated {booking.programme.title}.")
    if rating not in range(1, 6):
        problems.append("Rate the programme from 1 to 5.")
    if improved_practice not in Evaluation.ImprovedPractice.values:
        problems.append("Say whether it has improved, or will improve, practice in your school.")
    if outweighed_workload not in Evaluation.OutweighedWorkload.values:
        problems.append("Say whether its benefits outweighed any short-term workload.")
    if problems:
        raise RuleBroken(problems)
    return Evaluation.objects.create(
        booking=booking, rating=rating, improved_practice=improved_practice, outweighed_workload=outweighed_workload,
        comments=comments.strip(), submitted_at=timezone.now(),
    )


def is_positive(evaluation):
    """The national question answered positively: practice improved (or will, or partly) and the
    benefits outweighed the workload."""
    return evaluation.improved_practice in ("yes", "partly") and evaluation.outweighed_workload == "yes"


@dataclass
class Summary:
    count: int
    ratings: list  # (rating, count), 5 down to 1
    improved_practice: list  # (label, count)
    outweighed_workload: list
    positive: int
    comments: list  # text only: no names

    @property
    def positive_share(self):
        return self.positive / self.count if self.count else None

    @property
    def meets_target(self):
        return self.count > 0 and self.positive_share >= NATIONAL_TARGET


def summarise(programme):
    evaluations = list(Evaluation.objects.filter(booking__programme=programme).order_by("submitted_at"))
    ratings = Counter(e.rating for e in evaluations)
    improved = Counter(e.improved_practice for e in evaluations)
    outweighed = Counter(e.outweighed_workload for e in evaluations)
    return Summary(
        count=len(evaluations),
        ratings=[(r, ratings[r]) for r in range(5, 0, -1)],
        improved_practice=[(label, improved[value]) for value, label in Evaluation.ImprovedPractice.choices],
        outweighed_workload=[(label, outweighed[value]) for value, label in Evaluation.OutweighedWorkload.choices],
        positive=sum(1 for e in evaluations if is_positive(e)),
        comments=[e.comments for e in evaluations if e.comments],
    )
