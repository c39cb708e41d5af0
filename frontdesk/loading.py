"""Loading the program's own modules, with the garbage collector paused while they load.

Importing SQLAlchemy, the models and the services (or Qt and the window) makes a few hundred
thousand objects that live as long as the process. The collector runs every few hundred
allocations and walks the younger ones again and again while they load, then all of them
at once: a third of a command's start-up, with nothing to free. The entry points load their
modules inside :func:`loading` and then freeze them (``gc.freeze``): out of every later
collection's sight, as the window does with what it made at start-up (``app.settle``).
"""

from __future__ import annotations

import gc
from collections.abc import Iterator
from contextlib import contextmanager


@contextmanager
def loading(*, freeze: bool = True) -> Iterator[None]:
    """Pause automatic garbage collection for the block; after it, with ``freeze``, move
    every object that exists into the permanent generation. Collection is restored as it
    was, also when the block fails."""
    was_on = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if freeze:
            gc.freeze()
        if was_on:
            gc.enable()
