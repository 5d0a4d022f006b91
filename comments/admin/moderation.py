"""The moderation side of the admin, besides the comment queue itself (CommentAdmin, admin.py):
the discussion rules, reports, suspensions, the moderation history, and the pieces the queue
uses (filters, the reason box of the bulk actions, the suspension form)."""

from django import forms
from django.contrib import admin, messages
from django.contrib.admin import helpers
from django.shortcuts import redirect
from django.urls import reverse
from django.utils import timezone
from django.utils.html import format_html

from identities.admin import PrivateEmailSearchMixin

from .. import moderation, rules
from ..models import Comment, DiscussionSettings, ModerationAction, Report, Suspension
from ..moderators import suspendable_by


def can_moderate(request) -> bool:
    return request.user.has_perm("comments.moderate_comments")


def comment_admin_link(comment_id, text=None):
    if comment_id is None:
        return "—"
    url = reverse("admin:comments_comment_change", args=[comment_id])
    return format_html('<a href="{}">{}</a>', url, text or f"Comment {comment_id}")


# The comment queue's pieces


class ModerationActionForm(helpers.ActionForm):
    """The bulk-action bar, with a box for the reason written to each comment's history."""

    reason = forms.CharField(
        required=False,
        max_length=500,
        label="Reason:",
        widget=forms.TextInput(attrs={"placeholder": "Why (kept in the history)", "size": 30}),
    )


class ReportedFilter(admin.SimpleListFilter):
    title = "reports"
    parameter_name = "reported"

    def lookups(self, request, model_admin):
        return [("yes", "Reported, not reviewed"), ("hidden", "Hidden after reports")]

    def queryset(self, request, queryset):
        if self.value() == "yes":
            return queryset.reported()
        if self.value() == "hidden":
            return queryset.hidden()
        return queryset


class _ChosenFilter(admin.SimpleListFilter):
    """A filter by one identity or account, chosen from a comment's links (there may be far too
    many to list): the sidebar shows the one chosen."""

    label_field = ""

    def lookups(self, request, model_admin):
        value = self.value()
        if not (value and value.isdigit()):
            return []
        chosen = self.model.objects.filter(pk=value).values_list(self.label_field, flat=True)
        return [(value, name) for name in chosen]

    def queryset(self, request, queryset):
        value = self.value()
        if value and value.isdigit():
            return queryset.filter(**{self.lookup: value})
        return queryset


class IdentityFilter(_ChosenFilter):
    title = "identity"
    parameter_name = "identity"
    lookup = "identity_id"
    label_field = "name"

    @property
    def model(self):
        return Comment._meta.get_field("identity").related_model


class AccountFilter(_ChosenFilter):
    title = "account"
    parameter_name = "account"
    lookup = "identity__user_id"
    label_field = "username"

    @property
    def model(self):
        from django.contrib.auth import get_user_model

        return get_user_model()


class SuspendForm(forms.Form):
    """Suspend accounts: from the comment queue's action, and on the suspension admin's add page."""

    reason = forms.CharField(
        widget=forms.Textarea(attrs={"rows": 3, "cols": 60}),
        help_text="Shown to the account when it tries to post, edit or report.",
    )
    ends_at = forms.SplitDateTimeField(
        required=False,
        label="Until",
        widget=admin.widgets.AdminSplitDateTime,
        help_text="Empty: until a moderator lifts the suspension.",
    )
    remove_comments = forms.ChoiceField(
        choices=moderation.CommentRemoval.choices,
        initial=moderation.CommentRemoval.KEEP,
        required=False,
        widget=forms.RadioSelect,
        label="Their comments",
        help_text="Removing the comments of the identity you acted on leaves the account's other "
        "names as they are, so readers cannot tell they belong together. Removing every "
        "identity's comments makes them all vanish in the same moment, which shows readers "
        "that those names are one person: it links the identities publicly. Each removal is "
        "recorded in the comment's history, with the reason above.",
    )

    def __init__(self, *args, acted_on=(), **kwargs):
        """`acted_on`: the identities whose comments the moderator selected; without any, the
        choice is between keeping the comments and removing the whole account's."""
        super().__init__(*args, **kwargs)
        _removal_choices(self.fields["remove_comments"], acted_on)

    def clean_ends_at(self):
        ends_at = self.cleaned_data["ends_at"]
        if ends_at is not None and ends_at <= timezone.now():
            raise forms.ValidationError("Choose a time in the future.")
        return ends_at


def _removal_choices(field, acted_on):
    Removal = moderation.CommentRemoval
    names = ", ".join(sorted(identity.name for identity in acted_on))
    choices = [(Removal.KEEP, Removal.KEEP.label)]
    if names:
        choices.append((Removal.IDENTITY, f"Remove the comments of {names} only"))
    choices.append(
        (
            Removal.ACCOUNT,
            "Remove the comments of every identity of the account (this links the identities "
            "publicly)",
        )
    )
    field.choices = choices


# Discussion rules


class DiscussionSettingsForm(forms.ModelForm):
    class Meta:
        model = DiscussionSettings
        fields = [
            "hold_first_comment",
            "max_links",
            "blocked_words",
            "blocked_words_action",
            "close_after_days",
            "report_threshold",
        ]
        widgets = {"blocked_words": forms.Textarea(attrs={"rows": 8, "cols": 60})}
        help_texts = {
            "blocked_words": (
                "One word, phrase or /regular expression/ per line, matched case-insensitively "
                "(words and phrases as whole words). Patterns that could take very long on a long "
                "comment are refused: a repeat inside a repeat, alternatives inside a repeat, "
                "back-references, more than one open-ended repeat."
            )
        }

    def clean_blocked_words(self):
        text = self.cleaned_data["blocked_words"]
        problems = []
        for line in rules.blocked_lines(text):
            if rules.is_pattern(line):
                problem = rules.pattern_problem(line[1:-1])
                if problem:
                    problems.append(f"{line} — {problem}")
        if problems:
            raise forms.ValidationError(problems)
        return text


