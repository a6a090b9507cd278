"""A package's modules without its __init__, for the two packages whose __init__ loads far more than
Secure Base uses: jinja2 (whose bytecode caches and loaders bring hashlib's OpenSSL, pickle,
tempfile, bz2 and lzma: 4.5 MB) and snowballstemmer (thirty languages' stemmers, for English).

``without_init("jinja2")`` puts the package in sys.modules unexecuted; its submodules then import
as usual (``importlib.import_module("jinja2.environment")``). The first name asked of the package
itself that is not a submodule (``jinja2.FileSystemLoader``) runs the real __init__, so the package
is whole for whoever wants the rest of it. Written by hand: no kept library does this.
"""
from __future__ import annotations

import importlib.util
import sys


def without_init(name: str):
    if name in sys.modules:
        return sys.modules[name]
    spec = importlib.util.find_spec(name)
    if spec is None or spec.submodule_search_locations is None:
        raise ImportError(f"{name} is not an installed package")
    package = importlib.util.module_from_spec(spec)

    def complete(attribute: str):
        if importlib.util.find_spec(f"{name}.{attribute}") is not None:
            raise AttributeError(attribute)  # a submodule: the import system loads it on its own
        package.__dict__.pop("__getattr__", None)
        spec.loader.exec_module(package)
        return getattr(package, attribute)

    package.__getattr__ = complete
    sys.modules[name] = package
    return package
