"""The moderation queue (CommentAdmin), with its four moderation actions written once, in
MODERATIONS: each one is a bulk action on the list and a button on a comment's page."""

from collections.abc import Callable
from dataclasses import dataclass

from django.contrib import admin, messages
from django.contrib.admin import helpers
from django.core.exceptions import PermissionDenied
from django.db.models import Count, OuterRef, Subquery
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.urls import path
from django.utils.html import format_html

from identities.admin import PrivateEmailSearchMixin, account_link
from identities.models import Identity

from .. import moderation
from ..models import Comment, Report
from ..moderators import suspendable_by
from .moderation import (
    AccountFilter,
    IdentityFilter,
    ModerationActionForm,
    ReportedFilter,
    SuspendForm,
    can_moderate,
)

Status = Comment.Status


@dataclass(frozen=True)
class Moderation:
    """One moderation action of the queue, on the whole selection or on one comment's page."""

    key: str  # the value its button posts on a comment's page (`moderate=<key>`)
    action: str  # the bulk action's name on the list (`action=<name>`)
    write: Callable  # the write function of comments.moderation that does it
    label: str  # the bulk action's description
    button: str  # the button's text on a comment's page
    done: str  # what the list says afterwards: "3 comment(s) <done>."
    offered: Callable  # (comment, has reports) -> whether its page shows the button
    permission: str = "moderate"  # checked as `has_<permission>_permission(request)`


MODERATIONS = (
    Moderation(
        "approve",
        "approve_comments",
        moderation.approve,
        "Approve the selected comments",
        "Approve",
        "approved",
        lambda comment, reported: comment.status != Status.APPROVED or reported,
    ),
    Moderation(
        "spam",
        "mark_spam",
        moderation.mark_spam,
        "Mark the selected comments as spam",
        "Mark as spam",
        "marked as spam",
        lambda comment, reported: comment.status != Status.SPAM or comment.hidden_for_review,
    ),
    Moderation(
        "remove",
        "remove_comments",
        moderation.remove,
        "Remove the selected comments",
        "Remove",
        "removed",
        lambda comment, reported: comment.status != Status.REMOVED or comment.hidden_for_review,
    ),
    Moderation(
        "restore",
        "restore_comments",
        moderation.restore,
        "Restore the selected comments",
        "Restore",
        "restored",
        lambda comment, reported: (
            comment.status == Status.SPAM
            or (comment.status == Status.REMOVED and not comment.hidden_for_review)
        ),
    ),
)
MODERATION_BY_KEY = {row.key: row for row in MODERATIONS}


def bulk_action(row: Moderation):
    """The list's bulk action for `row`: its write function over the whole selection, with the
    reason typed in the action bar."""

    def action(modeladmin, request, queryset):
        reason = request.POST.get("reason", "").strip()
        changed = row.write(queryset, by=request.user, reason=reason)
        modeladmin.message_user(request, f"{changed} comment(s) {row.done}.", messages.SUCCESS)

    action.__name__ = row.action
    return admin.action(description=row.label, permissions=[row.permission])(action)


