from django.db import migrations, models


def hide_reviewed_as_removed(apps, schema_editor):
    """Comments hidden for review are `removed` while hidden (see Comment.hidden_for_review)."""
    Comment = apps.get_model("comments", "Comment")
    Comment.objects.filter(hidden_for_review=True).update(status="removed")


class Migration(migrations.Migration):
    dependencies = [("comments", "0002_initial_rows")]

    operations = [
        migrations.RunPython(hide_reviewed_as_removed, migrations.RunPython.noop),
        migrations.AddConstraint(
            model_name="comment",
            constraint=models.CheckConstraint(
                condition=models.Q(("hidden_for_review", False), ("status", "removed"), _connector="OR"),
                name="hidden_for_review_is_removed",
            ),
        ),
    ]
