from django.contrib import messages
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import ValidationError
from django.http import JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.html import format_html
from django.utils.safestring import mark_safe
from django.views.decorators.http import require_POST

from blog.models import Post
from config.proxy import client_ip
from identities.changes import guest_identity

from . import conf, overlay, replies
from .discussion import (
    NEWEST,
    comment_url,
    discussion_context,
    sort_of,
    subthread_context,
    viewer_identity_ids,
    wants_json,
)
from .forms import comment_form_for
from .models import Comment
from .moderation import CommentRefused, submit_comment
from .rendering import ROW_FIELDS, ThreadOptions, render_comment

GUEST_HELD = "Thank you. Your comment will appear once a moderator approves it."


def guest_held_html(comment):
    """A guest's held comment as the inline reply shows it to them, this once: a guest has no
    account by which later pages could show them their own held comments."""
    return format_html(
        '<li class="comment is-pending" id="comment-{}"><article class="comment-card">'
        '<p class="comment-status">{}</p><div class="comment-text">{}</div></article></li>',
        comment.pk,
        GUEST_HELD,
        mark_safe(comment.body_html),  # rendered from Markdown and sanitised when saved
    )


# What the inline reply (JavaScript) gets back.


def posted_comment_data(request, comment):
    """The new comment as the inline reply inserts it: its `<li>`, rendered like the thread's."""
    user = request.user
    ids = [comment.pk] if comment.parent_id is None else [comment.pk, comment.parent_id]
    rows = {row["id"]: row for row in Comment.objects.filter(pk__in=ids).values(*ROW_FIELDS)}
    number = None
    if comment.parent_id is None:
        roots = Comment.objects.for_post(comment.post_id).thread_roots(user)
        number = roots.filter(tree_id__lt=comment.tree_id).count() + 1
    sort_query = f"csort={NEWEST}&" if sort_of(request) == NEWEST else ""
    opts = ThreadOptions(
        byline_identity_id=comment.post.byline_identity_id,
        viewer_id=user.pk if user.is_authenticated else None,
        viewer_identity_ids=viewer_identity_ids(request) if user.is_authenticated else frozenset(),
        reply_url=f"?{sort_query}replyto={{id}}#respond",
    )
    return {
        "id": comment.pk,
        "parent_id": comment.parent_id,
        "status": comment.status,
        "html": overlay.overlay_own(
            render_comment(rows[comment.pk], rows.get(comment.parent_id), opts, number)
        ),
        "url": comment_url(comment, user, sort=sort_of(request)),
    }


def form_errors_data(form):
    """A form's errors as the inline reply shows them ({field name or "__all__": [messages]}),
    and the hidden fields' values the form would be shown again with (a renewed token)."""
    return {
        "errors": {name: list(errors) for name, errors in form.errors.items()},
        "renewed": {
            field.name: field.value()
            for field in form.hidden_fields()
            if field.name != "parent" and isinstance(field.value(), str)
        },
    }


@require_POST
def post_comment(request, post_id):
    """Take a comment or reply from the form under an article (works without JavaScript).

    Readers without an account are sent to sign in, unless COMMENTS_ALLOW_GUESTS is on: then
    they give a name and an e-mail address, and their comment is held for moderation."""
    guest = not request.user.is_authenticated
    if guest and not conf.get("COMMENTS_ALLOW_GUESTS"):
        return redirect_to_login(request.get_full_path())
    post = get_object_or_404(
        Post.objects.visible_to(request.user).with_comment_counts(), pk=post_id
    )
    form = comment_form_for(request.user, post, request.POST)
    if form.is_valid():
        try:
            identity = form.cleaned_data.get("identity")
            if guest:
                identity = guest_identity(
                    name=form.cleaned_data["name"], email=form.cleaned_data["email"]
                )
            comment = submit_comment(
                post=post,
                parent=form.cleaned_data["parent"],
                identity=identity,
                body=form.cleaned_data["body"],
                ip=client_ip(request),
                **({"status": Comment.Status.PENDING} if guest else {}),  # guests are held
            )
        except ValidationError as refusal:  # a guest's name, taken in the meantime
            form.add_error("name", refusal)
        except CommentRefused as refusal:
            form.add_error(refusal.field, refusal.message)
        else:
            replies.remember_choice(
                comment=comment, user=request.user, wanted=form.cleaned_data["notify_replies"]
            )
            if wants_json(request):  # the inline reply: the new comment's <li>, in place
                data = posted_comment_data(request, comment)
                if guest:
                    data["html"] = guest_held_html(comment)
                return JsonResponse(data)
            if guest:
                messages.info(request, GUEST_HELD)
                return redirect(post.get_absolute_url())
            return redirect(comment_url(comment, request.user, sort=sort_of(request)))
    if wants_json(request):
        return JsonResponse(form_errors_data(form), status=400)
    context = {"post": post, "object": post}
    context.update(
        discussion_context(
            request,
            post,
            form=form,
            reply_to=form.cleaned_data.get("parent") if hasattr(form, "cleaned_data") else None,
        )
    )
    return render(request, "blog/post_detail.html", context, status=400)


def permalink(request, pk):
    """A comment's own page: its replies, under the chain of comments it answers."""
    comments = Comment.objects.visible_to(request.user, placeholders=True)
    comment = get_object_or_404(comments.select_related("post", "identity"), pk=pk)
    context = {"post": comment.post, "comment": comment}
    context.update(subthread_context(request, comment))
    return render(request, "comments/thread.html", context)
