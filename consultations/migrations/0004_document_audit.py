"""Documents added, replaced, changed and removed in a consultation's audit
trail."""

from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [("consultations", "0003_search_index")]

    operations = [
        migrations.AlterField(
            model_name="consultationevent",
            name="kind",
            field=models.CharField(
                choices=[
                    ("created", "Created"),
                    ("changed", "Changed"),
                    ("corrected", "Question corrected"),
                    ("note", "Forum note added"),
                    ("recorded", "Response recorded by staff"),
                    ("withdrawn", "Response withdrawn"),
                    ("moderated", "Answer moderated"),
                    ("exported", "Responses exported"),
                    ("contacts", "Contact details seen"),
                    ("outcome-sent", "Outcome sent for sign-off"),
                    ("outcome-signed", "Forum answered on the outcome"),
                    ("outcome-published", "Outcome published"),
                    ("document-added", "Document added"),
                    ("document-replaced", "Document's file replaced"),
                    ("document-changed", "Document's details changed"),
                    ("document-removed", "Document removed"),
                ],
                max_length=20,
            ),
        ),
    ]
