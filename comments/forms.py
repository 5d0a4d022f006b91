from django import forms

from . import conf
from .models import Comment, Identity


class CommentForm(forms.Form):
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

    def __init__(self, *args, user, post, **kwargs):
        super().__init__(*args, **kwargs)
        self.post = post
        identities = Identity.objects.owned_by(user).active().order_by("-is_default", "name_key")
        self.fields["identity"].queryset = identities
        if not self.is_bound:
            default = next((i for i in identities if i.is_default), None)
            if default is not None:
                self.initial.setdefault("identity", default.pk)

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
        parent = (
            Comment.objects.filter(pk=parent_id, post=self.post)
            .exclude(status=Comment.Status.SPAM)
            .first()
        )
        if parent is None:
            raise forms.ValidationError("The comment you are replying to is not on this article.")
        return parent
