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
