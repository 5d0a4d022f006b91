"""What the readers (wxr.py, disqus.py) hand to the importer: plain data, no database."""

import datetime
from dataclasses import dataclass, field


class BadInput(Exception):
    """The file cannot be imported; the message says why, for the site owner."""


@dataclass
class Author:
    source_id: str
    login: str
    email: str = ""
    display_name: str = ""
    first_name: str = ""
    last_name: str = ""


@dataclass
class Term:
    kind: str  # "category" or "tag"
    slug: str
    name: str
    parent: str = ""  # the parent category's slug
    description: str = ""


@dataclass
class Comment:
    source_id: str
    parent_id: str | None
    author: str
    email: str
    date: datetime.datetime
    html: str
    status: str  # one of Comment.Status
    kind: str = "comment"  # "comment", "pingback", "trackback"
    user_id: str | None = None  # the source's account id for registered commenters
    url: str = ""
    ip: str = ""
    same_as: str | None = None  # Disqus: the WordPress comment id it was copied from


@dataclass
class Item:
    """A post (or page…) with its comments; for Disqus, a thread matched to one of our posts."""

    source_id: str
    type: str
    status: str
    title: str
    slug: str
    link: str
    author: str
    date: datetime.datetime | None
    html: str
    password: str = ""
    date_is_gmt: bool = True
    excerpt_html: str = ""
    comments_open: bool = True
    terms: list[Term] = field(default_factory=list)
    comments: list[Comment] = field(default_factory=list)
