"""The identities app sits below comments and blog: it never imports them, at module level or
inside a function, directly or through another module. The contract is import-linter's
(`[tool.importlinter]` in pyproject.toml), which follows every import chain."""

import ast
from pathlib import Path

from importlinter import cli

ROOT = Path(__file__).resolve().parents[2]
MOVED = {"Identity", "IdentityNameChange", "ReservedName"}


def test_identities_never_imports_comments_or_blog(monkeypatch, capsys):
    monkeypatch.chdir(ROOT)
    status = cli.lint_imports(config_filename=str(ROOT / "pyproject.toml"), no_cache=True)
    assert status == 0, capsys.readouterr().out


def test_the_old_import_path_still_gives_the_identity_models():
    """Outside checks import them from comments.models: a re-export, the same classes."""
    from comments import models as old
    from identities import models as new

    assert (old.Identity, old.IdentityNameChange, old.ReservedName) == (
        new.Identity,
        new.IdentityNameChange,
        new.ReservedName,
    )


def test_the_project_imports_identities_from_their_own_app():
    """The re-export is for outside code only: ours names identities.models."""
    offenders = []
    for path in ROOT.glob("[!.]*/**/*.py"):
        if "migrations" in path.parts or path.parts[len(ROOT.parts)] in {"node_modules", ".venv"}:
            continue
        for node in ast.walk(ast.parse(path.read_text(), str(path))):
            if isinstance(node, ast.ImportFrom) and node.module in {"comments.models", "models"}:
                if path == ROOT / "comments" / "models" / "__init__.py":
                    continue
                if node.module == "models" and "comments" not in path.parts:
                    continue
                if MOVED & {alias.name for alias in node.names}:
                    offenders.append(f"{path.relative_to(ROOT)}:{node.lineno}")
    assert not offenders, "\n".join(offenders)
