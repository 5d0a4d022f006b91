from django.db import migrations, models


def redraw_guest_identicons(apps, schema_editor):
    """Guests' generated avatars were drawn from their e-mail address, so anybody could confirm
    an address by drawing it, and two names with one address shared a picture. Draw each one
    again from a random seed; uploaded pictures are kept."""
    from identities import avatars

    Identity = apps.get_model("comments", "Identity")
    guests = Identity.objects.filter(user__isnull=True).exclude(email="").exclude(avatar="")
    for identity in guests.iterator():
        old = identity.avatar.name
        if avatars.is_upload(old):
            continue
        Identity.objects.filter(pk=identity.pk).update(avatar=avatars.generated())
        avatars.delete(old)


class Migration(migrations.Migration):
    dependencies = [
        ("comments", "0004_speed_indexes"),
    ]

    operations = [
        migrations.AlterField(
            model_name="discussionsettings",
            name="hold_first_comment",
            field=models.BooleanField(
                default=True,
                help_text="Hold each identity's comments until one of them has been approved (per "
                "account instead: the COMMENTS_HOLD_FIRST_COMMENT_PER setting).",
            ),
        ),
        migrations.RunPython(redraw_guest_identicons, migrations.RunPython.noop, elidable=True),
    ]
