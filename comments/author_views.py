"""What readers and authors do to a comment besides posting it: edit, delete, report.

Each view is a page with a form that works without JavaScript; each write is one function of
comments/moderation.py, which also says why a request is refused.
"""

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import get_object_or_404, redirect, render

from blog.models import Post

from . import moderation
from .discussion import comment_url
from .forms import CommentForm
from .models import Comment, Report, Suspension


class EditForm(forms.Form):
    # The comment form's own body field and length check, so both say the same things.
    body = CommentForm.base_fields["body"]
    clean_body = CommentForm.clean_body


class ReportForm(forms.ModelForm):
    reason = forms.ChoiceField(
        label="What is wrong with it?", choices=Report.Reason.choices, widget=forms.RadioSelect
    )

    class Meta:
        model = Report
        fields = ["reason", "note"]
        labels = {"note": "Anything moderators should know?"}
        help_texts = {"note": "Optional. Only moderators read it."}
        widgets = {"note": forms.Textarea(attrs={"rows": 3})}


def _comment(request, pk, comments=None):
    """The comment, if the reader may see it (`Comment.objects.visible_to()`); else 404, the
    same answer for a comment that is hidden from them as for one that never existed."""
    if comments is None:
        comments = Comment.objects.visible_to(request.user)
    return get_object_or_404(comments.select_related("post", "identity"), pk=pk)


def _own_comment(request, pk):
    """One of the reader's own comments, whatever a moderator did to it (they may always
    delete what they wrote; it tells them nothing they do not know), on an article they may
    see; else 404."""
    comments = Comment.objects.by_account(request.user).filter(
        post__in=Post.objects.visible_to(request.user)
    )
    return _comment(request, pk, comments)


def _refused(request, comment, template, refusal, context=None):
    """The page that says why not: the suspension page for a suspended account."""
    suspension = Suspension.objects.active().of(request.user)
    if suspension is not None:
        template = "comments/suspended.html"
    context = {"comment": comment, "post": comment.post, "refusal": refusal, **(context or {})}
    return render(request, template, {**context, "suspension": suspension}, status=403)


@login_required
def edit_comment(request, pk):
    comment = _comment(
        request, pk, Comment.objects.visible_to(request.user).by_account(request.user)
    )
    refusal = moderation.edit_refusal(comment, request.user)
    if refusal:
        return _refused(request, comment, "comments/edit.html", refusal)
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


@login_required
def report_comment(request, pk):
    comment = _comment(request, pk)
    refusal = moderation.report_refusal(comment, request.user)
    if refusal:
        return _refused(request, comment, "comments/report.html", refusal)
    form = ReportForm(request.POST or None)
    if form.is_valid():
        try:
            moderation.report_comment(
                comment=comment,
                reporter=request.user,
                reason=form.cleaned_data["reason"],
                note=form.cleaned_data["note"],
            )
        except moderation.CommentRefused as refused:
            return _refused(request, comment, "comments/report.html", refused.message)
        messages.success(request, "Thank you for your report: the moderators will look at it.")
        return redirect(f"{comment.post.get_absolute_url()}#comments")
    context = {"comment": comment, "post": comment.post, "form": form}
    return render(request, "comments/report.html", context, status=400 if form.errors else 200)
