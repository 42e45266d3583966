"""Stored search indexes for letters and areas of weakness (core.search_index):
the weights are those of each model's `search_fields` today."""

from django.db import migrations

from core.search_index import AddSearchIndex


class Migration(migrations.Migration):
    dependencies = [("letters", "0003_audit_actor_name_and_address")]

    operations = [
        AddSearchIndex(
            model_name="letter",
            fields={"title": "A", "summary": "B", "body": "C"},
        ),
        AddSearchIndex(
            model_name="areaofweakness",
            fields={"short_title": "A", "finding": "B"},
        ),
    ]
