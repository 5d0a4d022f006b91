from django import forms
from django.contrib import admin, messages
from django.contrib.admin import helpers
from django.contrib.admin.templatetags.admin_urls import admin_urlname
from django.contrib.auth import get_user_model
from django.contrib.auth.admin import UserAdmin
from django.core.exceptions import PermissionDenied
from django.db.models import Count, OuterRef, Subquery
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils.html import format_html

from .. import identities, moderation, names
from ..models import Comment, Identity, IdentityNameChange, Reaction, Report, ReservedName
from ..moderators import PrivateEmailSearchMixin, suspendable_by
from .moderation import (
    AccountFilter,
    IdentityFilter,
    ModerationActionForm,
    ReportedFilter,
    SuspendForm,
    can_moderate,
)


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
    actions = ["approve_comments", "mark_spam", "remove_comments", "restore_comments", "suspend"]
    change_form_template = "admin/comments/comment/change_form.html"

    class Media:
        css = {"all": ["css/moderation-admin.css"]}

    MODERATE = {
        "approve": moderation.approve,
        "spam": moderation.mark_spam,
        "remove": moderation.remove,
        "restore": moderation.restore,
    }

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

    # Bulk actions: each one function of comments/moderation.py, over the whole selection.

    def _moderate(self, request, queryset, what, done):
        reason = request.POST.get("reason", "").strip()
        changed = self.MODERATE[what](queryset, by=request.user, reason=reason)
        self.message_user(request, f"{changed} comment(s) {done}.", messages.SUCCESS)

    @admin.action(description="Approve the selected comments", permissions=["moderate"])
    def approve_comments(self, request, queryset):
        self._moderate(request, queryset, "approve", "approved")

    @admin.action(description="Mark the selected comments as spam", permissions=["moderate"])
    def mark_spam(self, request, queryset):
        self._moderate(request, queryset, "spam", "marked as spam")

    @admin.action(description="Remove the selected comments", permissions=["moderate"])
    def remove_comments(self, request, queryset):
        self._moderate(request, queryset, "remove", "removed")

    @admin.action(description="Restore the selected comments", permissions=["moderate"])
    def restore_comments(self, request, queryset):
        self._moderate(request, queryset, "restore", "restored")

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
        if request.method != "POST" or not self.has_moderate_permission(request):
            raise PermissionDenied
        comment = get_object_or_404(Comment, pk=object_id)
        what = request.POST.get("moderate")
        if what not in self.MODERATE:
            raise PermissionDenied
        self.MODERATE[what]([comment], by=request.user, reason=request.POST.get("reason", ""))
        comment.refresh_from_db()
        self.message_user(
            request, f"The comment is now {comment.get_status_display().lower()}.", messages.SUCCESS
        )
        return redirect("admin:comments_comment_change", comment.pk)

    def change_view(self, request, object_id, form_url="", extra_context=None):
        comment = Comment.objects.filter(pk=object_id).select_related("identity__user").first()
        if comment is not None:
            account = comment.identity.user
            extra_context = {
                **(extra_context or {}),
                "can_moderate": self.has_moderate_permission(request),
                "comment": comment,
                "ancestors": comment.get_ancestors().select_related("identity"),
                "children": comment.get_children().select_related("identity"),
                "reports": comment.reports.select_related("reporter"),
                "history": comment.moderation_log.select_related("actor"),
                "account": account,
                "account_identities": account.identities.all() if account else [],
                "suspensions": account.suspensions.all() if account else [],
                "account_history": (
                    account.moderation_log.select_related("actor") if account else []
                ),
            }
        return super().change_view(request, object_id, form_url, extra_context)


# Identities: moderators see each identity's account, and every identity of an account.


def account_link(user):
    """The account's name, linking to all of its identities (moderators may view identities,
    not necessarily accounts), or "Guest" for identities without an account."""
    if user is None:
        return "Guest"
    url = reverse(admin_urlname(Identity._meta, "changelist"))
    return format_html(
        '<a href="{}?user__id__exact={}" title="All identities of this account">{}</a>',
        url,
        user.pk,
        user.get_username(),
    )


class IdentityAdminForm(forms.ModelForm):
    """Staff may give any name (reserved ones included), but never one somebody else holds."""

    class Meta:
        model = Identity
        fields = ["user", "name", "bio", "email", "is_default", "created_at", "retired_at"]

    def clean_name(self):
        name = names.clean_display(self.cleaned_data["name"])
        taken = Identity.objects.filter(name_key=names.name_key(name)).exclude(pk=self.instance.pk)
        if len(name) < names.MIN_LENGTH or taken.exists():
            raise forms.ValidationError("This name is too short or already taken.")
        return name


