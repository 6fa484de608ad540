"""A pytest plugin: botocore's data files (service models, endpoint rules, partitions) read once per test process.

Each botocore session has its own loader, and each loader parses every model file it is asked for again: a client
on a new session costs ~80 ms here, one on a session that has loaded the model ~6 ms. moto gives every mocked test a
fresh default session, and Powertools and the handlers make their own, so the suite parsed the same files thousands
of times. botocore has no option to share them; here every loader with the same search paths shares one cache.

What a loader returns is a pure function of its search paths and the files under them, which do not change during a
run; a loader already hands the same objects to every client of its session, so sharing them across sessions gives
no caller anything it would not have had. Processes the tests start (the local gateway's Lambda workers, make run)
load their models themselves, as they do on Lambda.
"""

from __future__ import annotations

from typing import Any

from botocore import loaders

_caches: dict[tuple[Any, ...], dict[Any, Any]] = {}


def _shared_cache(loader: loaders.Loader) -> dict[Any, Any]:
    key = (tuple(loader.search_paths), type(loader.file_loader), tuple(loader.extras_types))
    return _caches.setdefault(key, {})


def _ignore_own_cache(loader: loaders.Loader, value: dict[Any, Any]) -> None:
    """``Loader.__init__`` sets an empty cache of its own; the shared one is used instead."""


# ``instance_cache`` (botocore/loaders.py) memoises in ``self._cache``: that attribute becomes the shared cache.
loaders.Loader._cache = property(_shared_cache, _ignore_own_cache)
