"""The Lambda package: only Lambda's dependencies, built for arm64 / Python 3.13, answering alone.

The package is built here with the Makefile target `sam build` runs. For this machine's platform
and Python (LAMBDA_PLATFORM= LAMBDA_PYTHON=<this one>), so it can run here: this interpreter may
not be 3.13 on arm64. That the pins resolve to arm64 / 3.13 wheels is checked apart, by pip's own
resolver with the target's platform tags (the exact flags the Makefile passes).
"""
from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from skill import config as config_module

ROOT = Path(__file__).resolve().parents[1]
HERE = f"{sys.version_info[0]}.{sys.version_info[1]}"
WEB_ONLY = ("flask", "werkzeug", "gunicorn", "cryptography", "flask_ask_sdk", "ask_sdk_webservice_support",
            "certvalidator", "oscrypto", "asn1crypto", "rapidfuzz")
SALT = "a-test-salt-of-forty-characters-or-so-x"


def launch_event() -> dict:
    return {"version": "1.0",
            "session": {"new": True, "sessionId": "s", "application": {"applicationId": "a"}, "attributes": {},
                        "user": {"userId": "u"}},
            "context": {"System": {"application": {"applicationId": "a"}, "user": {"userId": "u"},
                                   "device": {"deviceId": "d", "supportedInterfaces": {}},
                                   "apiEndpoint": "https://api.amazonalexa.com"}},
            "request": {"type": "LaunchRequest", "requestId": "r", "timestamp": "2026-11-29T21:00:00Z",
                        "locale": "en-US"}}


@pytest.fixture(scope="module")
def built(tmp_path_factory) -> Path:
    artifacts = tmp_path_factory.mktemp("lambda") / "artifacts"
    env = {**os.environ, "PIP_DISABLE_PIP_VERSION_CHECK": "1"}
    subprocess.run(["make", "-s", "build-SecureBaseFunction", f"ARTIFACTS_DIR={artifacts}", f"PYTHON={sys.executable}",
                    "LAMBDA_PLATFORM=", f"LAMBDA_PYTHON={HERE}"], cwd=ROOT, check=True, env=env, capture_output=True)
    return artifacts


def run_in_package(package: Path, code: str, env: dict, stdin: str = "") -> subprocess.CompletedProcess:
    # -I -S: no site-packages, no user site, no checkout on the path: the package and the standard library
    prelude = f"import sys; sys.path.insert(0, {str(package)!r}); "
    return subprocess.run([sys.executable, "-I", "-S", "-c", prelude + code], cwd=package.parent, input=stdin,
                          text=True, capture_output=True, env={"PATH": os.environ.get("PATH", ""), **env})


def test_the_package_holds_the_skill_its_models_and_compiled_templates_only(built):
    assert (built / "skill" / "scripts" / "en-US" / "common" / "menu.j2").is_file()
    assert sorted(p.name for p in (built / "interaction_model").glob("*.json")) == \
        sorted(p.name for p in (ROOT / "interaction_model").glob("*.json"))
    from skill import speech

    compiled = {p.stem for p in (built / "skill" / "_templates").glob("t_*.py")}
    assert compiled == {speech.module_name(name) for name in speech.template_names()}  # every locale's every key
    assert "t_en_GB__common__menu" in compiled  # en-GB's own or en-US's in British spelling, compiled ahead
    for absent in ("tests", "node_modules", ".venv", "bench", "bin", *WEB_ONLY):
        assert not (built / absent).exists(), absent


def test_a_clean_interpreter_with_only_the_package_answers_a_launch_without_web_code(built):
    code = ("import json; from skill import app; "
            "assert app.__file__.startswith(sys.path[0]), app.__file__; "
            "out = app.lambda_handler(json.loads(sys.stdin.read()), None); "
            f"loaded = sorted({{m.split('.')[0] for m in sys.modules}} & set({WEB_ONLY!r} + ('requests', 'boto3'))); "
            "from skill import speech; "
            "print(json.dumps({'out': out, 'loaded': loaded, 'compiled': speech._env.loader.compiled is not None}))")
    result = run_in_package(built, code, {"SB_STORE": "memory", "SB_LOG_SALT": SALT}, json.dumps(launch_event()))
    assert result.returncode == 0, result.stderr[-2000:]
    report = json.loads(result.stdout.strip().splitlines()[-1])
    assert "Welcome to Secure Base" in report["out"]["response"]["outputSpeech"]["ssml"]
    assert report["loaded"] == []  # no Flask, no cryptography; requests only for an Alexa API, boto3 only for AWS
    assert report["compiled"]  # the templates compiled ahead, in the build


