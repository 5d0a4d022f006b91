"""The pages about replies: "Replies to you", the reply e-mail settings, and the unsubscribe
link of the e-mails (which works without a session). The rules live in comments/replies.py."""

from django import forms
from django.contrib import messages
from django.contrib.auth.mixins import LoginRequiredMixin
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.decorators import method_decorator
from django.views.decorators.csrf import csrf_exempt
from django.views.generic import FormView, ListView

from . import replies
from .models import ReplyNotice

REPLIES_PER_PAGE = 20


class ReplyListView(LoginRequiredMixin, ListView):
    """Answers to any of the account's identities that every reader may see, newest first.
    Showing the page marks them read. A fixed number of queries, whatever the page holds."""

    template_name = "comments/reply_list.html"
    context_object_name = "notices"
    paginate_by = REPLIES_PER_PAGE

    def get_queryset(self):
        return (
            ReplyNotice.objects.for_account(self.request.user)
            .visible()
            .select_related("reply__identity", "reply__post", "recipient")
        )

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context[self.context_object_name] = notices = list(context["object_list"])
        context["unread"] = {notice.pk for notice in notices if notice.read_at is None}
        replies.mark_read(self.request.user)
        return context


class ReplySettingsForm(forms.Form):
    emails_enabled = forms.BooleanField(
        required=False,
        label="E-mail me when someone replies to my comments",
        help_text="Off: no reply e-mails at all, whatever the comment form says.",
    )


class ReplySettingsView(LoginRequiredMixin, FormView):
    template_name = "comments/reply_settings.html"
    form_class = ReplySettingsForm

    def get_initial(self):
        return {"emails_enabled": replies.settings_of(self.request.user).emails_enabled}

    def form_valid(self, form):
        enabled = form.cleaned_data["emails_enabled"]
        replies.set_emails_enabled(user=self.request.user, enabled=enabled)
        messages.success(
            self.request,
            "Reply e-mails are on." if enabled else "Reply e-mails are off; none will be sent.",
        )
        return redirect("comments:reply_settings")


@method_decorator(csrf_exempt, name="dispatch")  # mail clients post without a session (RFC 8058)
class UnsubscribeView(FormView):
    """GET asks to confirm with a button; POST (the button, or a mail client's one-click
    `List-Unsubscribe=One-Click`) turns reply e-mails off. The signed token says for whom."""

    template_name = "comments/reply_unsubscribe.html"
    form_class = forms.Form

    def dispatch(self, request, *args, token, **kwargs):
        self.recipient = replies.read_token(token)
        if self.recipient is None:
            return render(
                request,
                self.template_name,
                {"invalid": True, "settings_url": reverse("comments:reply_settings")},
                status=400,
            )
        return super().dispatch(request, *args, **kwargs)

    def form_valid(self, form):
        replies.unsubscribe(self.recipient)
        return render(self.request, self.template_name, {"done": True})
