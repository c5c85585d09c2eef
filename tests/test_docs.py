"""Every command and every config key is documented in docs/cli.md."""

import argparse
from dataclasses import fields
from pathlib import Path

from counter_app import config
from counter_app.cli import build_parser

DOC = (Path(__file__).resolve().parent.parent / "docs" / "cli.md").read_text(encoding="utf-8")


def commands(parser: argparse.ArgumentParser, prefix: str = "counter-app"):
    for action in parser._actions:
        if isinstance(action, argparse._SubParsersAction):
            for name, sub in action.choices.items():
                yield f"{prefix} {name}"
                yield from commands(sub, f"{prefix} {name}")


def test_every_command_is_documented():
    missing = [c for c in commands(build_parser()) if f"`{c}" not in DOC]
    assert not missing, missing


def test_every_sync_server_command_is_documented():
    from sync_server.cli import build_parser as server_parser
    missing = [c for c in commands(server_parser(), "counter-sync-server") if f"`{c}" not in DOC]
    assert not missing, missing


def test_every_config_key_is_documented():
    cfg = config.Config()
    keys = [f"{section.name}.{f.name}" for section in fields(cfg) if section.name != "version"
            for f in fields(getattr(cfg, section.name))]
    missing = [k for k in keys if f"`{k}`" not in DOC]
    assert not missing, missing
