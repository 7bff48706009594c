"""Small helpers for drawing from a `random.Random`: weighted choices, sizes, dates, splits."""

import datetime as dt
import math


def apportion(total, weights):
    """Split `total` into integers proportional to `weights` (largest remainder)."""
    weight_sum = sum(weights)
    exact = [total * w / weight_sum for w in weights]
    counts = [math.floor(x) for x in exact]
    by_remainder = sorted(range(len(weights)), key=lambda i: (counts[i] - exact[i], i))
    for i in by_remainder[: total - sum(counts)]:
        counts[i] += 1
    return counts


def weighted(rng, options):
    """Pick a key from {key: weight} (or a sequence of pairs) by weight."""
    pairs = options.items() if isinstance(options, dict) else options
    keys, weights = zip(*pairs)
    return rng.choices(keys, weights)[0]


def lognormal(rng, median, sigma, low, high):
    return int(min(max(rng.lognormvariate(math.log(median), sigma), low), high))


def random_date(rng, first, last):
    return first + dt.timedelta(days=rng.randint(0, (last - first).days))
