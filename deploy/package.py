"""Writes (or checks) skill-package/, the ASK CLI v2 skill package, from its sources.

    python3 deploy/package.py build [--endpoint ARN_OR_URL] [--privacy-policy-url URL] [--ssl ...]
    python3 deploy/package.py check     # exit 1 if skill-package/ is not what build would write

Sources: deploy/skill.toml (publishing text, permissions, events, interfaces, privacy),
deploy/icons.py (the icons, drawn) and interaction_model/<locale>.json, the models, which stay the
source of truth: every model there becomes a manifest locale and is copied byte for byte to
skill-package/interactionModels/custom/.
Written by hand: the ASK CLI only uploads a package, it does not assemble one.

What a deployer sets once, the endpoint and the privacy policy URL, lives in skill.json: build
keeps what is there unless told otherwise, so `check` holds after the deployer has set them.
"""
from __future__ import annotations

import argparse
import importlib.util
import json
import sys
import tomllib
from functools import lru_cache
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SOURCE = ROOT / "deploy" / "skill.toml"
MODELS = ROOT / "interaction_model"
PACKAGE = ROOT / "skill-package"

# placeholders the deployer replaces (README, "Deploying"): recognisable, and refused by certification
ENDPOINT_PLACEHOLDER = "arn:aws:lambda:us-east-1:123456789012:function:set-by-make-skill-package"
PRIVACY_PLACEHOLDER = "https://example.com/secure-base/privacy-set-by-make-skill-package"
SSL_TYPES = ("Trusted", "Wildcard", "SelfSigned")


@lru_cache(maxsize=1)
def icons():
    spec = importlib.util.spec_from_file_location("deploy_icons", Path(__file__).with_name("icons.py"))
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


class PackageError(Exception):
    """Something the sources cannot make a package of; the message says what to change."""


def model_locales(models: Path = MODELS) -> list[str]:
    return sorted(p.stem for p in models.glob("*.json"))


def publishing_for(locale: str, source: dict) -> dict:
    texts = source.get("publishing", {})
    language = locale.split("-")[0]
    if language not in texts and locale not in texts:
        raise PackageError(f"interaction_model/{locale}.json has no publishing text: add [publishing.{language}] "
                           f"(or [publishing.{locale}]) to deploy/skill.toml")
    merged = {**texts.get(language, {}), **texts.get(locale, {})}
    missing = [key for key in ("name", "summary", "description", "examplePhrases", "keywords") if not merged.get(key)]
    if missing:
        raise PackageError(f"deploy/skill.toml: {locale} has no {', '.join(missing)}")
    return {**merged, **icons().uris()}


def endpoint_object(value: str, ssl: str | None) -> dict:
    if value.startswith("arn:aws:lambda:"):
        return {"uri": value}
    if value.startswith("https://"):
        ssl = ssl or "Trusted"
        if ssl not in SSL_TYPES:
            raise PackageError(f"--ssl must be one of {', '.join(SSL_TYPES)}")
        return {"uri": value, "sslCertificateType": ssl}
    raise PackageError(f"the endpoint must be a Lambda ARN (arn:aws:lambda:...) or an https:// URL, not {value!r}")


def kept(existing: dict) -> tuple[dict | None, dict, str | None]:
    """From the skill.json already there: its endpoint, regional endpoints and privacy policy URL."""
    custom = existing.get("manifest", {}).get("apis", {}).get("custom", {})
    urls = [loc.get("privacyPolicyUrl") for loc in
            existing.get("manifest", {}).get("privacyAndCompliance", {}).get("locales", {}).values()]
    return custom.get("endpoint"), custom.get("regions", {}), next((u for u in urls if u), None)


def manifest(source: dict, locales: list[str], endpoint: dict, regions: dict, privacy_url: str) -> dict:
    if not locales:
        raise PackageError("interaction_model/ holds no model (<locale>.json)")
    countries: list[str] = []
    for locale in locales:
        for country in source.get("countries", {}).get(locale, [locale.split("-")[1]]):
            if country not in countries:
                countries.append(country)
    custom = {"endpoint": endpoint, "interfaces": [dict(i) for i in source.get("interfaces", [])]}
    if regions:
        custom["regions"] = regions
    events_endpoint = {"uri": endpoint["uri"]} if endpoint["uri"].startswith("arn:") else dict(endpoint)
    return {"manifest": {
        "manifestVersion": "1.0",
        "publishingInformation": {
            "locales": {locale: publishing_for(locale, source) for locale in locales},
            "isAvailableWorldwide": False,
            "distributionCountries": countries,
            "distributionMode": "PUBLIC",
            "category": source["category"],
            "testingInstructions": source["testing_instructions"],
        },
        "privacyAndCompliance": {
            **source["privacy"],
            "locales": {locale: {"privacyPolicyUrl": privacy_url} for locale in locales},
        },
        "permissions": [{"name": name} for name in source.get("permissions", [])],
        "events": {
            "endpoint": events_endpoint,
            "subscriptions": [{"eventName": name} for name in source.get("events", [])],
        },
        "apis": {"custom": custom},
    }}


