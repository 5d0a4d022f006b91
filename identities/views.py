"""The identity pages: each identity's public page, and the account's "Identities" pages.

The public page shows one identity and nothing of the account behind it. The account pages
offer every change an identity can take; each change is its own small POST view that calls one
write function from `changes.py` and, when refused, shows the page again with the message
and what was typed.
"""

from django.contrib import messages
from django.contrib.auth.mixins import LoginRequiredMixin
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.db.models import Count, F
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse
from django.views.generic import DetailView, FormView, TemplateView

from . import changes, conf, uploads
from .forms import (
    AvatarForm,
    AvatarMixin,
    BioForm,
    ConfirmForm,
    IdentityCreateForm,
    RenameForm,
    RetireForm,
)
from .models import Identity

IDENTITY_COMMENTS_PER_PAGE = 20


def refusal_field(form, error: ValidationError):
    """The field a refusal from a write function belongs to: names to `name`, else the form."""
    code = getattr(error, "code", None) or ""
    if code.startswith(("name_", "rename_")) and "name" in form.fields:
        return "name"
    return None


class IdentityDetailView(DetailView):
    """An identity's public page: name, avatar, bio, former names, approved comments.

    Nothing here may tie the identity to its account or to the account's other identities.
    The number of queries does not depend on the number of comments or former names.
    The comments come through the relation the comments app declares (`identity.comments`,
    its QuerySet's `visible_to()`): this app imports nothing of comments.
    """

    model = Identity
    slug_field = "public_id"
    slug_url_kwarg = "public_id"
    context_object_name = "identity"
    template_name = "identities/identity_detail.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        comments = (
            self.object.comments.visible_to(None)  # what every reader sees, staff included
            .select_related("post")
            .order_by("-created_at", "-pk")
        )
        context["page_obj"] = Paginator(comments, IDENTITY_COMMENTS_PER_PAGE).get_page(
            self.request.GET.get("page")
        )
        context["former_names"] = list(self.object.former_names.all())
        return context


class IdentityListView(LoginRequiredMixin, FormView):
    """The account's identities, and the form that adds one."""

    template_name = "identities/identity_list.html"
    form_class = IdentityCreateForm

    def get_form_kwargs(self):
        kwargs = {**super().get_form_kwargs(), "user": self.request.user}
        return {**kwargs, "upload_stopped": uploads.stopped(self.request)}

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        mine = (
            Identity.objects.owned_by(self.request.user)
            .annotate(n_comments=Count("comments"))
            .order_by(F("retired_at").asc(nulls_first=True), "-is_default", "name_key")
        )
        context["identities"] = mine = list(mine)
        limit = conf.get("COMMENTS_MAX_IDENTITIES")
        context["max_identities"] = limit
        context["at_limit"] = sum(1 for i in mine if not i.is_retired) >= limit
        return context

    def form_valid(self, form):
        try:
            identity = changes.create_identity(
                user=self.request.user,
                name=form.cleaned_data["name"],
                bio=form.cleaned_data["bio"],
                avatar=form.cleaned_data["avatar"],
            )
        except ValidationError as error:
            form.add_error(refusal_field(form, error), error)
            return self.form_invalid(form)
        messages.success(self.request, f"You can now comment as {identity.name}.")
        return redirect("identities:identity_list")

    def form_invalid(self, form):
        return self.render_to_response(self.get_context_data(form=form), status=400)


class OwnIdentityMixin(LoginRequiredMixin):
    """`self.identity`: one of the signed-in account's identities, else 404 (never 403, which
    would tell that the identity exists and belongs to somebody)."""

    def dispatch(self, request, *args, **kwargs):
        if not request.user.is_authenticated:
            return self.handle_no_permission()
        self.identity = get_object_or_404(
            Identity.objects.owned_by(request.user), public_id=kwargs["public_id"]
        )
        return super().dispatch(request, *args, **kwargs)


