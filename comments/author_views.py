"""What the author of a comment does to it after posting it: edit it, delete it.

Each view is a page with a form that works without JavaScript; each write is one function of
comments/moderation/authors.py, which also says why a request is refused.
"""

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render

from blog.models import Post

from . import moderation
from .discussion import comment_url
from .forms import CommentForm
from .models import Comment
from .reader_views import comment_or_404, refusal_page


class EditForm(forms.Form):
    # The comment form's own body field and length check, so both say the same things.
    body = CommentForm.base_fields["body"]
    clean_body = CommentForm.clean_body


def _own_comment(request, pk):
    """One of the reader's own comments, whatever a moderator did to it (they may always
    delete what they wrote; it tells them nothing they do not know), on an article they may
    see; else 404."""
    comments = Comment.objects.by_account(request.user).filter(
        post__in=Post.objects.visible_to(request.user)
    )
    return comment_or_404(request, pk, comments)


@login_required
def edit_comment(request, pk):
    comment = comment_or_404(
        request, pk, Comment.objects.visible_to(request.user).by_account(request.user)
    )
    refusal = moderation.edit_refusal(comment, request.user)
    if refusal:
        return refusal_page(request, comment, "comments/edit.html", refusal)
    form = EditForm(request.POST or None, initial={"body": comment.body})
    if form.is_valid():
        try:
            comment = moderation.edit_comment(
                comment=comment, body=form.cleaned_data["body"], by=request.user
            )
        except moderation.CommentRefused as refused:
            form.add_error(None, refused.message)
        else:
            if comment.status == Comment.Status.PENDING:
                messages.info(request, "Your comment was saved and now waits for a moderator.")
            else:
                messages.success(request, "Your comment was saved.")
            return redirect(comment_url(comment, request.user))
    context = {"comment": comment, "post": comment.post, "form": form}
    return render(request, "comments/edit.html", context, status=400 if form.errors else 200)


@login_required
def delete_comment(request, pk):
    comment = _own_comment(request, pk)
    if comment.deleted_at is not None:
        messages.info(request, "You had already deleted this comment.")
        return redirect(f"{comment.post.get_absolute_url()}#comments")
    if request.method == "POST":
        moderation.delete_comment(comment=comment, by=request.user)
        messages.success(request, "Your comment was deleted.")
        return redirect(f"{comment.post.get_absolute_url()}#comments")
    return render(request, "comments/delete.html", {"comment": comment, "post": comment.post})
