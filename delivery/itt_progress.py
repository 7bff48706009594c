"""Progress against the 2018 ITT KPIs, computed from the trainee records and never typed in:

- 1.1 Teachers trained per year: at least 15 trainees in the academic year's cohorts.
- 1.2 Trainees who secure a teaching post within six months: at or above the national rate the
  Council enters for that year. The share is of trainees awarded QTS whose employment is known;
  those not known yet are counted beside it, not guessed.
"""
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

from django.db.models import Count, Q

from delivery.models import NationalRate, Trainee, academic_year_label

TRAINEES_TARGET = 15


@dataclass
class YearProgress:
    year: int
    trainees: int
    qts: int
    withdrawn: int
    deferred: int
    in_training: int
    employed: int
    not_employed: int
    employment_unknown: int
    national_rate: Decimal | None

    @property
    def label(self):
        return academic_year_label(self.year)

    @property
    def meets_trainee_target(self):
        return self.trainees >= TRAINEES_TARGET

    @property
    def employment_known(self):
        return self.employed + self.not_employed

    @property
    def employed_share(self):
        """Percentage to one decimal place, or None when no QTS trainee's employment is known."""
        if not self.employment_known:
            return None
        share = Decimal(self.employed * 100) / Decimal(self.employment_known)
        return share.quantize(Decimal("0.1"), rounding=ROUND_HALF_UP)

    @property
    def meets_employment_target(self):
        """True or False against the national rate; None when either figure is missing."""
        if self.employed_share is None or self.national_rate is None:
            return None
        return self.employed_share >= self.national_rate


def progress_by_year(alliance):
    """One row per academic year the alliance has cohorts in, newest first: two queries in all."""
    qts = Q(trainees__state=Trainee.State.QTS_AWARDED)
    rows = (
        alliance.trainee_cohorts.values("academic_year").order_by("-academic_year").annotate(
            trainees_count=Count("trainees"),
            qts_count=Count("trainees", filter=qts),
            withdrawn_count=Count("trainees", filter=Q(trainees__state=Trainee.State.WITHDRAWN)),
            deferred_count=Count("trainees", filter=Q(trainees__state=Trainee.State.DEFERRED)),
            in_training_count=Count("trainees", filter=Q(trainees__state=Trainee.State.IN_TRAINING)),
            employed_count=Count("trainees", filter=qts & Q(trainees__employed_within_six_months=Trainee.Employed.YES)),
            not_employed_count=Count("trainees", filter=qts & Q(trainees__employed_within_six_months=Trainee.Employed.NO)),
            unknown_count=Count("trainees", filter=qts & Q(trainees__employed_within_six_months=Trainee.Employed.UNKNOWN)),
        )
    )
    rows = list(rows)
    rates = dict(
        NationalRate.objects.filter(
            measure=NationalRate.Measure.EMPLOYED_WITHIN_SIX_MONTHS, year__in=[row["academic_year"] for row in rows]
        ).values_list("year", "value")
    )
    return [
        YearProgress(
            year=row["academic_year"], trainees=row["trainees_count"], qts=row["qts_count"], withdrawn=row["withdrawn_count"],
            deferred=row["deferred_count"], in_training=row["in_training_count"], employed=row["employed_count"],
            not_employed=row["not_employed_count"], employment_unknown=row["unknown_count"], national_rate=rates.get(row["academic_year"]),
        )
        for row in rows
    ]
