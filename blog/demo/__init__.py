"""The demo site as data: `site.json` (the author, the commenters, each article's title, date and
excerpt), one Markdown file per article (`<slug>.md`) and, where it has one, its discussion
(`<slug>.discussion.json`: nested comments, each with `by`, `minutes` after publication, `body`
and `replies`). All text is original. `load_demo` reads it through `load()`."""

import json
from dataclasses import dataclass
from pathlib import Path

HERE = Path(__file__).resolve().parent


@dataclass(frozen=True)
class Demo:
    author: dict
    commenters: list[str]
    posts: list[dict]


def load() -> Demo:
    site = json.loads((HERE / "site.json").read_text(encoding="utf-8"))
    posts = []
    for article in site["articles"]:
        slug = article["slug"]
        discussion = HERE / f"{slug}.discussion.json"
        posts.append(
            {
                **article,
                "body": (HERE / f"{slug}.md").read_text(encoding="utf-8"),
                "comments": (
                    json.loads(discussion.read_text(encoding="utf-8"))
                    if discussion.exists()
                    else []
                ),
            }
        )
    return Demo(author=site["author"], commenters=site["commenters"], posts=posts)
