# Safe concurrent ingest, unchanged re-ingests, and the 财务人员 group.
# Written by hand with the model change; `makemigrations --check` proves it matches the models.
from django.contrib.auth.management import create_permissions
from django.db import migrations, models

GROUP = "财务人员"
# Upload and review disclosures, merge the names of a department; no deleting, no user management.
PERMISSIONS = [
    ("disclosures", "add_disclosure"),
    ("disclosures", "change_disclosure"),
    ("disclosures", "view_disclosure"),
    ("disclosures", "change_department"),
    ("disclosures", "view_department"),
    ("disclosures", "add_departmentalias"),
    ("disclosures", "change_departmentalias"),
    ("disclosures", "view_departmentalias"),
    ("disclosures", "view_classificationcode"),
]


def finance_group_create(apps, schema_editor):
    """The group with exactly PERMISSIONS. Permissions are otherwise created after the last
    migration; they are created here first, so that the group has them on a new database."""
    config = apps.get_app_config("disclosures")
    config.models_module = True  # a historical app config has none, and create_permissions skips it
    try:
        create_permissions(config, apps=apps, verbosity=0, using=schema_editor.connection.alias)
    finally:
        config.models_module = None
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    group, _ = Group.objects.using(schema_editor.connection.alias).get_or_create(name=GROUP)
    permissions = [
        Permission.objects.using(schema_editor.connection.alias).get(
            content_type__app_label=app_label, codename=codename
        )
        for app_label, codename in PERMISSIONS
    ]
    group.permissions.set(permissions)


def finance_group_delete(apps, schema_editor):
    apps.get_model("auth", "Group").objects.using(schema_editor.connection.alias).filter(name=GROUP).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("disclosures", "0002_identity_review"),
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
    ]

    operations = [
        migrations.AddField(
            model_name="disclosure",
            name="parser_version",
            field=models.CharField(blank=True, max_length=16, verbose_name="解析器版本"),
        ),
        migrations.RunPython(finance_group_create, finance_group_delete),
    ]
