from django.db import migrations

from core.search_index import AddSearchIndex


class Migration(migrations.Migration):
    dependencies = [("consultations", "0002_questions_responses_outcomes")]

    operations = [
        AddSearchIndex(
            model_name="consultation",
            fields={
                "title": "A",
                "summary": "B",
                "why_now": "C",
                "open_to_change": "C",
                "proposal": "D",
            },
            condition="released",
        ),
    ]
