"""Background jobs that never finish: when a queued or running job counts as stalled, and failing
stalled jobs with the reason in words.

A job waits for the worker (`manage.py db_worker`). If the worker is not running, or dies
mid-job (a restart, out of memory), nothing would ever move the job on: its page would wait for
ever and, for matching runs, the person would be refused a new one. So a job queued or running
for longer than its limit counts as stalled and is marked failed, saying why and to ask again.

The limits are generous: the longest jobs measured (docs/benchmarks.md) are the national roll-up
(13 to 27 s) and a national matching run (about 13 s), so 30 minutes waiting to start and 30
minutes running is some 70 times the longest; only a worker that is not there reaches them.

Each kind of job (documents in delivery.documents, matching runs in brokerage.runs) declares a
`StalledJobs`: which state field, and for each in-hand state the time it is counted from and its
limit. Failing is done in bulk: `fail_all()` (the command `fail_stalled_jobs`) is one UPDATE per
state; `fail_shown(objects)` checks rows a page has already read, in Python, and runs an UPDATE
only when one of them is stalled, so lists cost no extra query at all in the usual case. The
tasks only take a job that is still queued and only save their result while it is still
running, so a very late worker leaves a stalled job failed.
"""
from dataclasses import dataclass
from datetime import timedelta

from django.utils import timezone

QUEUED_LIMIT = timedelta(minutes=30)
RUNNING_LIMIT = timedelta(minutes=30)


def minutes(limit):
    return int(limit.total_seconds() // 60)


def did_not_finish(limit):
    """The reason a stalled job gives, in the person's words."""
    return (
        f"The job did not finish within {minutes(limit)} minutes: the background worker may have stopped. "
        "Ask again; if it happens again, tell the service team."
    )


@dataclass(frozen=True)
class Limit:
    state: str  # the in-hand state this limit is for (queued or running)
    since: str  # the field holding when the job entered it
    limit: timedelta


@dataclass(frozen=True)
class StalledJobs:
    """Stalled jobs of one model. `failed(limit, now)` gives the fields to write for a job failed
    for overrunning `limit` (its state, reason, finish time)."""

    label: str  # plural, for the command's report
    model: type
    state_field: str
    limits: tuple
    failed: object

    def _stalled(self, limit, now):
        return {self.state_field: limit.state, f"{limit.since}__lt": now - limit.limit}

    def is_stalled(self, job, now):
        for limit in self.limits:
            since = getattr(job, limit.since)
            if getattr(job, self.state_field) == limit.state and since is not None and since < now - limit.limit:
                return limit
        return None

    def fail_all(self, queryset=None, now=None):
        """Mark every stalled job in the queryset (all of them by default) failed: one UPDATE per
        in-hand state. Returns {state: how many}."""
        queryset = self.model.objects.all() if queryset is None else queryset
        now = now or timezone.now()
        return {
            limit.state: queryset.filter(**self._stalled(limit, now)).update(**self.failed(limit, now))
            for limit in self.limits
        }

    def fail_shown(self, jobs, now=None):
        """Mark the stalled ones among jobs already read (a page's rows) failed, in the database
        and on the objects shown. No query unless one is stalled."""
        now = now or timezone.now()
        found = [(job, limit) for job in jobs if (limit := self.is_stalled(job, now))]
        for limit in self.limits:
            pks = [job.pk for job, overran in found if overran is limit]
            if not pks:
                continue
            values = self.failed(limit, now)
            failed = set(self.model.objects.filter(pk__in=pks, **self._stalled(limit, now)).values_list("pk", flat=True))
            # Only those still stalled now: a job the worker finished meanwhile keeps its result.
            self.model.objects.filter(pk__in=failed, **{self.state_field: limit.state}).update(**values)
            for job, overran in found:
                if job.pk in failed:
                    for field, value in values.items():
                        setattr(job, field, value)
        return len(found)
