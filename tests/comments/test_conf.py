"""App settings: each default lives once, in comments/conf.py, read through conf.get()."""

import ast
import importlib
from pathlib import Path

import pytest

from comments import conf

ROOT = Path(__file__).resolve().parents[2]
SOURCES = ("blog", "comments", "config", "limits", "porting")


def test_the_site_settings_repeat_no_app_default(monkeypatch):
    """config/settings.py sets an app setting only from the environment."""
    monkeypatch.delenv("SITE_URL", raising=False)
    import config.settings as site

    try:
        site = importlib.reload(site)
        assert [name for name in conf.DEFAULTS if hasattr(site, name)] == []
        monkeypatch.setenv("SITE_URL", "https://commons.example.org")
        site = importlib.reload(site)
        assert site.COMMENTS_SITE_URL == "https://commons.example.org"
    finally:
        monkeypatch.undo()
        importlib.reload(site)


def app_settings_read_with_a_default():
    """(file, setting) for every `getattr(settings, "NAME", default)` of an app setting."""
    for folder in SOURCES:
        for path in (ROOT / folder).rglob("*.py"):
            for node in ast.walk(ast.parse(path.read_text())):
                if (
                    isinstance(node, ast.Call)
                    and getattr(node.func, "id", None) == "getattr"
                    and len(node.args) == 3
                    and getattr(node.args[0], "id", None) == "settings"
                    and isinstance(node.args[1], ast.Constant)
                    and node.args[1].value in conf.DEFAULTS
                    and path != ROOT / "comments" / "conf.py"
                ):
                    yield str(path.relative_to(ROOT)), node.args[1].value


def test_app_settings_are_read_through_conf_only():
    assert list(app_settings_read_with_a_default()) == []


@pytest.mark.parametrize(
    ("configured", "expected"), [("", "http://localhost:8000"), ("https://x.org/", "https://x.org")]
)
def test_absolute_links_have_one_fallback(settings, configured, expected):
    settings.COMMENTS_SITE_URL = configured
    assert conf.absolute_site_url() == expected
