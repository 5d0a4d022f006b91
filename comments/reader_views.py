"""What a reader does to other people's comments: mark one as worth reading (or take it back,
comments/reactions.py), walk to the next comment new since the last visit (comments/reading.py),
report one to the moderators (comments/moderation/readers.py).

All work without JavaScript: the reaction form posts and redirects back to the comment, the
"Next new comment" link redirects to the page that shows it, the report is a page with a form.
With JavaScript, the reaction posts inline and gets JSON back (`{"count", "pressed"}`: the
count, never who).
"""

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.contrib.auth.views import redirect_to_login
from django.db.models import Q
from django.http import JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_http_methods

from blog.models import Post
from config.proxy import client_ip
from config.security import csrf_by_origin
from identities.models import Identity

from . import moderation, reactions, reading
from .discussion import NEWEST, _pk_param, comment_url, sort_of, wants_json
from .models import Comment, Report, Suspension


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


def comment_or_404(request, pk, comments=None):
    """The comment among `comments` (by default those the reader may see,
    `Comment.objects.visible_to()`), or 404: the same answer for a comment hidden from them as
    for one that never existed."""
    if comments is None:
        comments = Comment.objects.visible_to(request.user)
    return get_object_or_404(comments.select_related("post", "identity"), pk=pk)


def refusal_page(request, comment, template, refusal, context=None):
    """The page that says why not: the suspension page for a suspended account."""
    suspension = Suspension.objects.active().of(request.user)
    if suspension is not None:
        template = "comments/suspended.html"
    context = {"comment": comment, "post": comment.post, "refusal": refusal, **(context or {})}
    return render(request, template, {**context, "suspension": suspension}, status=403)


@csrf_by_origin
@require_http_methods(["GET", "POST"])
def react(request, pk):
    """Mark the comment as worth reading (`do=add`, the default) or take it back (`do=remove`).

    A POST writes. Its form is part of pages cached for every reader, so it carries no CSRF
    token: `csrf_by_origin` accepts it when the browser says it comes from this site, and asks
    Django's token check otherwise. An anonymous reader's post (the same button) writes nothing
    and leads to the sign-in page, then back to the comment; so does a GET, which never
    writes."""
    comment = get_object_or_404(
        Comment.objects.select_related("post", "identity").filter(
            post__in=Post.objects.visible_to(request.user)
        ),
        pk=pk,
    )
    user = request.user
    as_json = wants_json(request)

    def back():
        return comment_url(comment, user, sort=sort_of(request))

    if not user.is_authenticated:
        if as_json:
            return JsonResponse({"error": reactions.refusal(comment, user)}, status=401)
        return redirect_to_login(back())
    if request.method != "POST":
        return redirect(back())
    identity = None
    if (identity_id := request.POST.get("identity", "")).isdigit():
        identity = Identity.objects.filter(pk=int(identity_id), user=user).first()
    try:
        if request.POST.get("do") == "remove":
            reactions.unreact(comment=comment, user=user, ip=client_ip(request))
        else:
            reactions.react(comment=comment, user=user, identity=identity, ip=client_ip(request))
    except reactions.ReactionRefused as refused:
        if as_json:
            return JsonResponse({"error": refused.message}, status=refused.status)
        messages.error(request, refused.message)
        return redirect(back())
    if as_json:
        return JsonResponse(reactions.summary(comment, user))
    return redirect(back())


def next_new(request, post_id):
    """Redirect to the next comment new to the reader after `?after=<pk>` (the first with 0),
    in the page order asked (`?csort=`): on the article's page that holds it, or the sub-thread
    page for one nested deeper. The best order walks oldest first."""
    post = get_object_or_404(Post.objects.visible_to(request.user), pk=post_id)
    user = request.user
    sort = sort_of(request)
    previous = reading.since(user, post) if user.is_authenticated else None
    if previous is None:
        messages.info(request, "Nothing is new since your last visit.")
        return redirect(f"{post.get_absolute_url()}#comments")
    new = reading.new_comments(post, user, previous)
    after_pk = _pk_param(request, "after")
    after = Comment.objects.filter(pk=after_pk, post=post).first() if after_pk else None
    if after is not None:
        later_tree = (
            Q(tree_id__lt=after.tree_id) if sort == NEWEST else Q(tree_id__gt=after.tree_id)
        )
        new = new.filter(later_tree | Q(tree_id=after.tree_id, lft__gt=after.lft))
    first = new.order_by("-tree_id" if sort == NEWEST else "tree_id", "lft").first()
    if first is None:
        messages.info(request, "You have read every new comment.")
        return redirect(f"{post.get_absolute_url()}#comments")
    return redirect(comment_url(first, user, sort=sort))


@login_required
def report_comment(request, pk):
    comment = comment_or_404(request, pk)
    refusal = moderation.report_refusal(comment, request.user)
    if refusal:
        return refusal_page(request, comment, "comments/report.html", refusal)
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
            return refusal_page(request, comment, "comments/report.html", refused.message)
        messages.success(request, "Thank you for your report: the moderators will look at it.")
        return redirect(f"{comment.post.get_absolute_url()}#comments")
    context = {"comment": comment, "post": comment.post, "form": form}
    return render(request, "comments/report.html", context, status=400 if form.errors else 200)
