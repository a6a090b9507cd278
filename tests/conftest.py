import logging

import pytest

from skill import app
from skill.config import Config

from builders import Conversation


@pytest.fixture
def config(tmp_path):
    return Config(store="sqlite", sqlite_path=str(tmp_path / "store.sqlite3"))


@pytest.fixture
def skill(config):
    return app.build(config)


@pytest.fixture
def talk(skill):
    """A conversation through the same entry point Lambda uses."""
    return Conversation(lambda body: app.invoke(skill, body))
