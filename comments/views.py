from django.contrib.auth.decorators import login_required
from django.contrib.auth.mixins import LoginRequiredMixin
from django.core.paginator import Paginator
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_POST
from django.views.generic import DetailView, ListView

from blog.models import Post

from .discussion import discussion_context
from .forms import CommentForm
from .models import Comment, Identity
from .moderation import CommentRefused, submit_comment


def client_ip(request):
    return request.META.get("REMOTE_ADDR") or None


@require_POST
@login_required
def post_comment(request, post_id):
    """Take a comment or reply from the form under an article (works without JavaScript)."""
    post = get_object_or_404(Post.objects.visible_to(request.user), pk=post_id)
    form = CommentForm(request.POST, user=request.user, post=post)
    if form.is_valid():
        try:
            comment = submit_comment(
                post=post,
                parent=form.cleaned_data["parent"],
                identity=form.cleaned_data["identity"],
                body=form.cleaned_data["body"],
                ip=client_ip(request),
            )
        except CommentRefused as refusal:
            form.add_error(refusal.field, refusal.message)
        else:
            return redirect(comment_permalink(comment, request.user))
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


def comment_permalink(comment, user):
    """The post page that holds `comment` (its top-level page), anchored on it."""
    roots = Comment.objects.for_post(comment.post_id).thread_roots(user)
    before = roots.filter(tree_id__lt=comment.tree_id).count()
    from . import conf

    page = before // conf.get("COMMENTS_PER_PAGE") + 1
    url = comment.post.get_absolute_url()
    if page > 1:
        url += f"?cpage={page}"
    return f"{url}#comment-{comment.pk}"


def permalink(request, pk):
    comment = get_object_or_404(
        Comment.objects.select_related("post").filter(
            post__in=Post.objects.visible_to(request.user)
        ),
        pk=pk,
    )
    return redirect(comment_permalink(comment, request.user))


class IdentityDetailView(DetailView):
    model = Identity
    slug_field = "public_id"
    slug_url_kwarg = "public_id"
    context_object_name = "identity"
    template_name = "comments/identity_detail.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        comments = (
            self.object.comments.approved()
            .filter(deleted_at__isnull=True, post__in=Post.objects.published())
            .select_related("post")
            .order_by("-created_at")
        )
        context["page_obj"] = Paginator(comments, 20).get_page(self.request.GET.get("page"))
        return context


class IdentityListView(LoginRequiredMixin, ListView):
    """The account's own identities."""

    template_name = "comments/identity_list.html"
    context_object_name = "identities"

    def get_queryset(self):
        return Identity.objects.owned_by(self.request.user).order_by("-is_default", "name_key")