@admin.register(DiscussionSettings)
class DiscussionSettingsAdmin(admin.ModelAdmin):
    """One row: the list page opens it, and nobody adds or deletes one."""

    form = DiscussionSettingsForm
    fieldsets = [
        ("Holding comments for moderation", {"fields": ["hold_first_comment", "max_links"]}),
        ("Blocked words", {"fields": ["blocked_words", "blocked_words_action"]}),
        ("Closing discussions", {"fields": ["close_after_days"]}),
        ("Reports", {"fields": ["report_threshold"]}),
    ]

    def has_add_permission(self, request):
        return False

    def has_delete_permission(self, request, obj=None):
        return False

    def changelist_view(self, request, extra_context=None):
        row = DiscussionSettings.load()
        return redirect("admin:comments_discussionsettings_change", row.pk)


# Reports and history: read-only records


class ReadOnlyAdmin(admin.ModelAdmin):
    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(Report)
class ReportAdmin(ReadOnlyAdmin):
    list_display = ["created_at", "comment_link", "reason", "short_note", "reporter", "resolved_at"]
    list_filter = ["reason", ("resolved_at", admin.EmptyFieldListFilter)]
    list_select_related = ["reporter", "comment__identity"]
    search_fields = ["note", "reporter__username", "comment__body"]
    date_hierarchy = "created_at"

    @admin.display(description="Comment")
    def comment_link(self, obj):
        return comment_admin_link(
            obj.comment_id, f"{obj.comment.identity}: {obj.comment.body[:60]}"
        )

    @admin.display(description="Note")
    def short_note(self, obj):
        return obj.note[:100]


@admin.register(ModerationAction)
class ModerationActionAdmin(ReadOnlyAdmin):
    list_display = ["created_at", "action", "actor_name", "comment_link", "account", "reason"]
    list_filter = ["action", ("actor", admin.EmptyFieldListFilter)]
    list_select_related = ["actor", "account"]
    search_fields = ["reason", "actor__username", "account__username"]
    date_hierarchy = "created_at"

    @admin.display(description="By", ordering="actor__username")
    def actor_name(self, obj):
        return obj.actor or "the discussion rules"

    @admin.display(description="Comment")
    def comment_link(self, obj):
        return comment_admin_link(obj.comment_id)


# Suspensions


class SuspensionAddForm(forms.ModelForm):
    remove_comments = SuspendForm.base_fields["remove_comments"]
    clean_ends_at = SuspendForm.clean_ends_at

    def __init__(self, *args, **kwargs):
        """No comment was acted on here: to remove one identity's comments only, suspend from
        the comment queue."""
        super().__init__(*args, **kwargs)
        _removal_choices(self.fields["remove_comments"], ())

    class Meta:
        model = Suspension
        fields = ["account", "reason", "ends_at"]


class ActiveFilter(admin.SimpleListFilter):
    title = "in force"
    parameter_name = "active"

    def lookups(self, request, model_admin):
        return [("yes", "In force"), ("no", "Ended or lifted")]

    def queryset(self, request, queryset):
        active = Suspension.objects.active()
        if self.value() == "yes":
            return queryset.filter(pk__in=active.values("pk"))
        if self.value() == "no":
            return queryset.exclude(pk__in=active.values("pk"))
        return queryset


@admin.register(Suspension)
class SuspensionAdmin(PrivateEmailSearchMixin, admin.ModelAdmin):
    """Suspensions are made (here or from the comment queue) and lifted, never edited, so the
    history says what each account was told."""

    form = SuspensionAddForm
    list_display = ["account", "reason", "starts_at", "ends_at", "lifted_at", "in_force"]
    list_filter = [ActiveFilter]
    list_select_related = ["account", "created_by"]
    search_fields = ["account__username", "account__email", "reason"]
    raw_id_fields = ["account"]
    actions = ["lift"]

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        if db_field.name == "account":  # moderators never suspend staff or one another
            kwargs["queryset"] = suspendable_by(request.user)
        return super().formfield_for_foreignkey(db_field, request, **kwargs)

    def get_readonly_fields(self, request, obj=None):
        if obj is None:
            return []
        return ["account", "reason", "starts_at", "ends_at", "lifted_at", "created_by"]

    def get_fields(self, request, obj=None):
        if obj is None:
            return ["account", "reason", "ends_at", "remove_comments"]
        return self.get_readonly_fields(request, obj)

    def has_change_permission(self, request, obj=None):
        return obj is None and super().has_change_permission(request, obj)

    def has_delete_permission(self, request, obj=None):
        return False

    def has_moderate_permission(self, request):
        return can_moderate(request)

    @admin.display(boolean=True, description="In force")
    def in_force(self, obj):
        return obj.in_force

    def save_model(self, request, obj, form, change):
        made = moderation.suspend(
            [obj.account],
            by=request.user,
            reason=obj.reason,
            ends_at=obj.ends_at,
            remove_comments=form.cleaned_data.get(
                "remove_comments", moderation.CommentRemoval.KEEP
            ),
        )[0]
        obj.pk, obj.starts_at, obj.created_by = made.pk, made.starts_at, made.created_by

    @admin.action(description="Lift the selected suspensions", permissions=["moderate"])
    def lift(self, request, queryset):
        lifted = moderation.lift_suspensions(queryset, by=request.user)
        self.message_user(request, f"{lifted} suspension(s) lifted.", messages.SUCCESS)
