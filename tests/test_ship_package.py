"""The ASK CLI skill package: a manifest the SMAPI model reads, one locale per model, no drift.

Data-driven over interaction_model/*.json: a locale added there must reach skill-package/ too
(`make skill-package`), with publishing text, a privacy policy URL and its model copied as is.
"""
from __future__ import annotations

import importlib.util
import json
import re
import shutil
from pathlib import Path

import pytest
from ask_sdk_core.serialize import DefaultSerializer

from builders import envelope, intent
from skill import app, persistence
from skill.config import Config
from skill.handlers import reminders

ROOT = Path(__file__).resolve().parents[1]
PACKAGE = ROOT / "skill-package"
MODELS = ROOT / "interaction_model"
ENVELOPE = "ask_smapi_model.v1.skill.manifest.skill_manifest_envelope.SkillManifestEnvelope"


def _package_module():
    spec = importlib.util.spec_from_file_location("deploy_package", ROOT / "deploy" / "package.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


package = _package_module()


@pytest.fixture(scope="module")
def manifest() -> dict:
    return json.loads((PACKAGE / "skill.json").read_text(encoding="utf-8"))["manifest"]


def model_locales() -> list[str]:
    return sorted(p.stem for p in MODELS.glob("*.json"))


def test_the_package_is_what_its_sources_make():
    """skill-package/ is written from interaction_model/ and deploy/skill.toml: `make skill-package`."""
    assert package.stale() == [], "skill-package/ is stale: run `make skill-package`"


def test_every_model_is_a_manifest_locale_and_copied_byte_for_byte(manifest):
    locales = model_locales()
    assert locales, "no interaction model found"
    copies = sorted(p.stem for p in (PACKAGE / "interactionModels" / "custom").glob("*.json"))
    assert copies == locales
    assert sorted(manifest["publishingInformation"]["locales"]) == locales
    assert sorted(manifest["privacyAndCompliance"]["locales"]) == locales
    for locale in locales:
        assert (PACKAGE / "interactionModels" / "custom" / f"{locale}.json").read_bytes() == \
            (MODELS / f"{locale}.json").read_bytes(), f"{locale}: the package's model drifted from interaction_model/"


def test_the_smapi_model_reads_the_manifest_back_unchanged():
    """ask-smapi-model's own classes: every enum value known (a typo raises), no key it does not know."""
    raw = (PACKAGE / "skill.json").read_text(encoding="utf-8")
    serializer = DefaultSerializer()
    assert serializer.serialize(serializer.deserialize(raw, ENVELOPE)) == json.loads(raw)


def test_a_misspelled_event_is_refused_by_the_same_check():
    raw = json.loads((PACKAGE / "skill.json").read_text(encoding="utf-8"))
    raw["manifest"]["events"]["subscriptions"] = [{"eventName": "SKILL_DISABLD"}]
    with pytest.raises(Exception, match="SKILL_DISABLD"):
        DefaultSerializer().deserialize(json.dumps(raw), ENVELOPE)


def _samples(locale: str) -> set[str]:
    model = json.loads((MODELS / f"{locale}.json").read_text(encoding="utf-8"))["interactionModel"]["languageModel"]
    return {s.lower() for i in model["intents"] for s in i.get("samples", [])}


@pytest.mark.parametrize("locale", model_locales())
def test_publishing_information_for_each_locale(manifest, locale):
    info = manifest["publishingInformation"]["locales"][locale]
    assert 0 < len(info["name"]) <= 50
    assert 0 < len(info["summary"]) <= 160
    assert 0 < len(info["description"]) <= 4000
    # the health disclaimer certification asks a wellness skill for
    for words in ("not therapy", "not medical advice", "not a crisis service", "emergency number"):
        assert words in info["description"], words
    assert 1 <= len(info["examplePhrases"]) <= 3 and 1 <= len(info["keywords"]) <= 30
    invocation = json.loads((MODELS / f"{locale}.json").read_text())["interactionModel"]["languageModel"]["invocationName"]
    samples = _samples(locale)
    assert info["examplePhrases"][0].lower() == f"alexa, open {invocation}"  # the one that always reaches us
    for phrase in info["examplePhrases"][1:]:
        match = re.fullmatch(rf"alexa, ask {re.escape(invocation)} (?:to |for |about )?(.+)", phrase.lower())
        assert match and match.group(1) in samples, f"{phrase!r}: not a sample of {locale}'s model"


def test_privacy_and_compliance(manifest):
    privacy = manifest["privacyAndCompliance"]
    assert privacy["isChildDirected"] is False and privacy["containsAds"] is False
    assert privacy["allowsPurchases"] is False and privacy["usesPersonalInfo"] is True
    for locale in privacy["locales"].values():
        assert locale["privacyPolicyUrl"].startswith("https://")


def test_the_reminders_permission_is_the_scope_the_code_asks_for(manifest):
    assert {"name": reminders.SCOPE} in manifest["permissions"]


def test_the_endpoint_and_interfaces(manifest):
    custom = manifest["apis"]["custom"]
    assert custom["endpoint"]["uri"].startswith(("arn:aws:lambda:", "https://"))
    assert manifest["events"]["endpoint"]["uri"] == custom["endpoint"]["uri"]
    # the skill sends AudioPlayer directives (skill/handlers/audio.py): certification needs the interface declared
    assert "AudioPlayer" in (ROOT / "skill" / "handlers" / "audio.py").read_text()
    assert {"type": "AUDIO_PLAYER"} in custom["interfaces"]


def test_disabling_the_skill_is_subscribed_and_deletes_the_record(manifest):
    """PRIVACY.md's promise: the subscription (only the manifest can set it) and the code behind it."""
    assert {"eventName": "SKILL_DISABLED"} in manifest["events"]["subscriptions"]
    store = persistence.MemoryAdapter()
    skill = app.build(Config(store="memory"), adapter=store)
    user = "amzn1.ask.account.DISABLES"
    app.invoke(skill, envelope(intent("BreathingIntent", technique=("box", "box"), duration="PT1M"), user_id=user))
    assert store.rows, "the exercise left no record to delete"
    event = {"type": "AlexaSkillEvent.SkillDisabled", "eventCreationTime": "2026-11-29T21:00:00Z",
             "eventPublishingTime": "2026-11-29T21:00:01Z", "body": {"userInformationPersistenceStatus": "NOT_PERSISTED"}}
    out = app.invoke(skill, envelope(event, user_id=user))
    assert not store.rows and "outputSpeech" not in out["response"]


def test_ask_resources_deploys_the_package_and_no_infrastructure():
    """`sam deploy` makes the stack, `ask deploy --target skill-metadata` the skill (README says why)."""
    resources = json.loads((ROOT / "ask-resources.json").read_text())
    profile_ = resources["profiles"]["default"]
    assert (ROOT / profile_["skillMetadata"]["src"] / "skill.json").is_file()
    assert "skillInfrastructure" not in profile_ and "code" not in profile_


# --- the generator itself, on copies ---------------------------------------------------------------

def _copy_sources(tmp_path: Path) -> tuple[Path, Path]:
    models = tmp_path / "interaction_model"
    models.mkdir()
    for path in MODELS.glob("*.json"):
        shutil.copy(path, models / path.name)
    target = tmp_path / "skill-package"
    shutil.copytree(PACKAGE, target)
    return models, target


def test_a_model_added_without_its_package_copy_is_drift(tmp_path):
    models, target = _copy_sources(tmp_path)
    first = sorted(models.glob("*.json"))[0]
    shutil.copy(first, models / "en-ZZ.json")
    assert package.stale(target, models) == ["interactionModels/custom/en-ZZ.json", "skill.json"]
    package.write(package.render(target, models), target)
    assert package.stale(target, models) == []
    assert "en-ZZ" in json.loads((target / "skill.json").read_text())["manifest"]["publishingInformation"]["locales"]


def test_a_model_in_a_language_without_publishing_text_is_refused_by_name(tmp_path):
    models, target = _copy_sources(tmp_path)
    shutil.copy(sorted(models.glob("*.json"))[0], models / "xx-XX.json")
    with pytest.raises(package.PackageError, match=r"\[publishing\.xx\]"):
        package.render(target, models)


def test_what_the_deployer_set_once_is_kept_by_later_builds(tmp_path):
    models, target = _copy_sources(tmp_path)
    arn = "arn:aws:lambda:eu-west-1:210987654321:function:secure-base-SecureBaseFunction-abc"
    url = "https://secure-base.example.org/privacy"
    package.write(package.render(target, models, endpoint=arn, privacy_url=url), target)
    rebuilt = json.loads(package.render(target, models)["skill.json"])["manifest"]
    assert rebuilt["apis"]["custom"]["endpoint"] == {"uri": arn} and rebuilt["events"]["endpoint"] == {"uri": arn}
    assert {loc["privacyPolicyUrl"] for loc in rebuilt["privacyAndCompliance"]["locales"].values()} == {url}
    https = json.loads(package.render(target, models, endpoint="https://skill.example.org/", ssl="Wildcard")
                       ["skill.json"])["manifest"]["apis"]["custom"]["endpoint"]
    assert https == {"uri": "https://skill.example.org/", "sslCertificateType": "Wildcard"}
    with pytest.raises(package.PackageError, match="Lambda ARN"):
        package.render(target, models, endpoint="secure-base")


def _png_size(data: bytes) -> tuple[int, int]:
    import struct
    import zlib

    assert data[:8] == b"\x89PNG\r\n\x1a\n" and data[12:16] == b"IHDR"
    width, height, depth, colour = struct.unpack(">IIBB", data[16:26])
    assert (depth, colour) == (8, 2)  # 8-bit RGB
    at, idat = 8, b""
    while at < len(data):  # every chunk's CRC holds, and the pixels inflate to whole rows
        length = struct.unpack(">I", data[at:at + 4])[0]
        kind, body = data[at + 4:at + 8], data[at + 8:at + 8 + length]
        assert struct.unpack(">I", data[at + 8 + length:at + 12 + length])[0] == zlib.crc32(kind + body)
        idat += body if kind == b"IDAT" else b""
        at += 12 + length
    assert len(zlib.decompress(idat)) == height * (1 + 3 * width)
    return width, height


@pytest.mark.parametrize("locale", model_locales())
def test_every_locale_shows_the_icons_certification_asks_for(manifest, locale):
    info = manifest["publishingInformation"]["locales"][locale]
    for field, side in (("smallIconUri", 108), ("largeIconUri", 512)):
        path = PACKAGE / info[field].removeprefix("file://")
        assert info[field].startswith("file://assets/images/") and path.is_file()
        assert _png_size(path.read_bytes()) == (side, side)
