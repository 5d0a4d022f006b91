from django import forms
from django.contrib.auth.models import AnonymousUser
from django.db.models import OuterRef, Subquery

from identities import names
from identities.changes import find_guest_identity
from identities.models import Identity

from . import conf, replies
from .antibot import BotTrapForm
from .models import Comment

NO_SUCH_PARENT = "The comment you are replying to is not shown on this article."


def with_last_use_on(identities, post):
    """`identities` annotated with `last_used_here`: when each last commented on `post` (or
    None), in the same query, so the form can preselect one without a query per identity."""
    last = (
        Comment.objects.filter(identity=OuterRef("pk"), post=post)
        .order_by("-created_at")
        .values("created_at")[:1]
    )
    return identities.annotate(last_used_here=Subquery(last))


class CommentForm(BotTrapForm):
    """A comment or a reply. `identity` offers only the author's own active identities, so a
    forged identity id is refused like any other invalid choice."""

    body = forms.CharField(
        label="Comment",
        widget=forms.Textarea(attrs={"rows": 6}),
        error_messages={"required": "Write something before posting."},
        help_text="Markdown: *emphasis*, **bold**, [links](https://example.org), > quotes, `code`, lists.",
    )
    parent = forms.IntegerField(required=False, widget=forms.HiddenInput)
    identity = forms.ModelChoiceField(
        queryset=Identity.objects.none(),
        empty_label=None,
        label="Post as",
        error_messages={"invalid_choice": "Choose one of your own active identities."},
    )
    # Reply e-mails (comments/replies.py): ticked by default, then as the account last posted.
    notify_replies = forms.BooleanField(
        required=False, initial=True, label="E-mail me when someone replies"
    )

    def __init__(self, *args, user, post, **kwargs):
        super().__init__(*args, **kwargs)
        self.post = post
        self.user = user
        identities = Identity.objects.owned_by(user).active().order_by("-is_default", "name_key")
        if not self.is_bound:  # a posted form only checks the choice: no need for last use
            identities = with_last_use_on(identities, post)
        self.fields["identity"].queryset = identities
        if not self.is_bound and user.is_authenticated:
            self.fields["notify_replies"].initial = replies.form_default(user)
        if not self.is_bound:
            # The identity last used on this article, else the default (one query).
            used = [i for i in identities if i.last_used_here is not None]
            chosen = (
                max(used, key=lambda i: i.last_used_here)
                if used
                else next((i for i in identities if i.is_default), None)
            )
            if chosen is not None:
                self.initial.setdefault("identity", chosen.pk)

    def clean_body(self):
        body = self.cleaned_data["body"]
        max_length = conf.get("COMMENTS_MAX_LENGTH")
        if len(body) > max_length:
            raise forms.ValidationError(
                f"Keep your comment to {max_length:,} characters; this one has {len(body):,}."
            )
        return body

    def clean_parent(self):
        parent_id = self.cleaned_data.get("parent")
        if parent_id is None:
            return None
        # Only a comment the writer can see takes replies; every other id, missing or hidden,
        # gets the same message, so it tells nothing of what the comment was.
        parent = (
            Comment.objects.visible_to(self.user).for_post(self.post).filter(pk=parent_id).first()
        )
        if parent is None:
            raise forms.ValidationError(NO_SUCH_PARENT)
        return parent


class GuestCommentForm(CommentForm):
    """A comment from someone without an account (COMMENTS_ALLOW_GUESTS): a name and an e-mail
    address instead of an identity. A name held by somebody else is refused; the view finds or
    creates the guest identity, and holds the comment for moderation."""

    is_guest = True
    name = forms.CharField(
        label="Name",
        max_length=names.MAX_LENGTH * 4,  # longer names get names.check_rules()'s message
        help_text="Shown with your comment.",
        error_messages={"required": "Give the name to show with your comment."},
    )
    email = forms.EmailField(
        label="E-mail",
        help_text="Never shown. Use the same address to comment under this name again.",
        error_messages={"required": "Give an e-mail address; it is never shown."},
    )
    field_order = ["name", "email", "body", "parent"]

    def __init__(self, *args, post, **kwargs):
        super().__init__(*args, user=AnonymousUser(), post=post, **kwargs)
        del self.fields["identity"]

    def guest_fields(self):
        return [self["name"], self["email"]]

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("name") and cleaned.get("email"):
            try:
                find_guest_identity(name=cleaned["name"], email=cleaned["email"])
            except forms.ValidationError as error:
                self.add_error("name", error)
        return cleaned


def comment_form_for(user, post, *args, **kwargs):
    """The comment form for this reader: their identities, the guest form for readers without an
    account when COMMENTS_ALLOW_GUESTS is on, else None (they must sign in)."""
    if user.is_authenticated:
        return CommentForm(*args, user=user, post=post, **kwargs)
    if conf.get("COMMENTS_ALLOW_GUESTS"):
        return GuestCommentForm(*args, post=post, **kwargs)
    return None
