"""A streaming reader of a Disqus export (the XML file Disqus mails from Admin → Export).

A Disqus file lists every thread first and then every comment ("post"), in no order of thread.
To hand the importer one whole discussion at a time without holding the file in memory, the
comments are spooled into a temporary SQLite file while reading and read back thread by thread.
"""

import datetime
import json
import re
import sqlite3
import tempfile
from collections.abc import Iterator

from defusedxml import DTDForbidden, EntitiesForbidden, ExternalReferenceForbidden
from defusedxml.ElementTree import ParseError, iterparse

from .records import BadInput, Comment, Item
from .wxr import MAX_COMMENT_TEXT

NS = "{http://disqus.com}"
_WP_ID = re.compile(r"wp_id=(\d+)$")
DSQ_ID = "{http://disqus.com/disqus-internals}id"


def _text(element, name: str) -> str:
    child = element.find(NS + name)
    return (child.text or "").strip() if child is not None else ""


def _flag(element, name: str) -> bool:
    return _text(element, name).lower() == "true"


def _date(value: str, where: str) -> datetime.datetime:
    try:
        parsed = datetime.datetime.fromisoformat(value.replace("Z", "+00:00"))
    except ValueError:
        raise BadInput(f'{where} has the date "{value}", which is not a Disqus date.') from None
    return parsed if parsed.tzinfo else parsed.replace(tzinfo=datetime.UTC)


def _comment(element) -> tuple[str, dict]:
    sid = element.get(DSQ_ID, "")
    where = f"Disqus comment {sid}"
    thread = element.find(NS + "thread")
    if not sid or thread is None or not thread.get(DSQ_ID):
        raise BadInput(f"{where or 'a Disqus comment'} has no id or no thread.")
    parent = element.find(NS + "parent")
    author = element.find(NS + "author")
    message = _text(element, "message")
    if len(message) > MAX_COMMENT_TEXT:
        raise BadInput(f"{where} is {len(message):,} characters long; the limit is 1 MB.")
    if _flag(element, "isSpam"):
        status = "spam"
    elif _flag(element, "isDeleted"):
        status = "removed"
    elif _text(element, "isApproved").lower() == "false":
        status = "pending"
    else:
        status = "approved"
    username = ""
    if author is not None and not _flag(author, "isAnonymous"):
        username = _text(author, "username")
    return thread.get(DSQ_ID), {
        "source_id": sid,
        "parent_id": parent.get(DSQ_ID) if parent is not None else None,
        "author": _text(author, "name") if author is not None else "",
        "email": _text(author, "email") if author is not None else "",
        "date": _date(_text(element, "createdAt"), where).isoformat(),
        "html": message,
        "status": status,
        "user_id": f"username:{username}" if username else None,
        "ip": _text(element, "ipAddress"),
        "same_as": wp_id.group(1) if (wp_id := _WP_ID.match(_text(element, "id"))) else None,
    }


def read(path) -> Iterator[Item]:
    """Yield each thread that has comments as an Item (its `slug` holds the Disqus
    identifier, its `link` the page's address), its comments in it."""
    threads = {}
    with tempfile.TemporaryDirectory() as tmp:
        spool = sqlite3.connect(f"{tmp}/spool.sqlite3")
        spool.execute("create table c (thread text, data text)")
        depth = 0
        seen_root = False
        root = None
        try:
            for event, element in iterparse(path, events=("start", "end"), forbid_dtd=True):
                if event == "start":
                    depth += 1
                    if depth == 1:
                        if element.tag != NS + "disqus":
                            raise BadInput(
                                "this is not a Disqus export: the file starts with "
                                f"<{element.tag.rsplit('}', 1)[-1]}>, not <disqus>."
                            )
                        seen_root, root = True, element
                    continue
                depth -= 1
                if depth != 1:
                    continue
                if element.tag == NS + "thread":
                    threads[element.get(DSQ_ID, "")] = (
                        _text(element, "id"),
                        _text(element, "link"),
                        _text(element, "title"),
                    )
                elif element.tag == NS + "post":
                    thread, data = _comment(element)
                    spool.execute("insert into c values (?, ?)", (thread, json.dumps(data)))
                element.clear()
                root.remove(element)
        except (DTDForbidden, EntitiesForbidden, ExternalReferenceForbidden):
            raise BadInput(
                "the file declares a DTD or entities, which a Disqus export never does."
            ) from None
        except ParseError as error:
            line, column = getattr(error, "position", (0, 0))
            raise BadInput(
                f"the file is not well-formed XML (cut short?) at line {line}, column {column}."
            ) from None
        if not seen_root:
            raise BadInput("the file is empty.")
        spool.execute("create index c_thread on c (thread)")
        for (thread,) in spool.execute("select distinct thread from c order by thread"):
            identifier, link, title = threads.get(thread, ("", "", ""))
            comments = []
            for (data,) in spool.execute(
                "select data from c where thread = ? order by rowid", (thread,)
            ):
                fields = json.loads(data)
                fields["date"] = datetime.datetime.fromisoformat(fields["date"])
                comments.append(Comment(**fields))
            yield Item(
                source_id=thread,
                type="disqus-thread",
                status="publish",
                title=title,
                slug=identifier,
                link=link,
                author="",
                date=None,
                html="",
                comments=comments,
            )
        spool.close()
