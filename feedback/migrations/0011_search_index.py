"""Stored search indexes for responses and experiences (core.search_index): the
weights are those of each model's `search_fields` today. An experience's
public version only, never what its author wrote; PostgreSQL's index holds the
published ones only, the only ones search asks for."""

from django.db import migrations

from core.search_index import AddSearchIndex


class Migration(migrations.Migration):
    dependencies = [("feedback", "0010_experience_withdraw_code_hash")]

    operations = [
        AddSearchIndex(
            model_name="response",
            fields={"title": "A", "heard": "B", "doing": "B", "doing_by": "C"},
        ),
        AddSearchIndex(
            model_name="experience",
            fields={"public_version": None},
            condition="status = 'published'",
        ),
    ]
