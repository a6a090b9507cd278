"""`python -m skill` / `secure-base`: chat, serve, plan, render, lint, model."""
from __future__ import annotations

import argparse
import sys


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="secure-base", description="Secure Base, a voice skill for steadier moments.")
    sub = parser.add_subparsers(dest="command", required=True)

    chat = sub.add_parser("chat", help="talk to the skill in the console")
    chat.add_argument("--locale", default="en-US")
    chat.add_argument("--voice", action="store_true", help="speak through espeak-ng, pauses honoured")
    chat.add_argument("--show-intent", action="store_true", help="print the intent and slots each line is heard as")

    serve = sub.add_parser("serve", help="serve the skill over HTTP (Flask)")
    serve.add_argument("--host", default="127.0.0.1")
    serve.add_argument("--port", type=int, default=5000)
    serve.add_argument("--no-verify", action="store_true", help="skip Alexa request verification (local testing only)")
    serve.add_argument("--cert", help="serve HTTPS with this certificate (PEM); needs --key")
    serve.add_argument("--key", help="the certificate's private key (PEM)")

    from . import plan as plan_module  # the exercise ids name the choices

    plan = sub.add_parser("plan", help="print an exercise's planned timeline and its total")
    plan_module.add_arguments(plan)

    from .audio import cli as render_module

    render = sub.add_parser("render", help="render a session to an MP3 and print its timeline (or --common)")
    render_module.add_arguments(render)

    lint = sub.add_parser("lint", help="render every script for every locale and option; report problems")
    lint.add_argument("--no-node", action="store_true", help="check SSML by XML parsing only, not ssml-check-core")
    lint.add_argument("--verbose", action="store_true", help="list every warning, not a summary")

    model = sub.add_parser("model", help="build interaction_model/<locale>.json from interaction_model/source/")
    model.add_argument("action", choices=("build", "check", "train-screen"),
                       help="build: write the models; check: exit 1 if stale; train-screen: fit the crisis screen's third reader")

    args = parser.parse_args(argv)
    if args.command == "chat":
        from . import console

        return console.main(locale=args.locale, voice=args.voice, show_intent=args.show_intent)
    if args.command == "serve":
        from . import web

        if bool(args.cert) != bool(args.key):
            parser.error("--cert and --key go together")
        return web.serve(host=args.host, port=args.port, verify=not args.no_verify,
                         tls=(args.cert, args.key) if args.cert else None)
    if args.command == "plan":
        return plan_module.main(args)
    if args.command == "render":
        return render_module.main(args)
    if args.command == "lint":
        from . import lint as lint_module

        return lint_module.main(use_node=not args.no_node, verbose=args.verbose)
    if args.command == "model" and args.action == "train-screen":
        from . import screentrain

        figures = screentrain.write()
        print("wrote skill/lexicon/screen-model.json: " + ", ".join(f"{k} {v}" for k, v in figures.items()))
        return 0
    if args.command == "model":
        from . import modelsource

        try:
            if args.action == "check":
                stale = modelsource.stale()
                for path in stale:
                    print(f"stale: {path} (run `secure-base model build`)")
                return 1 if stale else 0
            for path in modelsource.write_all():
                print(f"wrote {path}")
        except (modelsource.GrammarError, OSError, ValueError) as err:
            print(f"secure-base model: {err}", file=sys.stderr)
            return 1
        return 0
    return 2


if __name__ == "__main__":
    sys.exit(main())
