"""The model layer (models, the versions that key the cache, the Post's manager) never imports
the write layer: invalidation and the discussion lock live below it, so a save from anywhere
(a view, the admin, a shell, an import) keeps pages true without reaching up."""

import ast
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
MODEL_LAYER = [
    *sorted((ROOT / "comments" / "models").glob("*.py")),
    ROOT / "comments" / "versions.py",
    ROOT / "blog" / "models.py",
    ROOT / "identities" / "models.py",
]
WRITE_LAYER = [
    "comments.moderation",
    "comments.replies",
    "comments.reactions",
    "comments.notifications",
    "comments.admin",
    "comments.views",
    "comments.author_views",
    "comments.reader_views",
    "comments.replies_views",
    "identities.changes",
    "identities.views",
    "identities.accounts",
    "identities.admin",
]


def imported_modules(path: Path) -> set[str]:
    """Every module `path` imports, at the top or inside a function, relative ones resolved."""
    package = ".".join(path.relative_to(ROOT).with_suffix("").parts[:-1])
    found = set()
    for node in ast.walk(ast.parse(path.read_text())):
        if isinstance(node, ast.Import):
            found.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom):
            parts = package.split(".")
            base = parts[: len(parts) - node.level + 1] if node.level else []
            module = ".".join([*base, *([node.module] if node.module else [])])
            found.add(module)
            found.update(f"{module}.{alias.name}" for alias in node.names)
    return found


@pytest.mark.parametrize("path", MODEL_LAYER, ids=lambda path: str(path.relative_to(ROOT)))
def test_the_model_layer_never_imports_the_write_layer(path):
    reaching_up = {
        module
        for module in imported_modules(path)
        if any(module == layer or module.startswith(f"{layer}.") for layer in WRITE_LAYER)
    }
    assert not reaching_up
