"""Progress bars for imports run at a terminal (silent when output is not a terminal)."""
import sys

from tqdm import tqdm


def terminal_progress(label):
    def wrap(rows):
        return tqdm(rows, desc=label, unit=" rows", unit_scale=True, file=sys.stderr, disable=None, leave=False)

    return wrap
