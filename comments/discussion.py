"""What discussion pages show, and where a given comment is shown.

- `discussion_context()`: the comments under an article, one page of top-level comments
  (`?cpage=N`), oldest or newest first (`?csort=newest`).
- `subthread_context()`: a comment's own page, its replies under the chain of comments it answers.
- `comment_url()`: the page that shows a comment, anchored on it.
- `posted_comment_data()`: what the inline reply (JavaScript) gets back for a new comment.

Each reads a fixed number of queries, however large the discussion.
"""

from django.core.paginator import Paginator
from django.db.models import Q
from django.http import Http404
from django.urls import reverse
from django.utils import timezone

from identities.models import Identity

from . import cache, conf, overlay, patching, personal, reading
from .assembly import assemble_thread, built, reader_trees, updated_thread
from .forms import comment_form_for
from .models import Comment
from .rendering import (
    ROW_FIELDS,
    ThreadOptions,
    render_forest,
    render_thread,
)

NEWEST = "newest"
OLDEST = "oldest"
BEST = "best"  # comments.reading: Wilson lower bound of reactions against readers


def sort_of(request):
    """The order of top-level comments the reader asked for: oldest first unless `?csort=newest`
    or `?csort=best`."""
    asked = request.GET.get("csort")
    return asked if asked in (NEWEST, BEST) else OLDEST


def wants_json(request):
    """The inline reply (JavaScript) asks for JSON; a plain form post does not."""
    return (
        "application/json" in request.headers.get("Accept", "")
        or request.headers.get("X-Requested-With") == "XMLHttpRequest"
    )


def _pk_param(request, name):
    value = request.GET.get(name, "")
    return int(value) if value.isdigit() and len(value) < 19 else None


def reply_target(request, post):
    """The comment `?replyto=` names, when the reader may see it on `post`; else None, as if no
    reply were asked for: a held, spam, removed or deleted comment's author is never named."""
    reply_id = _pk_param(request, "replyto")
    if reply_id is None:
        return None
    comments = Comment.objects.visible_to(request.user).for_post(post)
    return comments.filter(pk=reply_id).select_related("identity").first()


def viewer_identity_ids(request):
    """The identities the reader speaks under: their comments get edit and delete links."""
    return frozenset(Identity.objects.owned_by(request.user).values_list("pk", flat=True))


def _roots(post_id, user, sort):
    roots = Comment.objects.for_post(post_id).thread_roots(user)
    if sort == BEST:
        return reading.order_best(roots, post_id)
    return roots.order_by("-tree_id") if sort == NEWEST else roots.order_by("tree_id")


def page_of(comment, user, *, sort=OLDEST):
    """The number of the comment page (`?cpage=`) that holds `comment`'s top-level comment."""
    roots = Comment.objects.for_post(comment.post_id).thread_roots(user)
    if sort == NEWEST:
        before = roots.filter(tree_id__gt=comment.tree_id).count()
    else:
        before = roots.filter(tree_id__lt=comment.tree_id).count()
    return before // conf.get("COMMENTS_PER_PAGE") + 1


def discussion_url(comment, user, *, sort=OLDEST, anchor_id=None):
    """The article's comment page that holds `comment`'s tree, anchored on `anchor_id` (by
    default the comment itself)."""
    params = []
    if sort == NEWEST:
        params.append(f"csort={NEWEST}")
    page = page_of(comment, user, sort=sort)
    if page > 1:
        params.append(f"cpage={page}")
    query = f"?{'&'.join(params)}" if params else ""
    return f"{comment.post.get_absolute_url()}{query}#comment-{anchor_id or comment.pk}"