@admin.register(Comment)
class CommentAdmin(PrivateEmailSearchMixin, admin.ModelAdmin):
    """The moderation queue: every comment, its tree indented, filtered by status, reports, post,
    identity and account; bulk actions approve, spam, remove, restore and suspend. A comment's
    page is read-only: the thread around it, who is behind it, its reports and its history, with
    buttons for the same actions. Comments come from the site, so nobody adds or deletes them.

    The rows come in tree order (the model's ordering) and are indented with a class per level:
    django-mptt's admin indents with inline style, which the Content-Security-Policy blocks."""

    list_display = [
        "short_body",
        "identity_link",
        "account",
        "post_title",
        "status",
        "open_reports",
        "created_at",
    ]
    list_filter = [
        "status",
        ReportedFilter,
        ("post", admin.RelatedOnlyFieldListFilter),
        IdentityFilter,
        AccountFilter,
    ]
    search_fields = [
        "body",
        "identity__name",
        "identity__user__username",
        "identity__user__email",
        "ip_address",
    ]
    list_select_related = ["identity__user", "post"]
    list_per_page = 100
    fields = [
        "post",
        "parent",
        "identity",
        "account",
        "ip_address",
        "status",
        "hidden_for_review",
        "created_at",
        "edited_at",
        "deleted_at",
        "body",
    ]
    readonly_fields = fields
    action_form = ModerationActionForm
    actions = [*(bulk_action(row) for row in MODERATIONS), "suspend"]
    change_form_template = "admin/comments/comment/change_form.html"

    class Media:
        css = {"all": ["css/moderation-admin.css"]}

    def get_queryset(self, request):
        open_reports = (
            Report.objects.open()
            .filter(comment=OuterRef("pk"))
            .order_by()
            .values("comment")
            .annotate(n=Count("pk"))
            .values("n")
        )
        return super().get_queryset(request).annotate(n_reports=Subquery(open_reports))

    def changelist_view(self, request, extra_context=None):
        extra_context = {"title": "Moderation queue: comments", **(extra_context or {})}
        return super().changelist_view(request, extra_context)

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        # A comment's page only shows it; it changes through the moderation buttons.
        return obj is None and super().has_change_permission(request)

    def has_delete_permission(self, request, obj=None):
        return False  # deleting a row would take its replies with it: remove it instead

    def has_moderate_permission(self, request):
        return can_moderate(request)

    @admin.display(description="Comment")
    def short_body(self, obj):
        text = obj.body[:70] + ("…" if len(obj.body) > 70 else "")
        return format_html('<span class="tree-level tree-level-{}">{}</span>', obj.level, text)

    @admin.display(description="Article", ordering="post__title")
    def post_title(self, obj):
        return obj.post.title[:30] + ("…" if len(obj.post.title) > 30 else "")

    @admin.display(description="Identity", ordering="identity__name")
    def identity_link(self, obj):
        """The identity, as a filter: its comments."""
        return format_html(
            '<a href="?identity={}" title="Comments under this identity">{}</a>',
            obj.identity_id,
            obj.identity.name,
        )

    @admin.display(description="Account", ordering="identity__user__username")
    def account(self, obj):
        """The account behind the comment's identity (moderators only ever see this here)."""
        return account_link(obj.identity.user)

    @admin.display(description="Reports", ordering="n_reports")
    def open_reports(self, obj):
        return obj.n_reports or ""

    # Bulk actions: MODERATIONS (above), and suspending the accounts behind the comments.

    @admin.action(
        description="Suspend the accounts behind the selected comments…", permissions=["moderate"]
    )
    def suspend(self, request, queryset):
        """An intermediate page asks for the reason and the end; posting it suspends."""
        behind = queryset.values("identity__user")
        accounts = list(suspendable_by(request.user).filter(pk__in=behind).distinct())
        if not accounts:
            self.message_user(
                request,
                "None of the selected comments has an account behind it that you may suspend "
                "(staff and moderators are suspended by superusers only).",
                messages.ERROR,
            )
            return None
        acted_on = list(
            Identity.objects.filter(pk__in=queryset.values("identity"), user__in=accounts)
        )
        form = SuspendForm(request.POST if "confirm" in request.POST else None, acted_on=acted_on)
        if form.is_valid():
            moderation.suspend(accounts, by=request.user, identities=acted_on, **form.cleaned_data)
            names = ", ".join(account.get_username() for account in accounts)
            self.message_user(request, f"Suspended: {names}.", messages.SUCCESS)
            return None
        context = {
            **self.admin_site.each_context(request),
            "title": "Suspend accounts",
            "opts": self.model._meta,
            "form": form,
            "media": self.media + form.media,
            "accounts": accounts,
            "selected": request.POST.getlist(helpers.ACTION_CHECKBOX_NAME),
            "select_across": request.POST.get("select_across", "0"),
            "action": "suspend",
        }
        return TemplateResponse(request, "admin/comments/comment/suspend.html", context)

    # A comment's page

    def get_urls(self):
        moderate = self.admin_site.admin_view(self.moderate_view)
        return [
            path("<path:object_id>/moderate/", moderate, name="comments_comment_moderate"),
            *super().get_urls(),
        ]

    def moderate_view(self, request, object_id):
        """The buttons on a comment's page: one moderation action on this one comment."""
        row = MODERATION_BY_KEY.get(request.POST.get("moderate"))
        if request.method != "POST" or row is None or not self._may(request, row):
            raise PermissionDenied
        comment = get_object_or_404(Comment, pk=object_id)
        row.write([comment], by=request.user, reason=request.POST.get("reason", ""))
        comment.refresh_from_db()
        self.message_user(
            request, f"The comment is now {comment.get_status_display().lower()}.", messages.SUCCESS
        )
        return redirect("admin:comments_comment_change", comment.pk)

    def _may(self, request, row: Moderation) -> bool:
        return getattr(self, f"has_{row.permission}_permission")(request)

    def change_view(self, request, object_id, form_url="", extra_context=None):
        comment = Comment.objects.filter(pk=object_id).select_related("identity__user").first()
        if comment is not None:
            account = comment.identity.user
            reports = list(comment.reports.select_related("reporter"))
            extra_context = {
                **(extra_context or {}),
                "can_moderate": self.has_moderate_permission(request),
                "moderation_buttons": [
                    row
                    for row in MODERATIONS
                    if self._may(request, row) and row.offered(comment, bool(reports))
                ],
                "comment": comment,
                "ancestors": comment.get_ancestors().select_related("identity"),
                "children": comment.get_children().select_related("identity"),
                "reports": reports,
                "history": comment.moderation_log.select_related("actor"),
                "account": account,
                "account_identities": account.identities.all() if account else [],
                "suspensions": account.suspensions.all() if account else [],
                "account_history": (
                    account.moderation_log.select_related("actor") if account else []
                ),
            }
        return super().change_view(request, object_id, form_url, extra_context)
