"""Work that makes a great many objects at once (a register of a thousand incidents, a
long report): the cyclic garbage collector held back while it runs.

By default Python looks for reference cycles after every 700 new objects and, every so
often, through every object the process holds (the imported modules, the caches). A
register of 1,000 incidents makes millions of short-lived objects, and those passes cost
it about 8 % of its time (issue 19). Inside :func:`bulk_work` the objects that were
there before are set aside from the passes (``gc.freeze``) and a pass waits for at least
10,000 new objects (the command line's start, :mod:`breachkit.startup`, already allows
more); both are restored on the way out. Nothing is kept from collection: what is
left over is collected as usual afterwards.
"""

from __future__ import annotations

import contextlib
import gc
import threading
from collections.abc import Iterator

YOUNG_THRESHOLD = 10_000
"""New objects between two passes of the collector inside :func:`bulk_work` (default 700)."""

_lock = threading.Lock()
_depth = 0
_saved: tuple[int, int, int] | None = None


@contextlib.contextmanager
def bulk_work() -> Iterator[None]:
    """Hold the collector back while the block runs (see the module). Nested, or in two
    threads at once, the settings are changed by the first to enter and restored by the
    last to leave."""
    global _depth, _saved
    with _lock:
        if _depth == 0:
            _saved = gc.get_threshold()
            gc.freeze()
            # never lower than it is: the command line already runs at a higher one
            gc.set_threshold(max(YOUNG_THRESHOLD, _saved[0]), _saved[1], _saved[2])
        _depth += 1
    try:
        yield
    finally:
        with _lock:
            _depth -= 1
            if _depth == 0 and _saved is not None:
                gc.set_threshold(*_saved)
                gc.unfreeze()
                _saved = None
