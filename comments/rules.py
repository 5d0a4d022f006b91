"""The discussion rules staff edit in the admin (`DiscussionSettings`): which new comments wait for
a moderator, which are spam, and when a discussion closes by itself.

Staff and moderators (the `moderate_comments` permission) are never held. "Hold the first
comment" counts per identity unless COMMENTS_HOLD_FIRST_COMMENT_PER says "account" (see
comments/conf.py for the trade-off): per account, a new name's first comment would appear at once
and so show readers that it belongs to an established account.
"""

import datetime
import functools
import logging
import re
from dataclasses import dataclass
from re import _parser as sre_parse  # the stdlib's own regex parser, to vet staff's patterns

from django.utils import timezone

from blog.markup import render_comment

from . import conf
from .models import Comment, DiscussionSettings

log = logging.getLogger(__name__)

APPROVED = Comment.Status.APPROVED
PENDING = Comment.Status.PENDING
SPAM = Comment.Status.SPAM

MAX_PATTERN_LENGTH = 200
_ANCHOR = re.compile(r"<a\s.*?</a>", re.S)
_BARE_URL = re.compile(r"\b(?:https?://|www\.)[^\s<>\"']+", re.I)


@dataclass(frozen=True)
class Verdict:
    """What the rules make of a comment: its status, and why (for the moderation history)."""

    status: str = APPROVED
    reason: str = ""


def is_exempt(user) -> bool:
    """Staff and moderators are never held and never rate-limited."""
    return (
        user is not None
        and user.is_active
        and (user.is_staff or user.has_perm("comments.moderate_comments"))
    )


def auto_close_reason(post, rules: DiscussionSettings | None = None) -> str:
    """Why `post`'s discussion closed by itself (DiscussionSettings.close_after_days), or ""."""
    rules = rules or DiscussionSettings.load()
    days = rules.close_after_days
    if (
        days
        and post.published_at
        and post.published_at + datetime.timedelta(days=days) <= (timezone.now())
    ):
        return f"Comments close {days} day{'s' if days != 1 else ''} after an article is published."
    return ""


# Links


def count_links(body: str) -> int:
    """Links in a comment: Markdown links and autolinks (whatever renders as `<a>`), plus bare
    URLs (`https://…`, `www.…`) the Markdown leaves as text."""
    html = render_comment(body)
    anchors = html.count("<a ")
    return anchors + len(_BARE_URL.findall(_ANCHOR.sub(" ", html)))


# Blocked words and patterns


def pattern_problem(pattern: str) -> str:
    """Why `pattern` may not be a blocked-word pattern, or "".

    A comment can be 10,000 characters long and is checked against every pattern, so patterns
    that backtrack catastrophically are refused: a repeat inside a repeat (`(a+)+`), alternatives
    inside a repeat (`(a|ab)*`), back-references, and more than one open-ended repeat (`.*a.*b`),
    which is slow in proportion to the square of the comment's length or worse.
    """
    if len(pattern) > MAX_PATTERN_LENGTH:
        return f"Keep patterns under {MAX_PATTERN_LENGTH} characters."
    try:
        parsed = sre_parse.parse(pattern, re.IGNORECASE)
    except re.error as error:
        return f"This is not a regular expression Python understands ({error})."
    try:
        open_ended = _vet(list(parsed), inside_repeat=False)
    except ValueError as problem:
        return str(problem)
    if open_ended > 1:
        return (
            "Use at most one open-ended repeat (*, + or {n,}) per pattern; write the others "
            "with a limit, like {0,30}."
        )
    return ""


_REPEATS = {sre_parse.MAX_REPEAT, sre_parse.MIN_REPEAT, sre_parse.POSSESSIVE_REPEAT}


def _vet(items, *, inside_repeat) -> int:
    """Walk a parsed pattern; raise ValueError on a dangerous construct; count open-ended repeats."""
    open_ended = 0
    for op, av in items:
        if op in _REPEATS:
            low, high, sub = av
            repeats = high is sre_parse.MAXREPEAT or high > 1
            if repeats and inside_repeat:
                raise ValueError(
                    "A repeat inside a repeat, like (a+)+, can take forever on a long comment."
                )
            if repeats and any(sub_op == sre_parse.BRANCH for sub_op, _ in _flatten(sub)):
                raise ValueError(
                    "Alternatives inside a repeat, like (a|ab)+, can take forever on a long "
                    "comment; repeat a character class instead."
                )
            open_ended += high is sre_parse.MAXREPEAT
            open_ended += _vet(list(sub), inside_repeat=inside_repeat or repeats)
        elif op in (sre_parse.GROUPREF, sre_parse.GROUPREF_EXISTS):
            raise ValueError("Back-references (\\1, (?P=name)) are not allowed.")
        else:
            for sub in _subpatterns(op, av):
                open_ended += _vet(list(sub), inside_repeat=inside_repeat)
    return open_ended


