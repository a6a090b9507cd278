"""The SAM template: valid CloudFormation, and it points Lambda at the real handler."""
import subprocess
import sys
from pathlib import Path

from cfnlint.decode import cfn_yaml

ROOT = Path(__file__).resolve().parents[1]


def test_cfn_lint_passes():
    cfn_lint = Path(sys.executable).with_name("cfn-lint")
    result = subprocess.run([str(cfn_lint), str(ROOT / "template.yaml")], capture_output=True, text=True)
    assert result.returncode == 0, result.stdout + result.stderr


def test_function_handler_is_the_skill_entry_point_and_importable():
    template = cfn_yaml.load(str(ROOT / "template.yaml"))
    function = template["Resources"]["SecureBaseFunction"]["Properties"]
    module, _, name = function["Handler"].rpartition(".")
    assert function["Handler"] == "skill.app.lambda_handler"
    assert callable(getattr(__import__(module, fromlist=[name]), name))
    assert function["Environment"]["Variables"]["SB_STORE"] == "dynamodb"


def test_the_lambda_package_holds_the_skill_and_answers_a_launch(tmp_path):
    """What `sam build` runs (Makefile build-SecureBaseFunction), then the handler as Lambda calls it."""
    import json
    import os

    artifacts = tmp_path / "artifacts"
    env = {**os.environ, "PIP_DISABLE_PIP_VERSION_CHECK": "1"}
    subprocess.run(["make", "-s", "build-SecureBaseFunction", f"ARTIFACTS_DIR={artifacts}", f"PYTHON={sys.executable}"],
                   cwd=ROOT, check=True, env=env, capture_output=True)
    assert (artifacts / "skill" / "scripts" / "en-US" / "common" / "menu.j2").is_file()
    assert not (artifacts / "tests").exists() and not (artifacts / "node_modules").exists()
    launch = {"version": "1.0",
              "session": {"new": True, "sessionId": "s", "application": {"applicationId": "a"}, "attributes": {},
                          "user": {"userId": "u"}},
              "context": {"System": {"application": {"applicationId": "a"}, "user": {"userId": "u"},
                                     "device": {"deviceId": "d", "supportedInterfaces": {}},
                                     "apiEndpoint": "https://api.amazonalexa.com"}},
              "request": {"type": "LaunchRequest", "requestId": "r", "timestamp": "2026-11-29T21:00:00Z",
                          "locale": "en-US"}}
    # -I -S: no site-packages, no project checkout: only the package and the standard library
    code = (f"import json, sys; sys.path.insert(0, {str(artifacts)!r}); from skill import app; "
            "assert app.__file__.startswith(sys.path[0]), app.__file__; "
            "print(json.dumps(app.lambda_handler(json.loads(sys.stdin.read()), None)))")
    out = subprocess.run([sys.executable, "-I", "-S", "-c", code], cwd=tmp_path, input=json.dumps(launch), text=True,
                         capture_output=True, env={"SB_STORE": "memory", "PATH": os.environ.get("PATH", "")})
    assert out.returncode == 0, out.stderr[-2000:]
    assert "Welcome to Secure Base" in json.loads(out.stdout)["response"]["outputSpeech"]["ssml"]


def test_the_audio_bucket_is_private_encrypted_expiring_and_only_the_function_reaches_it():
    template = cfn_yaml.load(str(ROOT / "template.yaml"))
    resources = template["Resources"]
    bucket = resources["AudioBucket"]["Properties"]
    assert all(bucket["PublicAccessBlockConfiguration"].values()) and len(bucket["PublicAccessBlockConfiguration"]) == 4
    assert bucket["BucketEncryption"]["ServerSideEncryptionConfiguration"][0]["ServerSideEncryptionByDefault"]
    rule = bucket["LifecycleConfiguration"]["Rules"][0]
    assert rule["Status"] == "Enabled" and rule["ExpirationInDays"] >= 2  # longer than a presigned URL lives
    denies = resources["AudioBucketPolicy"]["Properties"]["PolicyDocument"]["Statement"]
    assert any(s["Effect"] == "Deny" and s["Condition"]["Bool"]["aws:SecureTransport"] == "false" for s in denies)
    function = resources["SecureBaseFunction"]["Properties"]
    variables = function["Environment"]["Variables"]
    assert variables["SB_TTS"] == "polly" and variables["SB_AUDIO_BUCKET"] == {"Ref": "AudioBucket"}
    statements = [s for p in function["Policies"] if "Statement" in p for s in p["Statement"]]
    s3 = [s for s in statements if any(str(a).startswith("s3:") for a in ([s["Action"]] if isinstance(s["Action"], str)
                                                                        else s["Action"]))]
    assert s3 and all("AudioBucket" in str(s["Resource"]) for s in s3)
    assert not any("*" == a or a == "s3:*" for s in s3 for a in ([s["Action"]] if isinstance(s["Action"], str)
                                                                    else s["Action"]))
