"""The entry points load modules with the garbage collector paused, and give it back."""

import gc

import pytest

from frontdesk.loading import loading


def test_collection_is_paused_inside_and_restored_after():
    assert gc.isenabled()
    with loading(freeze=False):
        assert not gc.isenabled()
    assert gc.isenabled()


def test_collection_is_restored_when_loading_fails():
    with pytest.raises(ImportError), loading(freeze=False):
        import frontdesk.no_such_module  # noqa: F401
    assert gc.isenabled()


def test_a_paused_collector_stays_paused():
    gc.disable()
    try:
        with loading(freeze=False):
            pass
        assert not gc.isenabled()
    finally:
        gc.enable()


def test_what_was_loaded_is_frozen_out_of_later_collections():
    frozen = gc.get_freeze_count()
    try:
        with loading():
            made = [object() for _ in range(10)]  # noqa: F841
            box = [[]]  # a container the collector tracks
        assert gc.get_freeze_count() > frozen
        assert not any(box is o for o in gc.get_objects())  # not in any generation
    finally:
        gc.unfreeze()
