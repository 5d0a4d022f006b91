"""The byline's identity now lives in the identities app (identities/0001): the same table and
column, so only the migration state changes."""

import django.db.models.deletion
from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("blog", "0004_search"),
        ("identities", "0001_initial"),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            database_operations=[],
            state_operations=[
                migrations.AlterField(
                    model_name="post",
                    name="byline_identity",
                    field=models.ForeignKey(
                        blank=True,
                        help_text="The author's identity the article is signed with; only its comments get the \"Author\" badge. Empty: the author's default identity when saved. It stays as chosen when the author later changes their default.",
                        null=True,
                        on_delete=django.db.models.deletion.SET_NULL,
                        related_name="+",
                        to="identities.identity",
                        verbose_name="byline",
                    ),
                ),
            ],
        ),
    ]