def render(package: Path = PACKAGE, models: Path = MODELS, *, endpoint: str | None = None, ssl: str | None = None,
           privacy_url: str | None = None, source_path: Path = SOURCE) -> dict[str, bytes]:
    """Every file of the package, path relative to skill-package/ -> bytes."""
    source = tomllib.loads(source_path.read_text(encoding="utf-8"))
    skill_json = package / "skill.json"
    existing = json.loads(skill_json.read_text(encoding="utf-8")) if skill_json.is_file() else {}
    old_endpoint, regions, old_privacy = kept(existing)
    if endpoint:
        chosen = endpoint_object(endpoint, ssl)
    elif old_endpoint and old_endpoint.get("uri"):
        chosen = endpoint_object(old_endpoint["uri"], ssl or old_endpoint.get("sslCertificateType"))
    else:
        chosen = {"uri": ENDPOINT_PLACEHOLDER}
    privacy = privacy_url or old_privacy or PRIVACY_PLACEHOLDER
    if not privacy.startswith("https://"):
        raise PackageError("the privacy policy URL must be an https:// URL")
    locales = model_locales(models)
    files = {"skill.json": (json.dumps(manifest(source, locales, chosen, regions, privacy), indent=2,
                                       ensure_ascii=False) + "\n").encode("utf-8")}
    for locale in locales:
        files[f"interactionModels/custom/{locale}.json"] = (models / f"{locale}.json").read_bytes()
    files.update(icons().files())
    return files


def stale(package: Path = PACKAGE, models: Path = MODELS) -> list[str]:
    """Files of skill-package/ that differ from what build writes (or should not be there)."""
    wanted = render(package, models)
    found = {p.relative_to(package).as_posix() for p in package.rglob("*") if p.is_file()} if package.is_dir() else set()
    wrong = [name for name, data in wanted.items()
             if name not in found or (package / name).read_bytes() != data]
    extra = [name for name in found - set(wanted) if name.startswith("interactionModels/")]
    return sorted(wrong + extra)


def write(files: dict[str, bytes], package: Path = PACKAGE) -> None:
    models = package / "interactionModels" / "custom"
    if models.is_dir():  # a locale removed from interaction_model/ leaves the package too
        for old in models.glob("*.json"):
            if f"interactionModels/custom/{old.name}" not in files:
                old.unlink()
    for name, data in files.items():
        path = package / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(data)


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(prog="deploy/package.py", description=__doc__.split("\n\n")[0])
    sub = parser.add_subparsers(dest="command", required=True)
    build = sub.add_parser("build", help="write skill-package/")
    build.add_argument("--endpoint", help="the Lambda function's ARN, or the https:// URL of a self-hosted endpoint")
    build.add_argument("--ssl", choices=SSL_TYPES, help="certificate type of an https:// endpoint (default Trusted)")
    build.add_argument("--privacy-policy-url", help="where your privacy policy (PRIVACY.md) is published")
    sub.add_parser("check", help="exit 1 if skill-package/ is stale")
    args = parser.parse_args(argv)
    try:
        if args.command == "check":
            wrong = stale()
            if wrong:
                print("skill-package/ is stale (run `make skill-package`): " + ", ".join(wrong), file=sys.stderr)
                return 1
            print("skill-package/ is up to date")
            return 0
        files = render(endpoint=args.endpoint, ssl=args.ssl, privacy_url=args.privacy_policy_url)
    except PackageError as problem:
        print(f"deploy/package.py: {problem}", file=sys.stderr)
        return 2
    write(files)
    skill = json.loads(files["skill.json"])["manifest"]
    placeholders = [what for what, value in (("endpoint", skill["apis"]["custom"]["endpoint"]["uri"]),
                                             ("privacy policy URL", next(iter(
                                                 skill["privacyAndCompliance"]["locales"].values()))["privacyPolicyUrl"]))
                    if value in (ENDPOINT_PLACEHOLDER, PRIVACY_PLACEHOLDER)]
    print(f"wrote skill-package/ ({', '.join(skill['publishingInformation']['locales'])})"
          + (f"; still placeholders: {', '.join(placeholders)}" if placeholders else ""))
    return 0


if __name__ == "__main__":
    sys.exit(main())
