"""The identities' admin: moderators see each identity's account, and every identity of an
account. (Moved unchanged from comments/admin.py.)"""

from django import forms
from django.contrib import admin
from django.contrib.admin.templatetags.admin_urls import admin_urlname
from django.contrib.auth import get_user_model
from django.contrib.auth.admin import UserAdmin
from django.urls import reverse
from django.utils.html import format_html

from .. import identities, names
from ..models import Identity, IdentityNameChange, ReservedName
from ..moderators import PrivateEmailSearchMixin

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
