"""The stdlib as it was before gevent's monkey-patching."""

from __future__ import annotations

import importlib


def unpatched(module: str, name: str):
    """The unpatched stdlib object, also after gevent's monkey-patching."""
    try:
        from gevent import monkey

        if monkey.is_module_patched(module):
            return monkey.get_original(module, name)
    except ImportError:
        pass
    return getattr(importlib.import_module(module), name)