def _subthread_root_level(level):
    """The level of the sub-thread page that shows a comment too deep for the article's page.

    The article's page shows levels 0 to D-1 (D = COMMENTS_DISPLAY_DEPTH) and links the comments
    at level D-1 to their own pages, which show D levels again, and so on: pages start at levels
    D-1, 2(D-1), 3(D-1)…
    """
    step = max(conf.get("COMMENTS_DISPLAY_DEPTH"), 2) - 1
    return -(-level // step) * step - step  # step * (ceil(level / step) - 1)


def comment_url(comment, user, *, sort=OLDEST):
    """Where `comment` is shown, anchored on it: on the article's page that holds it, or, when it
    is nested deeper than that page shows, on the sub-thread page that does."""
    if comment.level < max(conf.get("COMMENTS_DISPLAY_DEPTH"), 1):
        return discussion_url(comment, user, sort=sort)
    root = (
        Comment.objects.filter(
            tree_id=comment.tree_id,
            level=_subthread_root_level(comment.level),
            lft__lt=comment.lft,
            rght__gt=comment.rght,
        )
        .values_list("pk", flat=True)
        .first()
    )
    return f"{reverse('comments:permalink', args=[root or comment.pk])}#comment-{comment.pk}"


def _form_context(request, post, *, form, reply_to, closed_reason, sort):
    user = request.user
    if form is None and not closed_reason:
        form = comment_form_for(user, post, initial={"parent": reply_to.pk if reply_to else None})
    action = reverse("comments:post", kwargs={"post_id": post.pk})
    if sort != OLDEST:
        action += f"?csort={sort}"
    return {
        "closed_reason": closed_reason,
        "comment_form": form,
        "reply_to": reply_to,
        "comment_action": action,
    }


def _page_rows(comments, user, tree_ids, opts=None):
    """The rows of the trees `tree_ids` (consecutive top-level comments of one post), by a
    range of tree ids rather than a list of them; trees in the range that are not on the page
    (nothing in them is shown) render as nothing. In the best order, by the list, in its order."""
    if not tree_ids:
        return []
    if opts is not None and opts.tree_order is not None:
        opts.tree_order = {tree_id: place for place, tree_id in enumerate(tree_ids)}
        return _values(comments.in_thread_for(user).filter(tree_id__in=tree_ids), opts)
    return (
        comments.in_thread_for(user)
        .filter(tree_id__range=(min(tree_ids), max(tree_ids)))
        .row_dicts(*ROW_FIELDS)
    )


def _values(rows, opts):
    """The rows' ROW_FIELDS; in the best order, with each one's score (replies by best too)."""
    if opts.tree_order is None:
        return rows.row_dicts(*ROW_FIELDS)
    return reading.with_best_score(rows, opts.post_id).row_dicts(*ROW_FIELDS, "best")


def _first_number(page, sort):
    if sort == NEWEST:
        return page.paginator.count - page.start_index() + 1
    return page.start_index() or 1


def _own_comments(post, user):
    """(tree id, status, parent id, identity id) of each of the reader's comments on `post` that
    they see differently from everyone: approved ones (edit and delete links), pending ones."""
    if not user.is_authenticated:
        return []
    return list(
        Comment.objects.for_post(post)
        .by_account(user)
        .filter(status__in=[Comment.Status.APPROVED, Comment.Status.PENDING])
        .filter(deleted_at__isnull=True)
        .order_by()
        .values_list("tree_id", "status", "parent_id", "identity_id")
    )


def _public_thread(post, opts, *, sort, page_number):
    """(CachedThread, page, key) of the page everyone sees, from the cache or assembled into it.

    Oldest and newest first are assembled from the per-tree cache (`assemble_thread()`). Best
    first moves with reactions and readers, which bump no tree: its pages are rendered whole
    (replies ordered by their score too) and cached per reaction stamp and hour."""
    per_page = conf.get("COMMENTS_PER_PAGE")
    count = discussion_counts(post)[1]
    page = Paginator(range(count), per_page).get_page(page_number)
    key_sort = sort
    if sort == BEST:
        key_sort = f"{BEST}:{reading.post_stamp(post)}:{int(timezone.now().timestamp()) // 3600}"
    key = cache.thread_key(post, sort=key_sort, number=page.number, replies_open=opts.replies_open)
    version = cache.page_version(post)
    thread = cache.get(key, version)
    if thread is None:
        opts.first_number = _first_number(page, sort)
        if sort == BEST:
            rows = _page_rows(
                Comment.objects.for_post(post), None, _page_trees(post, page, sort=sort), opts
            )
            tally = {}
            rendered, _ = render_forest(rows, opts, tally=tally)
            trees = {tree_id for tree_id, _, _ in rendered}
            counted = cache.counted_trees(tally, trees, reading.post_stamp(post))  # read for `key`
            thread = built(opts, rendered, count=count, number=page.number, counted=counted)
        else:
            # After replies only, the page this process holds says which trees it has, and
            # the notes the replies left which of them changed (comments/patching.py).
            state, previous = cache.previous(key)
            after_replies = previous is not None and patching.page_trees(post, state, previous)
            if after_replies:
                thread = updated_thread(post, previous, *after_replies, opts, sort=sort)
            if thread is None:
                thread = assemble_thread(
                    post,
                    _page_trees(post, page, sort=sort, versions=True),
                    opts,
                    sort=sort,
                    count=count,
                    number=page.number,
                    previous=previous,
                )
        cache.put(key, version, thread, cache.state(post))
    return thread, page, key


def _page_trees(post, page, *, sort, versions=False) -> list:
    """The tree ids of the page's top-level comments in its order ([(tree id, tree version)]
    with `versions`)."""
    if not page.paginator.count:
        return []
    on_page = _roots(post.pk, None, sort)[page.start_index() - 1 : page.end_index()]
    if versions:
        return on_page.plain_rows("tree_id", "tree_version")
    return [tree_id for tree_id, _ in on_page.plain_rows("tree_id", "tree_version")]


def discussion_counts(post) -> tuple[int, int]:
    """(comments every reader sees, top-level comments the public pages count) of `post` at
    its discussion's version: counted once per version (or carried over the replies written
    since, comments/patching.py), and once per request."""
    kept = getattr(post, "_discussion_counts", None)
    if kept is not None and kept[0] == post.discussion_version:
        return kept[1]
    counts = cache.discussion_counts(
        post,
        lambda: Comment.objects.discussion_counts(post),
        carried=lambda state, counts: patching.counts_after(post, state, counts),
    )
    post._discussion_counts = (post.discussion_version, counts)
    return counts


def _personalised(thread, post, user, opts, tree_ids, *, sort, own=()):
    """{tree id: bytes} of the trees `tree_ids` of `thread`, which hold the reader's own
    comments (`own`, `_own_comments()`), rendered for them, or None when that would renumber
    the page (a tree nobody else sees shows for them)."""
    on_page = dict(thread.trees)
    wanted = set(tree_ids)
    held = any(
        status == Comment.Status.PENDING and tree_id in wanted for tree_id, status, *_ in own
    )
    made = reader_trees(post, thread, opts, user, tree_ids, sort=sort, held=held)
    if made is None:  # the best order: no cached trees to take cards from
        rows = _values(
            Comment.objects.for_post(post).in_thread_for(user).filter(tree_id__in=sorted(tree_ids)),
            opts,
        )
        trees, _ = render_forest(rows, opts, numbers=on_page)
        made = {tree_id: html.encode() for tree_id, _, html in trees}
    if any(
        html and on_page[tree_id] is None and opts.first_number for tree_id, html in made.items()
    ):
        return None
    return made


def _reader_thread(post, user, opts, *, sort, page_number):
    """(bytes, page) rendered for this reader alone, not cached: their own pending top-level
    comments take places in the numbered list that only they see."""
    comments = Comment.objects.for_post(post)
    roots = _roots(post.pk, user, sort).values_list("tree_id", flat=True)
    page = Paginator(roots, conf.get("COMMENTS_PER_PAGE")).get_page(page_number)
    rows = _page_rows(comments, user, list(page.object_list), opts)
    opts.first_number = _first_number(page, sort)
    html, _ = render_thread(rows, opts)
    return html.encode(), page


def discussion_context(
    request, post, *, form=None, reply_to=None, closed_reason=None, spliced=False
):
    """The context of an article's discussion: one page of its thread and the comment form.

    The thread everyone sees comes from the cache (`comments.cache`); the trees holding the
    reader's own comments are rendered again for them. With `spliced`, `thread_html` is
    `cache.MARKER` and the thread's bytes are in `thread_blocks`, for `cache.splice()`;
    `closed_reason`, when the caller already has it, saves asking again.
    """
    user = request.user
    sort = sort_of(request)
    if reply_to is None:
        reply_to = reply_target(request, post)
    page_number = request.GET.get("cpage")
    if page_number is None and reply_to is not None:
        # A reply link opens the comment page that holds the comment answered.
        page_number = page_of(reply_to, user, sort=sort)
    if closed_reason is None:
        closed_reason = post.comments_closed_reason()
    sort_query = f"csort={sort}&" if sort != OLDEST else ""
    opts = ThreadOptions(
        byline_identity_id=post.byline_identity_id,
        replies_open=not closed_reason,
        newest_first=sort == NEWEST,
        reply_url=f"?{sort_query}replyto={{id}}#respond",
        tree_order={} if sort == BEST else None,
        post_id=post.pk,
    )
    own = _own_comments(post, user)
    thread = public_key = blocks = None
    if not any(status == Comment.Status.PENDING and parent is None for _, status, parent, _ in own):
        thread, page, public_key = _public_thread(post, opts, sort=sort, page_number=page_number)
    if user.is_authenticated:
        opts.viewer_id = user.pk
        opts.viewer_identity_ids = frozenset(identity for *_, identity in own)
    if thread is not None and user.is_authenticated:
        public = thread
        made = personal.page(
            request,
            post,
            thread,
            page_key=public_key,
            own=own,
            sort=sort,
            render=lambda tree_ids: _personalised(
                public, post, user, opts, tree_ids, sort=sort, own=own
            ),
        )
        if made is None:
            thread = None
        else:
            blocks, read = made
    elif thread is not None:
        blocks, read = (
            overlay.overlay(request, post, thread, page_key=public_key),
            personal.Reading(),
        )
    if thread is None:  # their own held top-level comments take numbered places only they see
        html, page = _reader_thread(post, user, opts, sort=sort, page_number=page_number)
        blocks, read = personal.alone(request, post, html, sort=sort)
    return {
        "reading": read,
        "thread_html": cache.thread_marker() if spliced else b"".join(blocks).decode(),
        "thread_blocks": blocks,
        "comments_page": page,
        "comments_sort": sort,
        "comments_sort_query": sort_query,
        **_form_context(
            request, post, form=form, reply_to=reply_to, closed_reason=closed_reason, sort=sort
        ),
    }


def subthread_context(request, comment, *, form=None, reply_to=None):
    """A comment's own page: the comment and its replies (D levels of them), under the chain of
    comments it answers, like a Reddit permalink. Raises Http404 when the reader may see
    neither the comment nor any reply below it."""
    user = request.user
    post = comment.post
    rows = (
        Comment.objects.for_post(post)
        .in_thread_for(user)
        .filter(tree_id=comment.tree_id)
        .filter(
            Q(lft__lte=comment.lft, rght__gte=comment.rght)  # the comment and its ancestors
            | Q(lft__gt=comment.lft, lft__lt=comment.rght)  # its replies, all levels
        )
        .row_dicts(*ROW_FIELDS)
    )
    closed_reason = post.comments_closed_reason()
    opts = ThreadOptions(
        byline_identity_id=post.byline_identity_id,
        replies_open=not closed_reason,
        viewer_id=user.pk if user.is_authenticated else None,
        viewer_identity_ids=viewer_identity_ids(request) if user.is_authenticated else frozenset(),
        first_number=None,
        base_level=comment.level,
        target_id=comment.pk,
    )
    thread_html, shown = render_thread(rows, opts)
    if user.is_authenticated:
        filled, _ = personal.alone(request, post, thread_html.encode())
    else:
        filled = overlay.overlay(request, post, thread_html.encode())
    thread_html = b"".join(filled).decode()
    target = next((row for row in rows if row["id"] == comment.pk), None)
    if target is None or not (target["_shown"] or target["_below"]):
        raise Http404("No such comment.")

    # "Back to the discussion" lands on the deepest of these comments the article's page shows.
    deepest_on_article = max(conf.get("COMMENTS_DISPLAY_DEPTH"), 1) - 1
    anchor_level = min(comment.level, deepest_on_article)
    anchor = next((row["id"] for row in rows if row["level"] == anchor_level), comment.pk)
    if reply_to is None:
        reply_to = reply_target(request, post)
    return {
        "thread_html": thread_html,
        "ancestors": [row for row in rows if row["level"] < comment.level],
        "discussion_url": discussion_url(comment, user, anchor_id=anchor),
        **_form_context(
            request, post, form=form, reply_to=reply_to, closed_reason=closed_reason, sort=OLDEST
        ),
    }