def test_a_quiet_session_in_a_clean_interpreter_loads_nothing_it_does_not_use(built):
    """What keeps a container small (bench/run.py measures it): no OpenSSL for two hashes, no jinja2
    bytecode cache, no screen models for a speaker, and no crisis screen for our own catalogue's words."""
    from builders import envelope, intent, launch

    bodies = [envelope(launch()), envelope(intent("AMAZON.HelpIntent"), new=False),
              envelope(intent("BreathingIntent", technique=("box", "box"), duration="PT1M"), new=False)]
    heavy = ("_hashlib", "hashlib", "hmac", "jinja2.bccache", "jinja2.loaders", "pickle", "tempfile", "html",
             "ask_sdk_model.interfaces.alexa.presentation.apl", "ask_sdk_model.interfaces.audioplayer",
             "skill.audio.renderer", "skill.likeness", "snowballstemmer", "tomllib")
    code = ("import json; from skill import app\n"
            "for line in sys.stdin:\n"
            "    out = app.lambda_handler(json.loads(line), None)\n"
            f"print(json.dumps({{'loaded': sorted(set({heavy!r}) & set(sys.modules)), "
            "'screen': type(sys.modules['skill.safety']).__name__, 'said': out['response']['outputSpeech']['ssml']}))")
    result = run_in_package(built, code, {"SB_STORE": "memory", "SB_LOG_SALT": SALT},
                            "".join(json.dumps(b) + "\n" for b in bodies))
    assert result.returncode == 0, result.stderr[-2000:]
    report = json.loads(result.stdout.strip().splitlines()[-1])
    assert report["loaded"] == []
    assert report["screen"] == "_LazyModule"  # "box" is our word: nothing for the screen to read
    assert "<break" in report["said"]  # and the breathing went on


def test_a_launch_leaves_the_crisis_screen_unloaded_and_a_first_intent_is_still_screened(built):
    """The cold start's saving (skill/app.py loads the screen on first use) never skips the screen."""
    from builders import envelope, intent

    said = envelope(intent("SayFeelIntent", words="like i want to die"))
    code = ("import json; from skill import app; "
            "lines = sys.stdin.read().splitlines(); "
            "app.lambda_handler(json.loads(lines[0]), None); "
            "after_launch = type(sys.modules['skill.safety']).__name__; "
            "out = app.lambda_handler(json.loads(lines[1]), None); "
            "print(json.dumps({'after_launch': after_launch, 'ssml': out['response']['outputSpeech']['ssml']}))")
    stdin = json.dumps(launch_event()) + "\n" + json.dumps(said) + "\n"
    result = run_in_package(built, code, {"SB_STORE": "memory", "SB_LOG_SALT": SALT}, stdin)
    assert result.returncode == 0, result.stderr[-2000:]
    report = json.loads(result.stdout.strip().splitlines()[-1])
    assert report["after_launch"] == "_LazyModule"  # a launch did not pay for the screen
    assert "988" in report["ssml"]  # the US crisis line: the first intent of a new process was screened


def test_the_package_answers_the_same_as_the_checkout(built):
    """Compiled-ahead templates say exactly what the sources say (a launch and a breathing turn)."""
    from builders import envelope, intent, launch
    from skill import app
    from skill.config import Config

    bodies = [envelope(launch()), envelope(intent("BreathingIntent", technique=("box", "box"), duration="PT2M")),
              envelope(launch(), locale="en-GB"), envelope(intent("AMAZON.HelpIntent"), locale="en-AU"),
              envelope(intent("GroundingIntent", technique=("five senses", "senses")), locale="en-IN")]
    code = ("import json, random; from skill import app; from skill.config import Config; "
            "skill = app.build(Config(store='memory')); out = []\n"
            "for line in sys.stdin:\n"
            "    random.seed(7); out.append(app.invoke(skill, json.loads(line))['response'])\n"
            "print(json.dumps(out))")
    result = run_in_package(built, code, {}, "".join(json.dumps(b) + "\n" for b in bodies))
    assert result.returncode == 0, result.stderr[-2000:]
    import random

    skill = app.build(Config(store="memory"))
    here = []
    for body in bodies:
        random.seed(7)
        here.append(app.invoke(skill, json.loads(json.dumps(body)))["response"])
    assert json.loads(result.stdout.strip().splitlines()[-1]) == here


