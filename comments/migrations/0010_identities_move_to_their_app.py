"""Identities, their former names and reserved names now belong to the identities app
(identities/0001, which keeps the tables): the foreign keys here point there, and the models
leave this app's state. State only: no table, column or row changes."""

import django.db.models.deletion
from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("comments", "0009_reactions_and_visits"),
        ("identities", "0001_initial"),
        # The byline points at the new model before the old one leaves the state.
        ("blog", "0005_byline_identity_in_identities"),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            database_operations=[],
            state_operations=[
                migrations.AlterField(
                    model_name="comment",
                    name="identity",
                    field=models.ForeignKey(
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="comments",
                        to="identities.identity",
                    ),
                ),
                migrations.AlterField(
                    model_name="reaction",
                    name="identity",
                    field=models.ForeignKey(
                        blank=True,
                        null=True,
                        on_delete=django.db.models.deletion.SET_NULL,
                        related_name="+",
                        to="identities.identity",
                    ),
                ),
                migrations.AlterField(
                    model_name="replynotice",
                    name="recipient",
                    field=models.ForeignKey(
                        help_text="The identity that wrote the comment answered.",
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="reply_notices",
                        to="identities.identity",
                    ),
                ),
                migrations.DeleteModel(name="IdentityNameChange"),
                migrations.DeleteModel(name="ReservedName"),
                migrations.DeleteModel(name="Identity"),
            ],
        ),
    ]
