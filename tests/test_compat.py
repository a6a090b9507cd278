"""skill.compat: flask-ask-sdk imports whatever OpenSSL the machine has, and certvalidator is never used.

Each case runs in a fresh interpreter, so what one import leaves in sys.modules cannot hide another.
"""
import json
import subprocess
import sys
import textwrap
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def run(code: str, *, path: list[str] | None = None) -> dict:
    """Run code in a fresh interpreter (with extra sys.path entries first); it prints one JSON line."""
    prelude = f"import sys; sys.path[:0] = {[*(path or []), str(ROOT)]!r}\n"
    done = subprocess.run([sys.executable, "-c", prelude + textwrap.dedent(code)], capture_output=True, text=True,
                          cwd=ROOT, timeout=120)
    assert done.returncode == 0, done.stderr
    return json.loads(done.stdout.strip().splitlines()[-1])


REAL_IMPORT = """
    import json
    try:
        import certvalidator
        print(json.dumps({"real": True}))
    except Exception as exc:
        print(json.dumps({"real": False, "error": type(exc).__name__}))
"""

THROUGH_COMPAT = """
    import json
    from skill import compat
    adapter = compat.import_flask_ask_sdk()
    import certvalidator, flask_ask_sdk.skill_adapter
    print(json.dumps({"stand_ins": compat.stand_ins_active(), "adapter": adapter.SkillAdapter.__name__,
                      "same": adapter is flask_ask_sdk.skill_adapter, "doc": certvalidator.__doc__ or ""}))
"""


def test_flask_ask_sdk_imports_and_stand_ins_are_used_exactly_when_the_real_certvalidator_cannot_load():
    real = run(REAL_IMPORT)
    through = run(THROUGH_COMPAT)
    assert through["adapter"] == "SkillAdapter" and through["same"]
    assert through["stand_ins"] is (not real["real"])
    if not real["real"]:  # this machine: oscrypto 1.3.0 cannot read OpenSSL 3.0.10+ version strings
        assert real["error"] == "LibraryNotFoundError"
        assert "Stand-in installed by skill.compat" in through["doc"]


def test_a_working_certvalidator_is_left_alone(tmp_path):
    working = tmp_path / "certvalidator"
    (working / "errors.py").parent.mkdir()
    (working / "__init__.py").write_text("WORKS = True\nclass CertificateValidator:\n    pass\n")
    (working / "errors.py").write_text("class ValidationError(Exception): pass\nclass PathError(Exception): pass\n")
    result = run("""
        import json
        from skill import compat
        compat.import_flask_ask_sdk()
        import certvalidator
        print(json.dumps({"stand_ins": compat.stand_ins_active(), "works": getattr(certvalidator, "WORKS", False)}))
    """, path=[str(tmp_path)])
    assert result == {"stand_ins": False, "works": True}


def test_the_stand_ins_refuse_loudly_if_the_sdks_own_verifier_is_ever_used():
    result = run("""
        import json
        from skill import compat
        compat.make_importable()
        if not compat.stand_ins_active():
            print(json.dumps({"skipped": True}))
            raise SystemExit
        import certifi
        from ask_sdk_webservice_support.verifier import RequestVerifier, VerificationException
        try:
            RequestVerifier()._validate_cert_chain(open(certifi.where(), "rb").read())
            outcome = "passed"
        except VerificationException:
            outcome = "quietly refused"
        except Exception as exc:
            outcome = f"{type(exc).__name__}: {exc}"
        print(json.dumps({"outcome": outcome}))
    """)
    if result.get("skipped"):  # a machine where the real certvalidator works has nothing to stand in for
        return
    assert "certvalidator is disabled in Secure Base" in result["outcome"]


def test_installing_the_stand_ins_twice_changes_nothing():
    result = run("""
        import json, sys
        from skill import compat
        compat.make_importable()
        first = sys.modules.get("certvalidator")
        compat.import_flask_ask_sdk()
        compat.make_importable()
        print(json.dumps({"same": sys.modules.get("certvalidator") is first,
                          "no_partial_oscrypto": not any(m.startswith("oscrypto._openssl") for m in sys.modules)
                                                 or not compat.stand_ins_active()}))
    """)
    assert result == {"same": True, "no_partial_oscrypto": True}
