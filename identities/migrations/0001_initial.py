"""The identity models move here from the comments app, rows and tables untouched.

State only: the tables keep their names (`db_table`), so nothing in the database changes but
the content types, which move to this app so that permissions already granted to groups and
accounts (the moderators' "Can view identity") stay attached. comments/0010 repoints the
foreign keys and drops the models from the comments app's state; blog/0005 repoints the byline.
"""

import django.db.models.deletion
import django.utils.timezone
from django.conf import settings
from django.db import migrations, models

import identities.models

MODELS = ["identity", "identitynamechange", "reservedname"]


def _move_content_types(apps, schema_editor, source, target):
    from django.contrib.contenttypes.models import ContentType as CurrentContentType

    ContentType = apps.get_model("contenttypes", "ContentType")
    content_types = ContentType.objects.using(schema_editor.connection.alias)
    for model in MODELS:
        moving = content_types.filter(app_label=source, model=model).first()
        if moving is None:  # a fresh database: post_migrate creates them later
            continue
        # One made meanwhile under the new label holds no grants worth keeping: the old one
        # carries the permissions groups and accounts hold.
        content_types.filter(app_label=target, model=model).delete()
        moving.app_label = target
        moving.save(update_fields=["app_label"])
    CurrentContentType.objects.clear_cache()


def forwards(apps, schema_editor):
    _move_content_types(apps, schema_editor, "comments", "identities")


def backwards(apps, schema_editor):
    _move_content_types(apps, schema_editor, "identities", "comments")


class Migration(migrations.Migration):
    initial = True

    dependencies = [
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
        ("contenttypes", "0002_remove_content_type_name"),
        # The tables, as the comments app last left them.
        ("comments", "0009_reactions_and_visits"),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            database_operations=[],
            state_operations=[
                migrations.CreateModel(
                    name="ReservedName",
                    fields=[
                        (
                            "id",
                            models.BigAutoField(
                                auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                            ),
                        ),
                        ("name", models.CharField(max_length=60)),
                        ("name_key", models.CharField(editable=False, max_length=480, unique=True)),
                    ],
                    options={"db_table": "comments_reservedname", "ordering": ["name_key"]},
                ),
                migrations.CreateModel(
                    name="Identity",
                    fields=[
                        (
                            "id",
                            models.BigAutoField(
                                auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                            ),
                        ),
                        ("name", models.CharField(max_length=60)),
                        ("name_key", models.CharField(editable=False, max_length=480, unique=True)),
                        (
                            "public_id",
                            models.CharField(
                                default=identities.models.new_public_id,
                                editable=False,
                                max_length=12,
                                unique=True,
                            ),
                        ),
                        ("avatar", models.ImageField(blank=True, max_length=200, upload_to="avatars/")),
                        ("bio", models.TextField(blank=True, max_length=300)),
                        (
                            "email",
                            models.EmailField(
                                blank=True, help_text="Guests only. Never shown.", max_length=254
                            ),
                        ),
                        ("is_default", models.BooleanField(default=False)),
                        ("created_at", models.DateTimeField(default=django.utils.timezone.now)),
                        ("renamed_at", models.DateTimeField(blank=True, null=True)),
                        ("retired_at", models.DateTimeField(blank=True, null=True)),
                        (
                            "user",
                            models.ForeignKey(
                                blank=True,
                                help_text="Empty for guest and imported commenters.",
                                null=True,
                                on_delete=django.db.models.deletion.CASCADE,
                                related_name="identities",
                                to=settings.AUTH_USER_MODEL,
                            ),
                        ),
                    ],
                    options={
                        "verbose_name_plural": "identities",
                        "db_table": "comments_identity",
                        "ordering": ["name_key"],
                    },
                ),
                migrations.CreateModel(
                    name="IdentityNameChange",
                    fields=[
                        (
                            "id",
                            models.BigAutoField(
                                auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                            ),
                        ),
                        ("old_name", models.CharField(max_length=60)),
                        ("changed_at", models.DateTimeField(default=django.utils.timezone.now)),
                        (
                            "identity",
                            models.ForeignKey(
                                on_delete=django.db.models.deletion.CASCADE,
                                related_name="former_names",
                                to="identities.identity",
                            ),
                        ),
                    ],
                    options={"db_table": "comments_identitynamechange", "ordering": ["-changed_at"]},
                ),
                migrations.AddConstraint(
                    model_name="identity",
                    constraint=models.UniqueConstraint(
                        condition=models.Q(("is_default", True)),
                        fields=("user",),
                        name="one_default_identity_per_user",
                    ),
                ),
            ],
        ),
        migrations.RunPython(forwards, backwards),
    ]
