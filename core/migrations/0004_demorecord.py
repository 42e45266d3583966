import django.db.models.deletion
from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("contenttypes", "0002_remove_content_type_name"),
        ("core", "0003_audit_trail_permission"),
    ]

    operations = [
        migrations.CreateModel(
            name="DemoRecord",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True,
                        primary_key=True,
                        serialize=False,
                        verbose_name="ID",
                    ),
                ),
                ("object_id", models.PositiveBigIntegerField()),
                (
                    "content_type",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="+",
                        to="contenttypes.contenttype",
                    ),
                ),
            ],
            options={
                "verbose_name": "demonstration record",
                "verbose_name_plural": "demonstration records",
                "ordering": ["content_type", "object_id"],
                "constraints": [
                    models.UniqueConstraint(
                        fields=("content_type", "object_id"), name="demo_record_once"
                    )
                ],
            },
        ),
    ]