def _subpatterns(op, av):
    if op == sre_parse.SUBPATTERN:
        return [av[-1]]
    if op == sre_parse.BRANCH:
        return av[1]
    if op in (sre_parse.ASSERT, sre_parse.ASSERT_NOT):
        return [av[1]]
    if op == sre_parse.ATOMIC_GROUP:
        return [av]
    return []


def _flatten(items):
    for op, av in items:
        yield op, av
        for sub in _subpatterns(op, av):
            yield from _flatten(sub)


def blocked_lines(text: str) -> list[str]:
    """The non-empty lines of DiscussionSettings.blocked_words."""
    return [line.strip() for line in text.splitlines() if line.strip()]


def is_pattern(line: str) -> bool:
    return len(line) > 2 and line.startswith("/") and line.endswith("/")


@functools.lru_cache(maxsize=8)
def blocked_patterns(text: str) -> tuple[tuple[str, re.Pattern], ...]:
    """(line, compiled pattern) for each line: a word or phrase matches as whole words,
    case-insensitively; `/…/` is a regular expression. Unsafe patterns (which the admin form
    refuses, but the row may have been written elsewhere) are skipped."""
    compiled = []
    for line in blocked_lines(text):
        if is_pattern(line):
            pattern = line[1:-1]
            problem = pattern_problem(pattern)
            if problem:
                log.warning("Skipping the blocked pattern %r: %s", line, problem)
                continue
        else:
            pattern = rf"(?<!\w){re.escape(line)}(?!\w)"
        compiled.append((line, re.compile(pattern, re.IGNORECASE)))
    return tuple(compiled)


def blocked_match(body: str, text: str) -> str:
    """The first line of `text` (blocked words) that `body` matches, or ""."""
    for line, pattern in blocked_patterns(text):
        if pattern.search(body):
            return line
    return ""


# Verdicts


def content_verdict(body: str, rules: DiscussionSettings) -> Verdict:
    """What the text alone earns: spam or held for a blocked word, held for too many links."""
    word = blocked_match(body, rules.blocked_words)
    if word:
        status = SPAM if rules.blocked_words_action == rules.HeldWordAction.SPAM else PENDING
        return Verdict(status, f"Contains a blocked word or pattern: {word}")
    links = count_links(body)
    if links > rules.max_links:
        return Verdict(PENDING, f"Contains {links} links (more than {rules.max_links}).")
    return Verdict()


def by_same_person(comments, identity):
    """`comments` by the person behind `identity`: under any identity of its account, or, for a
    guest, under any guest identity with the same e-mail address. None for a name imported
    without either: nobody to recognise."""
    if identity.user_id is not None:
        return comments.filter(identity__user_id=identity.user_id)
    if identity.email:
        return comments.filter(identity__user__isnull=True, identity__email__iexact=identity.email)
    return None


def has_approved_comment(identity) -> bool:
    """Whether `identity` had a comment approved (COMMENTS_HOLD_FIRST_COMMENT_PER "identity"),
    or the person behind it did under any of their names ("account"). A name imported without
    an account or an address belongs to nobody who could post, so it counts as approved."""
    approved = Comment.objects.approved()
    if conf.get("COMMENTS_HOLD_FIRST_COMMENT_PER") == "account":
        approved = by_same_person(approved, identity)
    elif identity.user_id is not None or identity.email:
        approved = approved.filter(identity=identity)
    else:
        approved = None
    return approved is None or approved.exists()


def verdict(*, identity, body: str, rules: DiscussionSettings, exempt: bool) -> Verdict:
    """The status a new comment gets."""
    if exempt:
        return Verdict()
    found = content_verdict(body, rules)
    if found.status != APPROVED:
        return found
    if rules.hold_first_comment and not has_approved_comment(identity):
        return Verdict(PENDING, "First comment: held until one of this name's is approved.")
    return found


def is_duplicate(*, identity, body: str, minutes: int) -> bool:
    """Whether the same person posted the same text in the last `minutes` minutes."""
    since = timezone.now() - datetime.timedelta(minutes=minutes)
    recent = by_same_person(Comment.objects.filter(created_at__gte=since, body=body), identity)
    return recent is not None and recent.exists()
