"""The whole site as a WordPress export (WXR 1.2), the format WordPress's importer reads.

Written as a stream, one post and its discussion at a time, in the layout of WordPress's own
`export_wp()` (wp-admin/includes/export.php). The file is a site owner's private backup: it holds
commenters' e-mail addresses, and `comment_user_id` shows which identities share an account.
"""

import datetime
from xml.sax.saxutils import escape

from django.contrib.auth import get_user_model
from django.db.models import Q
from django.utils import timezone
from taggit.models import Tag

from blog.models import Category, Post
from comments.models import Comment
from identities.models import Identity

WP_STATUS = {
    Comment.Status.APPROVED: "1",
    Comment.Status.PENDING: "0",
    Comment.Status.SPAM: "spam",
    Comment.Status.REMOVED: "trash",
}


def cdata(text) -> str:
    text = "" if text is None else str(text)
    return "<![CDATA[" + text.replace("]]>", "]]]]><![CDATA[>") + "]]>"


def _dates(value):
    """(local, gmt) in WordPress's "YYYY-MM-DD HH:MM:SS"."""
    if value is None:
        return "0000-00-00 00:00:00", "0000-00-00 00:00:00"
    local = timezone.localtime(value)
    gmt = value.astimezone(datetime.UTC)
    return local.strftime("%Y-%m-%d %H:%M:%S"), gmt.strftime("%Y-%m-%d %H:%M:%S")


def _post_status(post) -> str:
    if post.status != Post.Status.PUBLISHED:
        return "draft"
    if post.published_at and post.published_at > timezone.now():
        return "future"
    return "publish"


def _display_names() -> dict[int, str]:
    """Each account's default identity name (else its first), the name it is known by."""
    names = {}
    for user_id, name, _default in (
        Identity.objects.filter(user__isnull=False)
        .order_by("user_id", "-is_default", "created_at", "pk")
        .values_list("user_id", "name", "is_default")
    ):
        names.setdefault(user_id, name)
    return names


def write_wxr(out, *, site_url: str, title: str) -> dict:
    """Write the export to the text stream `out`; return what it holds."""
    site_url = site_url.rstrip("/")
    written = {"posts": 0, "comments": 0, "authors": 0}
    w = out.write
    w('<?xml version="1.0" encoding="UTF-8" ?>\n')
    w("<!-- A WordPress eXtended RSS (WXR 1.2) export of the whole site. Private: it holds ")
    w("commenters' e-mail addresses and which identities share an account. -->\n")
    w('<rss version="2.0"\n')
    w('\txmlns:excerpt="http://wordpress.org/export/1.2/excerpt/"\n')
    w('\txmlns:content="http://purl.org/rss/1.0/modules/content/"\n')
    w('\txmlns:wfw="http://wellformedweb.org/CommentAPI/"\n')
    w('\txmlns:dc="http://purl.org/dc/elements/1.1/"\n')
    w('\txmlns:wp="http://wordpress.org/export/1.2/"\n>\n<channel>\n')
    w(f"\t<title>{escape(title)}</title>\n\t<link>{escape(site_url)}</link>\n")
    w("\t<description></description>\n")
    now = datetime.datetime.now(datetime.UTC)
    w(f"\t<pubDate>{now.strftime('%a, %d %b %Y %H:%M:%S +0000')}</pubDate>\n")
    w("\t<language>en</language>\n\t<wp:wxr_version>1.2</wp:wxr_version>\n")
    w(f"\t<wp:base_site_url>{escape(site_url)}</wp:base_site_url>\n")
    w(f"\t<wp:base_blog_url>{escape(site_url)}</wp:base_blog_url>\n\n")

    User = get_user_model()
    names = _display_names()
    authors = User.objects.filter(
        Q(posts__isnull=False) | Q(identities__comments__isnull=False)
    ).distinct()
    logins = {}
    for user in authors.order_by("pk").iterator():
        logins[user.pk] = user.get_username()
        w("\t<wp:author>")
        w(f"<wp:author_id>{user.pk}</wp:author_id>")
        w(f"<wp:author_login>{cdata(user.get_username())}</wp:author_login>")
        w(f"<wp:author_email>{cdata(user.email)}</wp:author_email>")
        display = names.get(user.pk) or user.get_full_name() or user.get_username()
        w(f"<wp:author_display_name>{cdata(display)}</wp:author_display_name>")
        w(f"<wp:author_first_name>{cdata(user.first_name)}</wp:author_first_name>")
        w(f"<wp:author_last_name>{cdata(user.last_name)}</wp:author_last_name>")
        w("</wp:author>\n")
        written["authors"] += 1
    w("\n")
    for category in Category.objects.select_related("parent").order_by("tree_id", "lft"):
        w(f"\t<wp:category><wp:term_id>{category.pk}</wp:term_id>")
        w(f"<wp:category_nicename>{cdata(category.slug)}</wp:category_nicename>")
        parent = category.parent.slug if category.parent else ""
        w(f"<wp:category_parent>{cdata(parent)}</wp:category_parent>")
        w(f"<wp:cat_name>{cdata(category.name)}</wp:cat_name>")
        if category.description:
            w(f"<wp:category_description>{cdata(category.description)}</wp:category_description>")
        w("</wp:category>\n")
    for tag in Tag.objects.order_by("pk"):
        w(f"\t<wp:tag><wp:term_id>{tag.pk}</wp:term_id>")
        w(
            f"<wp:tag_slug>{cdata(tag.slug)}</wp:tag_slug><wp:tag_name>{cdata(tag.name)}</wp:tag_name>"
        )
        w("</wp:tag>\n")
    w("\n\t<generator>The Commons</generator>\n\n")

    for post in Post.objects.select_related("author").order_by("pk").iterator(chunk_size=200):
        _write_post(w, post, site_url=site_url, logins=logins, written=written)
    w("</channel>\n</rss>\n")
    return written


