"""The SAM template: valid CloudFormation, hardened, and what SAM turns it into, offline."""
import json
import re
import subprocess
import sys
from pathlib import Path

import pytest
from cfnlint.decode import cfn_yaml
from samtranslator.translator.transform import transform

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


def _template() -> dict:
    return json.loads(json.dumps(cfn_yaml.load(str(ROOT / "template.yaml"))))


class _NoManagedPolicies:
    """The policy loader transform() asks for: the template names no AWS managed policy by name."""

    def load(self):
        return {}


@pytest.fixture(scope="module")
def transformed() -> dict:
    """template.yaml as CloudFormation gets it, by aws-sam-translator (no AWS call)."""
    import os

    template = _template()
    # what `sam package` does to CodeUri before CloudFormation sees the template
    template["Resources"]["SecureBaseFunction"]["Properties"]["CodeUri"] = "s3://bucket/secure-base.zip"
    old = os.environ.get("AWS_DEFAULT_REGION")
    os.environ["AWS_DEFAULT_REGION"] = "us-east-1"  # the translator's pseudo parameters need a region
    try:
        return transform(template, {}, _NoManagedPolicies())
    finally:
        if old is None:
            del os.environ["AWS_DEFAULT_REGION"]
        else:
            os.environ["AWS_DEFAULT_REGION"] = old


def test_alexa_may_invoke_the_function_for_this_skill_only(transformed):
    permissions = [r["Properties"] for r in transformed["Resources"].values() if r["Type"] == "AWS::Lambda::Permission"]
    assert permissions == [{"Action": "lambda:InvokeFunction", "FunctionName": {"Ref": "SecureBaseFunction"},
                            "Principal": "alexa-appkit.amazon.com", "EventSourceToken": {"Ref": "SkillId"}}]


def test_the_skill_id_and_salt_are_required_and_checked():
    parameters = _template()["Parameters"]
    skill_id, salt = parameters["SkillId"], parameters["HashSalt"]
    assert "Default" not in skill_id and "Default" not in salt
    pattern = re.compile(skill_id["AllowedPattern"])
    assert pattern.fullmatch("amzn1.ask.skill.6a5c7198-0b1e-4c2d-9f3a-1234567890ab")
    for wrong in ("", "amzn1.ask.skill.", "amzn1.ask.skill.TEST", "arn:aws:lambda:us-east-1:1:function:x"):
        assert not pattern.fullmatch(wrong), wrong
    assert salt["NoEcho"] is True and salt["MinLength"] >= 32


def test_the_function_runs_python_3_13_on_arm64_and_its_logs_expire(transformed):
    function = transformed["Resources"]["SecureBaseFunction"]["Properties"]
    assert function["Runtime"] == "python3.13" and function["Architectures"] == ["arm64"]
    group = function["LoggingConfig"]["LogGroup"]["Ref"]
    assert 1 <= transformed["Resources"][group]["Properties"]["RetentionInDays"] <= 400


def test_the_users_table_survives_the_stack(transformed):
    table = transformed["Resources"]["UsersTable"]
    assert table["DeletionPolicy"] == "Retain" and table["UpdateReplacePolicy"] == "Retain"
    assert table["Properties"]["DeletionProtectionEnabled"] is True


# the boto3 Table calls skill/persistence.py makes, and the IAM action each needs
_CALLS = {"get_item": "dynamodb:GetItem", "put_item": "dynamodb:PutItem", "update_item": "dynamodb:UpdateItem",
          "delete_item": "dynamodb:DeleteItem", "query": "dynamodb:Query", "scan": "dynamodb:Scan",
          "batch_get_item": "dynamodb:BatchGetItem", "batch_write_item": "dynamodb:BatchWriteItem",
          "describe_table": "dynamodb:DescribeTable", "create_table": "dynamodb:CreateTable"}


def test_the_function_may_make_only_the_table_calls_the_code_makes(transformed):
    code = (ROOT / "skill" / "persistence.py").read_text()
    used = {action for call, action in _CALLS.items() if re.search(rf"\.{call}\(", code)}
    role = transformed["Resources"]["SecureBaseFunctionRole"]["Properties"]
    statements = [s for p in role["Policies"] for s in p["PolicyDocument"]["Statement"]]
    granted = {a for s in statements for a in ([s["Action"]] if isinstance(s["Action"], str) else s["Action"])
               if a.startswith("dynamodb:")}
    assert granted == used == {"dynamodb:GetItem", "dynamodb:PutItem", "dynamodb:UpdateItem", "dynamodb:DeleteItem"}
    table_statements = [s for s in statements if any(str(a).startswith("dynamodb:") for a in s["Action"])]
    assert all(s["Resource"] == {"Fn::GetAtt": ["UsersTable", "Arn"]} for s in table_statements)


def test_sam_builds_in_source_with_the_makefile_target():
    """`sam build` runs `make build-SecureBaseFunction` here instead of copying .venv and node_modules."""
    import tomllib

    function = _template()["Resources"]["SecureBaseFunction"]
    assert function["Metadata"]["BuildMethod"] == "makefile"
    samconfig = tomllib.loads((ROOT / "samconfig.toml").read_text())
    assert samconfig["default"]["build"]["parameters"]["build_in_source"] is True
    assert "build-SecureBaseFunction:" in (ROOT / "Makefile").read_text()
