import django.db.models.deletion
from django.db import migrations, models


def sign_with_default_identities(apps, schema_editor):
    """Existing articles are signed with their author's default identity, as new ones are."""
    Post = apps.get_model("blog", "Post")
    Identity = apps.get_model("comments", "Identity")
    default = Identity.objects.filter(user_id=models.OuterRef("author_id"), is_default=True)
    Post.objects.filter(byline_identity__isnull=True).update(
        byline_identity=models.Subquery(default.values("pk")[:1]),
        discussion_version=models.F("discussion_version") + 1,
    )


class Migration(migrations.Migration):
    dependencies = [
        ("blog", "0002_taxonomy"),
        ("comments", "0001_initial"),
    ]

    operations = [
        migrations.AddField(
            model_name="post",
            name="byline_identity",
            field=models.ForeignKey(
                blank=True,
                help_text="The author's identity the article is signed with; only its comments "
                'get the "Author" badge. Empty: the author\'s default identity when saved. It '
                "stays as chosen when the author later changes their default.",
                null=True,
                on_delete=django.db.models.deletion.SET_NULL,
                related_name="+",
                to="comments.identity",
                verbose_name="byline",
            ),
        ),
        migrations.RunPython(sign_with_default_identities, migrations.RunPython.noop),
    ]
