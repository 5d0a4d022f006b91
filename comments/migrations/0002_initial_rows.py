from django.db import migrations

RESERVED = [
    "admin", "administrator", "moderator", "moderators", "staff", "editor", "root", "system",
    "support", "webmaster", "anonymous", "deleted", "removed", "the commons",
]


def create_rows(apps, schema_editor):
    from identities.names import name_key

    apps.get_model("comments", "TreeIdCounter").objects.get_or_create(pk=1)
    apps.get_model("comments", "DiscussionSettings").objects.get_or_create(pk=1)
    ReservedName = apps.get_model("comments", "ReservedName")
    for name in RESERVED:
        ReservedName.objects.get_or_create(name_key=name_key(name), defaults={"name": name})


class Migration(migrations.Migration):
    dependencies = [("comments", "0001_initial")]

    operations = [migrations.RunPython(create_rows, migrations.RunPython.noop)]