def edit_context(identity, **forms):
    """Everything the edit page shows, with fresh forms except those passed in."""
    context = {
        "identity": identity,
        "rename_form": RenameForm(identity=identity),
        "avatar_form": AvatarForm(),
        "reset_form": ConfirmForm(),
        "bio_form": BioForm(identity=identity),
        "default_form": ConfirmForm(),
        "retire_form": RetireForm(),
        "next_rename_at": identity.next_rename_at(),
        "rename_interval_days": conf.get("COMMENTS_RENAME_INTERVAL_DAYS"),
        "can_retire": identity.user_id is not None
        and Identity.objects.filter(user_id=identity.user_id)
        .active()
        .exclude(pk=identity.pk)
        .exists(),
    }
    context.update(forms)
    return context


class IdentityEditView(OwnIdentityMixin, TemplateView):
    template_name = "identities/identity_edit.html"

    def get_context_data(self, **kwargs):
        return {**super().get_context_data(**kwargs), **edit_context(self.identity)}


class IdentityActionView(OwnIdentityMixin, FormView):
    """One change to one of the account's identities: validate, call `perform()`, redirect;
    when refused, the edit page again with this form's errors and input (status 400)."""

    http_method_names = ["post"]
    template_name = "identities/identity_edit.html"
    slot = ""  # the name of this form in the edit page's context
    form_takes_identity = False

    def get_form_kwargs(self):
        kwargs = super().get_form_kwargs()
        if self.form_takes_identity:
            kwargs["identity"] = self.identity
        if issubclass(self.form_class, AvatarMixin):
            kwargs["upload_stopped"] = uploads.stopped(self.request)
        return kwargs

    def post(self, request, *args, **kwargs):
        if self.identity.is_retired:
            context = edit_context(
                self.identity, refusal="This identity is retired and can no longer be changed."
            )
            return self.render_to_response(context, status=400)
        return super().post(request, *args, **kwargs)

    def perform(self, form) -> str:
        """Make the change; return the message to show. May raise ValidationError."""
        raise NotImplementedError

    def form_valid(self, form):
        try:
            message = self.perform(form)
        except ValidationError as error:
            form.add_error(refusal_field(form, error), error)
            return self.form_invalid(form)
        messages.success(self.request, message)
        return redirect(self.get_success_url())

    def form_invalid(self, form):
        return self.render_to_response(edit_context(self.identity, **{self.slot: form}), status=400)

    def get_success_url(self):
        return reverse("identities:identity_edit", kwargs={"public_id": self.identity.public_id})


class RenameView(IdentityActionView):
    form_class = RenameForm
    slot = "rename_form"
    form_takes_identity = True

    def perform(self, form):
        old = self.identity.name
        identity = changes.rename_identity(identity=self.identity, name=form.cleaned_data["name"])
        if identity.name == old:
            return "The name is unchanged."
        return f"{old} is now called {identity.name}."


class AvatarView(IdentityActionView):
    form_class = AvatarForm
    slot = "avatar_form"

    def perform(self, form):
        changes.set_avatar(identity=self.identity, avatar=form.cleaned_data["avatar"])
        return "The new picture is in place."


class AvatarResetView(IdentityActionView):
    form_class = ConfirmForm
    slot = "reset_form"

    def perform(self, form):
        changes.reset_avatar(identity=self.identity)
        return "The picture is now a generated one."


class BioView(IdentityActionView):
    form_class = BioForm
    slot = "bio_form"
    form_takes_identity = True

    def perform(self, form):
        changes.update_bio(identity=self.identity, bio=form.cleaned_data["bio"])
        return "Saved."


class MakeDefaultView(IdentityActionView):
    form_class = ConfirmForm
    slot = "default_form"

    def perform(self, form):
        identity = changes.make_default(identity=self.identity)
        return f"{identity.name} is now your default identity."


class RetireView(IdentityActionView):
    form_class = RetireForm
    slot = "retire_form"

    def perform(self, form):
        was_default = self.identity.is_default
        identity = changes.retire_identity(identity=self.identity)
        message = f"{identity.name} is retired."
        default = Identity.objects.owned_by(self.request.user).filter(is_default=True).first()
        if was_default and default is not None:
            message += f" {default.name} is now your default identity."
        return message

    def get_success_url(self):
        return reverse("identities:identity_list")
