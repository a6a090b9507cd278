"""Importing flask-ask-sdk on OpenSSL >= 3.0.10.

flask_ask_sdk imports ask_sdk_webservice_support.verifier, which imports
certvalidator, which imports oscrypto 1.3.0. That release cannot parse
OpenSSL version strings like "3.0.19" and raises LibraryNotFoundError at
import, and PyPI has no fixed release. We never use certvalidator: request
verification is ours, on pyca/cryptography (skill.verify). So, before
flask_ask_sdk is imported, stand-in modules take certvalidator's place; they
fail loudly if anything ever tries to use them. Where the real certvalidator
imports (a future oscrypto), it is left alone and used.
"""
from __future__ import annotations

import importlib
import sys
import types


class _Unavailable(Exception):
    pass


def _refuse(*_args, **_kwargs):
    raise _Unavailable("certvalidator is disabled in Secure Base; use skill.verify")


def _stand_ins() -> dict[str, types.ModuleType]:
    package = types.ModuleType("certvalidator")
    package.__doc__ = "Stand-in installed by skill.compat: oscrypto cannot load on this OpenSSL."
    package.CertificateValidator = _refuse
    package.ValidationContext = _refuse
    errors = types.ModuleType("certvalidator.errors")
    errors.ValidationError = type("ValidationError", (_Unavailable,), {})
    errors.PathError = type("PathError", (_Unavailable,), {})
    package.errors = errors
    return {"certvalidator": package, "certvalidator.errors": errors}


def certvalidator_importable() -> bool:
    """True if the real certvalidator (and oscrypto under it) imports on this machine."""
    if "certvalidator" in sys.modules:
        return not stand_ins_active()
    try:
        importlib.import_module("certvalidator")
        return True
    except Exception:  # oscrypto raises LibraryNotFoundError, among others
        for name in [m for m in sys.modules if m == "certvalidator" or m.startswith(("certvalidator.", "oscrypto"))]:
            del sys.modules[name]
        return False


def stand_ins_active() -> bool:
    """True if the stand-ins, not the real certvalidator, are what `import certvalidator` gives."""
    module = sys.modules.get("certvalidator")
    return module is not None and getattr(module, "CertificateValidator", None) is _refuse


def make_importable() -> None:
    """The one place the stand-ins go in: call before importing ask_sdk_webservice_support or flask_ask_sdk."""
    if not stand_ins_active() and not certvalidator_importable():
        sys.modules.update(_stand_ins())


def import_flask_ask_sdk():
    """flask_ask_sdk.skill_adapter, importable whatever OpenSSL the machine has."""
    make_importable()
    return importlib.import_module("flask_ask_sdk.skill_adapter")