def _write_post(w, post, *, site_url, logins, written):
    link = site_url + post.get_absolute_url()
    date_local, date_gmt = _dates(post.published_at or post.created_at)
    if post.status != Post.Status.PUBLISHED:
        date_gmt = "0000-00-00 00:00:00"  # as WordPress writes drafts
    w("\t<item>\n")
    w(f"\t\t<title>{escape(post.title)}</title>\n\t\t<link>{escape(link)}</link>\n")
    pub = post.published_at or post.created_at
    w(f"\t\t<pubDate>{pub.strftime('%a, %d %b %Y %H:%M:%S +0000')}</pubDate>\n")
    w(f"\t\t<dc:creator>{cdata(post.author.get_username())}</dc:creator>\n")
    w(f'\t\t<guid isPermaLink="false">{escape(site_url)}/?p={post.pk}</guid>\n')
    w("\t\t<description></description>\n")
    w(f"\t\t<content:encoded>{cdata(post.body_html)}</content:encoded>\n")
    w(f"\t\t<excerpt:encoded>{cdata(post.excerpt)}</excerpt:encoded>\n")
    w(f"\t\t<wp:post_id>{post.pk}</wp:post_id>\n")
    w(f"\t\t<wp:post_date>{cdata(date_local)}</wp:post_date>\n")
    w(f"\t\t<wp:post_date_gmt>{cdata(date_gmt)}</wp:post_date_gmt>\n")
    modified_local, modified_gmt = _dates(post.updated_at)
    w(f"\t\t<wp:post_modified>{cdata(modified_local)}</wp:post_modified>\n")
    w(f"\t\t<wp:post_modified_gmt>{cdata(modified_gmt)}</wp:post_modified_gmt>\n")
    status = "open" if post.comments_open else "closed"
    w(f"\t\t<wp:comment_status>{cdata(status)}</wp:comment_status>\n")
    w(f"\t\t<wp:ping_status>{cdata('closed')}</wp:ping_status>\n")
    w(f"\t\t<wp:post_name>{cdata(post.slug)}</wp:post_name>\n")
    w(f"\t\t<wp:status>{cdata(_post_status(post))}</wp:status>\n")
    w("\t\t<wp:post_parent>0</wp:post_parent>\n\t\t<wp:menu_order>0</wp:menu_order>\n")
    w(f"\t\t<wp:post_type>{cdata('post')}</wp:post_type>\n")
    w(f"\t\t<wp:post_password>{cdata('')}</wp:post_password>\n")
    w("\t\t<wp:is_sticky>0</wp:is_sticky>\n")
    for category in post.categories.all():
        w(f'\t\t<category domain="category" nicename="{escape(category.slug)}">')
        w(f"{cdata(category.name)}</category>\n")
    for tag in post.tags.all():
        w(f'\t\t<category domain="post_tag" nicename="{escape(tag.slug)}">')
        w(f"{cdata(tag.name)}</category>\n")
    written["posts"] += 1
    comments = (
        Comment.objects.filter(post=post)
        .select_related("identity", "identity__user")
        .order_by("tree_id", "lft")
    )
    for c in comments.iterator(chunk_size=2000):
        identity = c.identity
        email = identity.email or (identity.user.email if identity.user_id else "")
        c_local, c_gmt = _dates(c.created_at)
        status = "trash" if c.deleted_at else WP_STATUS[c.status]
        w("\t\t<wp:comment>\n")
        w(f"\t\t\t<wp:comment_id>{c.pk}</wp:comment_id>\n")
        w(f"\t\t\t<wp:comment_author>{cdata(identity.name)}</wp:comment_author>\n")
        w(f"\t\t\t<wp:comment_author_email>{cdata(email)}</wp:comment_author_email>\n")
        w("\t\t\t<wp:comment_author_url></wp:comment_author_url>\n")
        w(f"\t\t\t<wp:comment_author_IP>{cdata(c.ip_address or '')}</wp:comment_author_IP>\n")
        w(f"\t\t\t<wp:comment_date>{cdata(c_local)}</wp:comment_date>\n")
        w(f"\t\t\t<wp:comment_date_gmt>{cdata(c_gmt)}</wp:comment_date_gmt>\n")
        w(f"\t\t\t<wp:comment_content>{cdata(c.body_html)}</wp:comment_content>\n")
        w(f"\t\t\t<wp:comment_approved>{cdata(status)}</wp:comment_approved>\n")
        w(f"\t\t\t<wp:comment_type>{cdata('comment')}</wp:comment_type>\n")
        w(f"\t\t\t<wp:comment_parent>{c.parent_id or 0}</wp:comment_parent>\n")
        w(f"\t\t\t<wp:comment_user_id>{identity.user_id or 0}</wp:comment_user_id>\n")
        w("\t\t</wp:comment>\n")
        written["comments"] += 1
    w("\t</item>\n")