def test_on_lambda_the_package_refuses_to_start_with_the_development_salt(built):
    code = "from skill import app; app.lambda_handler({}, None)"
    for env in ({}, {"SB_LOG_SALT": "short"}, {"SB_LOG_SALT": config_module.DEVELOPMENT_SALT}):
        result = run_in_package(built, code, {"SB_STORE": "memory", "AWS_LAMBDA_FUNCTION_NAME": "secure-base", **env})
        assert result.returncode != 0
        assert "UnsafeConfig" in result.stderr and "SB_LOG_SALT" in result.stderr, result.stderr[-1000:]


def test_the_salt_rule_reads_the_environment_it_is_given():
    lambda_env = {"AWS_LAMBDA_FUNCTION_NAME": "secure-base"}
    with pytest.raises(config_module.UnsafeConfig):
        config_module.from_env(lambda_env)
    with pytest.raises(config_module.UnsafeConfig):
        config_module.from_env({**lambda_env, "SB_LOG_SALT": "x" * (config_module.MIN_SALT - 1)})
    assert config_module.from_env({**lambda_env, "SB_LOG_SALT": SALT}).log_salt == SALT
    assert config_module.from_env({}).log_salt == config_module.DEVELOPMENT_SALT  # a laptop may use it


def _pins() -> dict[str, str]:
    pins = {}
    for line in (ROOT / "requirements.txt").read_text().splitlines():
        line = line.split("#")[0].strip()
        if line:
            name, _, version = line.partition("==")
            pins[name.lower().replace("_", "-")] = version
    return pins


def test_requirements_are_lambdas_own_and_pinned():
    pins = _pins()
    assert all(pins.values()), "every requirement pinned with =="
    assert not {"flask", "werkzeug", "gunicorn", "cryptography", "flask-ask-sdk", "ask-sdk-webservice-support",
                "certvalidator", "oscrypto", "rapidfuzz", "freezegun"} & set(pins)
    makefile = subprocess.run(["make", "-n", "build-SecureBaseFunction", "ARTIFACTS_DIR=/x"], cwd=ROOT, check=True,
                              capture_output=True, text=True).stdout
    for flag in ("--platform manylinux2014_aarch64", "--python-version 3.13", "--implementation cp",
                 "--only-binary=:all:", "-r requirements.txt"):
        assert flag in makefile, flag


def test_the_pins_resolve_to_arm64_python_3_13_wheels_and_nothing_else(tmp_path):
    """pip's resolver with the Makefile's target tags: every pin has a wheel there, no other package comes."""
    report = tmp_path / "report.json"
    result = subprocess.run([sys.executable, "-m", "pip", "install", "--quiet", "--dry-run", "--ignore-installed",
                             "--report", str(report), "--target", str(tmp_path / "t"),
                             "--platform", "manylinux2014_aarch64", "--python-version", "3.13", "--implementation", "cp",
                             "--only-binary=:all:", "-r", str(ROOT / "requirements.txt")],
                            capture_output=True, text=True, env={**os.environ, "PIP_DISABLE_PIP_VERSION_CHECK": "1"})
    if result.returncode != 0 and "Could not find a version" not in result.stderr and "No matching" not in result.stderr:
        pytest.skip(f"the package index cannot be reached here: {result.stderr.strip()[-300:]}")
    assert result.returncode == 0, result.stderr[-2000:]
    installs = json.loads(report.read_text())["install"]
    resolved = {i["metadata"]["name"].lower().replace("_", "-"): i["metadata"]["version"] for i in installs}
    assert resolved == _pins()
    for item in installs:
        wheel = item["download_info"]["url"].rsplit("/", 1)[-1]
        assert wheel.endswith("-none-any.whl") or ("cp313" in wheel or "abi3" in wheel) and "aarch64" in wheel, wheel
