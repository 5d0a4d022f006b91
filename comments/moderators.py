"""The "Moderators" group: what a moderator may do in the admin.

Created after every `migrate` (a post_migrate handler, see apps.py), so it exists on a fresh
database, after a test run flushes the tables, and on a site migrated long ago. Once it exists
it is left alone: staff may change its permissions in the admin and keep their changes.
Moderators also need "staff status" to sign in to the admin.
"""

from django.apps import apps as global_apps
from django.db import DEFAULT_DB_ALIAS

GROUP = "Moderators"

# (app label, model, codename, name) for each permission of the group.
PERMISSIONS = [
    ("comments", "comment", "moderate_comments", "Can moderate comments"),
    ("comments", "comment", "view_comment", "Can view comment"),
    ("comments", "comment", "change_comment", "Can change comment"),
    ("comments", "report", "view_report", "Can view report"),
    ("comments", "moderationaction", "view_moderationaction", "Can view moderation action"),
    ("comments", "suspension", "view_suspension", "Can view suspension"),
    ("comments", "suspension", "add_suspension", "Can add suspension"),
    ("comments", "suspension", "change_suspension", "Can change suspension"),
    ("identities", "identity", "view_identity", "Can view identity"),
    ("comments", "discussionsettings", "view_discussionsettings", "Can view discussion settings"),
    ("comments", "reaction", "view_reaction", "Can view reaction"),
    ("comments", "reaction", "delete_reaction", "Can delete reaction"),
]


def ensure_moderators_group(*, apps=global_apps, using=DEFAULT_DB_ALIAS, **kwargs):
    """Create the group with its permissions, unless it exists. The permission rows are created
    here too when missing: on a fresh database this may run before Django adds them."""
    try:
        Group = apps.get_model("auth", "Group")
        Permission = apps.get_model("auth", "Permission")
        ContentType = apps.get_model("contenttypes", "ContentType")
    except LookupError:  # auth or contenttypes not migrated yet
        return None
    group, created = Group.objects.using(using).get_or_create(name=GROUP)
    if not created:
        return group
    permissions = []
    for app_label, model, codename, name in PERMISSIONS:
        content_type, _ = ContentType.objects.using(using).get_or_create(
            app_label=app_label, model=model
        )
        permission, _ = Permission.objects.using(using).get_or_create(
            content_type=content_type, codename=codename, defaults={"name": name}
        )
        permissions.append(permission)
    group.permissions.add(*permissions)
    return group


def suspendable_by(actor):
    """The accounts `actor` may suspend: any for a superuser; for a moderator, readers' accounts
    only (never staff, superusers or other moderators)."""
    from django.contrib.auth import get_user_model

    accounts = get_user_model().objects.all()
    if actor.is_superuser:
        return accounts
    return accounts.filter(is_staff=False, is_superuser=False).exclude(groups__name=GROUP)
