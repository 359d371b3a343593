from django.db import migrations

from drafts import db_guards, roles


def create_roles(apps, schema_editor):
    roles.grant(apps, roles.ROLE_PERMISSIONS)


def install_guards(apps, schema_editor):
    db_guards.install(schema_editor.connection, reviews=False, history=False)


def remove_guards(apps, schema_editor):
    db_guards.remove(schema_editor.connection)


class Migration(migrations.Migration):
    dependencies = [
        ("drafts", "0001_initial"),
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
    ]

    operations = [
        migrations.RunPython(create_roles, migrations.RunPython.noop),
        migrations.RunPython(install_guards, remove_guards),
    ]
