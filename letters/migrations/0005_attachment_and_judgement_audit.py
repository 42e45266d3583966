"""Attachments added, replaced, changed and removed in a letter's audit
trail, and the progress judgements' own audit trail."""

import django.db.models.deletion
import django.utils.timezone
from django.conf import settings
from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("letters", "0004_search_index"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.AlterField(
            model_name="letterevent",
            name="action",
            field=models.CharField(
                choices=[
                    ("created", "Created"),
                    ("scheduled", "Scheduled"),
                    ("published", "Published"),
                    ("withdrawn", "Withdrawn"),
                    ("corrected", "Corrected with a change note"),
                    ("edited", "Edited before publication"),
                    ("unscheduled", "Returned to draft"),
                    ("attachment-added", "Attachment added"),
                    ("attachment-replaced", "Attachment's file replaced"),
                    ("attachment-changed", "Attachment's title or order changed"),
                    ("attachment-removed", "Attachment removed"),
                ],
                max_length=20,
            ),
        ),
        migrations.CreateModel(
            name="JudgementEvent",
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
                (
                    "actor_name",
                    models.CharField(
                        blank=True,
                        help_text="The actor's name on the day.",
                        max_length=300,
                    ),
                ),
                (
                    "at",
                    models.DateTimeField(
                        db_index=True, default=django.utils.timezone.now
                    ),
                ),
                (
                    "address",
                    models.GenericIPAddressField(
                        blank=True, help_text="Where the request came from.", null=True
                    ),
                ),
                ("detail", models.TextField(blank=True)),
                ("judgement_pk", models.PositiveBigIntegerField(db_index=True)),
                (
                    "record",
                    models.CharField(
                        help_text="The revisit and the area, as they were named.",
                        max_length=400,
                    ),
                ),
                (
                    "action",
                    models.CharField(
                        choices=[
                            ("created", "Judgement entered"),
                            ("changed", "Judgement changed"),
                            ("deleted", "Judgement deleted"),
                        ],
                        max_length=10,
                    ),
                ),
                (
                    "changes",
                    models.JSONField(
                        blank=True, default=dict, help_text="What: [before, after]."
                    ),
                ),
                (
                    "actor",
                    models.ForeignKey(
                        blank=True,
                        null=True,
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="+",
                        to=settings.AUTH_USER_MODEL,
                    ),
                ),
            ],
            options={
                "verbose_name": "progress judgement audit event",
                "verbose_name_plural": "progress judgement audit events",
                "ordering": ["-at", "-pk"],
                "abstract": False,
            },
        ),
    ]
