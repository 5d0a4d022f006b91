from urllib.parse import quote_plus

from django.conf import settings
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.cache import get_conditional_response, patch_cache_control, patch_vary_headers
from django.views.generic import (
    DetailView,
    ListView,
    MonthArchiveView,
    TemplateView,
)
from taggit.models import Tag

from comments import cache, reading
from comments.discussion import discussion_context, discussion_counts

from . import search
from .models import Category, Post


class PostListView(ListView):
    template_name = "blog/post_list.html"
    paginate_by = settings.BLOG_POSTS_PER_PAGE

    def get_queryset(self):
        return (
            Post.objects.published()
            .with_comment_counts()
            .with_taxonomy()
            .select_related("author", "byline_identity")
        )


class PostMonthArchiveView(MonthArchiveView):
    template_name = "blog/post_archive_month.html"
    date_field = "published_at"
    month_format = "%m"
    allow_empty = False
    paginate_by = settings.BLOG_POSTS_PER_PAGE

    def get_queryset(self):
        return (
            Post.objects.published()
            .with_comment_counts()
            .with_taxonomy()
            .select_related("author", "byline_identity")
        )


class CategoryView(ListView):
    """A category's articles, its subcategories' included, newest first."""

    template_name = "blog/post_category.html"
    paginate_by = settings.BLOG_POSTS_PER_PAGE

    def get(self, request, *args, **kwargs):
        slug = kwargs.get("slug") or kwargs["path"].rsplit("/", 1)[-1]
        self.category = get_object_or_404(Category, slug=slug)
        if "path" in kwargs:
            return redirect(self.category, permanent=True)
        return super().get(request, *args, **kwargs)

    def get_queryset(self):
        return (
            Post.objects.published()
            .in_category(self.category)
            .with_comment_counts()
            .with_taxonomy()
            .select_related("author", "byline_identity")
        )

    def get_context_data(self, **kwargs):
        return super().get_context_data(
            category=self.category,
            ancestors=self.category.get_ancestors(),
            subcategories=self.category.get_children(),
            **kwargs,
        )


class TagView(ListView):
    """A tag's articles. A tag no published article carries is a 404: its name would tell
    what a draft is about."""

    template_name = "blog/post_tag.html"
    paginate_by = settings.BLOG_POSTS_PER_PAGE
    allow_empty = False

    def get(self, request, *args, **kwargs):
        self.tag = get_object_or_404(Tag, slug=kwargs["slug"])
        return super().get(request, *args, **kwargs)

    def get_queryset(self):
        return (
            Post.objects.published()
            .tagged(self.tag)
            .with_comment_counts()
            .with_taxonomy()
            .select_related("author", "byline_identity")
        )

    def get_context_data(self, **kwargs):
        return super().get_context_data(tag=self.tag, **kwargs)


class SearchView(TemplateView):
    """Articles and comments matching `q`, best first, each list paginated on its own
    (`page`, `cpage`). Four queries whatever matches (blog/search.py)."""

    template_name = "blog/search.html"
    comments_per_page = 20

    def get(self, request, *args, **kwargs):
        with search.tuned():
            return self.render_to_response(self.get_context_data(**kwargs)).render()

    def get_context_data(self, **kwargs):
        query = self.request.GET.get("q", "").replace("\x00", "").strip()
        query = query[: search.MAX_QUERY_LENGTH]
        posts_page = search.ranked_page(
            search.posts(query), self.request.GET.get("page"), settings.BLOG_POSTS_PER_PAGE
        )
        posts_page.object_list = search.post_results(posts_page.object_list, query)
        comments_page = search.ranked_page(
            search.comments(query), self.request.GET.get("cpage"), self.comments_per_page
        )
        comments_page.object_list = search.comment_results(comments_page.object_list, query)
        return super().get_context_data(
            search_query=query,
            search_query_url=quote_plus(query),
            page_obj=posts_page,
            comments_page=comments_page,
            **kwargs,
        )


def robots_txt(request):
    return render(
        request,
        "blog/robots.txt",
        {"sitemap_url": request.build_absolute_uri(reverse("sitemap"))},
        content_type="text/plain; charset=utf-8",
    )


class PostDetailView(DetailView):
    template_name = "blog/post_detail.html"

    def get_queryset(self):
        # Staff see drafts (with a banner); everyone else gets a 404 for them.
        return (
            Post.objects.visible_to(self.request.user)
            .select_related("author", "byline_identity")
            .filter(slug=self.kwargs["slug"])
        )

    def get_object(self, queryset=None):
        post = super().get_object(queryset)
        date = post.date
        if (date.year, date.month) != (int(self.kwargs["year"]), int(self.kwargs["month"])):
            raise Http404("No article at this date.")
        post.n_comments = discussion_counts(post)[0]  # counted once per discussion version
        post.fetch_taxonomy()  # read once per version of the article
        return post

    def get(self, request, *args, **kwargs):
        """The article and its discussion, whose thread comes from the cache (comments/cache.py).
        Anonymous readers get an ETag, and a 304 when their copy is current; signed-in readers'
        pages, which show their own comments' links, are private."""
        self.object = post = self.get_object()
        self.closed_reason = post.comments_closed_reason()
        etag = cache.public_etag(request, post, replies_open=not self.closed_reason)
        etag = reading.etag(etag, post)  # reaction counts change the page, not the thread
        if etag and (not_modified := get_conditional_response(request, etag=etag)):
            return not_modified
        context = self.get_context_data(object=post)
        response = cache.splice(self.render_to_response(context).render(), context["thread_blocks"])
        if etag:
            response.headers["ETag"] = etag
            patch_cache_control(response, no_cache=True)
        else:
            patch_cache_control(response, private=True, no_cache=True)
        patch_vary_headers(response, ["Cookie"])
        return response

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context.update(
            discussion_context(
                self.request, self.object, closed_reason=self.closed_reason, spliced=True
            )
        )
        return context
