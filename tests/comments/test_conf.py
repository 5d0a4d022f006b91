"""App settings: each default lives once, in its app's conf.py (comments/conf.py, and any other
app of ours that has one), read through that module's get()."""

import ast
import importlib
import importlib.util
from pathlib import Path

import pytest
from django.apps import apps

from comments import conf

ROOT = Path(__file__).resolve().parents[2]


def our_apps():
    return [
        app
        for app in apps.get_app_configs()
        if Path(app.path).is_relative_to(ROOT) and "site-packages" not in Path(app.path).parts
    ]


def app_confs():
    """The conf modules of our apps that keep defaults."""
    names = [f"{app.name}.conf" for app in our_apps()]
    found = [importlib.import_module(name) for name in names if importlib.util.find_spec(name)]
    return [module for module in found if hasattr(module, "DEFAULTS")]


def test_the_site_settings_repeat_no_app_default(monkeypatch):
    """config/settings.py sets an app setting only from the environment."""
    monkeypatch.delenv("SITE_URL", raising=False)
    import config.settings as site

    defaults = {name: module for module in app_confs() for name in module.DEFAULTS}
    assert "COMMENTS_SITE_URL" in defaults
    try:
        site = importlib.reload(site)
        assert [name for name in defaults if hasattr(site, name)] == []
        monkeypatch.setenv("SITE_URL", "https://commons.example.org")
        site = importlib.reload(site)
        assert site.COMMENTS_SITE_URL == "https://commons.example.org"
    finally:
        monkeypatch.undo()
        importlib.reload(site)


def app_settings_read_with_a_default():
    """(file, setting) for every `getattr(settings, "NAME", default)` of an app setting outside
    the conf module that keeps its default."""
    homes = {name: Path(module.__file__) for module in app_confs() for name in module.DEFAULTS}
    folders = [Path(app.path) for app in our_apps()] + [ROOT / "config", ROOT / "benchmarks"]
    for folder in folders:
        for path in folder.rglob("*.py"):
            for node in ast.walk(ast.parse(path.read_text())):
                if (
                    isinstance(node, ast.Call)
                    and getattr(node.func, "id", None) == "getattr"
                    and len(node.args) == 3
                    and getattr(node.args[0], "id", None) == "settings"
                    and isinstance(node.args[1], ast.Constant)
                    and node.args[1].value in homes
                    and path != homes[node.args[1].value]
                ):
                    yield str(path.relative_to(ROOT)), node.args[1].value


def test_app_settings_are_read_through_their_conf_only():
    assert list(app_settings_read_with_a_default()) == []


@pytest.mark.parametrize(
    ("configured", "expected"), [("", "http://localhost:8000"), ("https://x.org/", "https://x.org")]
)
def test_absolute_links_have_one_fallback(settings, configured, expected):
    settings.COMMENTS_SITE_URL = configured
    assert conf.absolute_site_url() == expected
