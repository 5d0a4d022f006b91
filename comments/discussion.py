"""Everything a post page shows of its discussion, for the post view and the comment view."""

from django.core.paginator import Paginator
from django.urls import reverse

from . import conf
from .forms import CommentForm
from .models import Comment
from .rendering import ROW_FIELDS, ThreadOptions, render_thread


def discussion_context(request, post, *, form=None, reply_to=None):
    user = request.user
    comments = Comment.objects.for_post(post)
    per_page = conf.get("COMMENTS_PER_PAGE")
    roots = comments.thread_roots(user).values_list("tree_id", flat=True)
    page = Paginator(roots, per_page).get_page(request.GET.get("cpage"))
    tree_ids = list(page.object_list)
    rows = list(comments.in_thread_for(user).filter(tree_id__in=tree_ids).values(*ROW_FIELDS))
    closed_reason = post.comments_closed_reason()
    opts = ThreadOptions(
        post_author_id=post.author_id,
        replies_open=not closed_reason,
        viewer_id=user.pk if user.is_authenticated else None,
        first_number=page.start_index() or 1,
    )
    thread_html, shown = render_thread(rows, opts)

    if reply_to is None and request.GET.get("replyto", "").isdigit():
        reply_to = comments.filter(pk=request.GET["replyto"]).select_related("identity").first()
    if form is None and user.is_authenticated and not closed_reason:
        form = CommentForm(
            user=user, post=post, initial={"parent": reply_to.pk if reply_to else None}
        )
    return {
        "thread_html": thread_html,
        "comments_page": page,
        "closed_reason": closed_reason,
        "comment_form": form,
        "reply_to": reply_to,
        "comment_action": reverse("comments:post", kwargs={"post_id": post.pk}),
    }