class IdentityNameChangeInline(admin.TabularInline):
    model = IdentityNameChange
    extra = 0
    can_delete = False
    fields = readonly_fields = ["old_name", "changed_at"]

    def has_add_permission(self, request, obj=None):
        return False


@admin.register(Identity)
class IdentityAdmin(PrivateEmailSearchMixin, admin.ModelAdmin):
    form = IdentityAdminForm
    list_display = ["name", "account", "is_default", "created_at", "retired_at"]
    list_select_related = ["user"]
    search_fields = ["name", "name_key", "user__username", "user__email", "email"]
    list_filter = [
        "is_default",
        ("retired_at", admin.EmptyFieldListFilter),
        ("user", admin.EmptyFieldListFilter),
    ]
    raw_id_fields = ["user"]
    # The avatar is not a form field: uploads go through the Identities page, which re-encodes
    # them; staff can only replace one with a generated avatar (the action below).
    readonly_fields = ["public_id", "name_key", "account", "avatar_preview", "renamed_at"]
    inlines = [IdentityNameChangeInline]
    actions = ["reset_avatars"]

    def get_fields(self, request, obj=None):
        """A guest's e-mail address, "never shown", is for superusers' eyes only."""
        fields = super().get_fields(request, obj)
        return fields if request.user.is_superuser else [f for f in fields if f != "email"]

    @admin.display(description="Account", ordering="user__username")
    def account(self, obj):
        return account_link(obj.user)

    @admin.display(description="Avatar")
    def avatar_preview(self, obj):
        if not obj.avatar:
            return "—"
        return format_html('<img src="{}" width="96" height="96" alt="">', obj.avatar_url())

    @admin.action(description="Replace the avatar with a generated one")
    def reset_avatars(self, request, queryset):
        for identity in queryset:
            identities.reset_avatar(identity=identity)
        self.message_user(request, f"{len(queryset)} avatar(s) replaced.")

    def save_model(self, request, obj, form, change):
        if not change:  # drawn in the write path, never in Identity.save()
            identities.store_new_identity(identity=obj)
            return
        super().save_model(request, obj, form, change)  # a new name bumps (comments/versions.py)


class ReservedNameAdminForm(forms.ModelForm):
    class Meta:
        model = ReservedName
        fields = ["name"]

    def clean_name(self):
        name = names.clean_display(self.cleaned_data["name"])
        clash = ReservedName.objects.filter(name_key=names.name_key(name))
        if not name or clash.exclude(pk=self.instance.pk).exists():
            raise forms.ValidationError("This name is already reserved.")
        return name


@admin.register(ReservedName)
class ReservedNameAdmin(admin.ModelAdmin):
    """Names nobody may take (besides the blog's own name), compared as names are."""

    form = ReservedNameAdminForm
    list_display = ["name", "name_key"]
    search_fields = ["name", "name_key"]
    readonly_fields = ["name_key"]


class IdentityInline(admin.TabularInline):
    """An account's identities, on the account's admin page."""

    model = Identity
    fk_name = "user"
    extra = 0
    can_delete = False
    show_change_link = True
    fields = readonly_fields = ["name", "is_default", "created_at", "retired_at"]

    def has_add_permission(self, request, obj=None):
        return False


User = get_user_model()
if admin.site.is_registered(User):
    admin.site.unregister(User)


@admin.register(User)
class AccountAdmin(PrivateEmailSearchMixin, UserAdmin):
    inlines = [*UserAdmin.inlines, IdentityInline]
    list_display = [*UserAdmin.list_display, "identity_names"]
    search_fields = [*UserAdmin.search_fields, "identities__name"]

    def get_queryset(self, request):
        return super().get_queryset(request).prefetch_related("identities")

    @admin.display(description="Identities")
    def identity_names(self, obj):
        return ", ".join(identity.name for identity in obj.identities.all())


# Reactions (comments/reactions.py): who marked what as worth reading, for moderators only.
# Readers see counts; this is the one place that names who reacted, under which identity.
@admin.register(Reaction)
class ReactionAdmin(admin.ModelAdmin):
    list_display = ("comment", "user", "identity", "kind", "created_at")
    list_filter = ("kind", "created_at")
    search_fields = ("user__username", "identity__name", "comment__body")
    list_select_related = ("comment", "user", "identity")
    raw_id_fields = ("comment", "user", "identity")
    readonly_fields = ("comment", "user", "identity", "kind", "created_at")
    date_hierarchy = "created_at"

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False
