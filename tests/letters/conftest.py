"""Fixtures for the record's tests: admin forms posted as a browser would."""

import datetime

import pytest
from django.db.models.fields.files import FieldFile
from django.urls import reverse


def _form_fields(form, data: dict) -> None:
    for name in form.fields:
        bound = form[name]
        value = bound.value()
        if isinstance(value, FieldFile) or value is False:
            continue  # no new upload; an unticked box is not sent
        if value is True:
            data[bound.html_name] = "on"
        elif value is None:
            data[bound.html_name] = ""
        elif isinstance(value, list | tuple):
            data[bound.html_name] = [str(item) for item in value]
        elif isinstance(value, datetime.date):
            data[bound.html_name] = value.isoformat()
        else:
            data[bound.html_name] = str(value)


@pytest.fixture
def letter_change_form():
    """GET a letter's admin change page and return what submitting it unchanged
    would POST, management forms for the inlines included."""

    def get(client, letter) -> tuple[str, dict]:
        url = reverse("admin:letters_letter_change", args=[letter.pk])
        response = client.get(url)
        assert response.status_code == 200
        data = {"_save": "Save"}
        _form_fields(response.context["adminform"].form, data)
        for inline in response.context["inline_admin_formsets"]:
            _form_fields(inline.formset.management_form, data)
            for form in inline.formset.forms:
                _form_fields(form, data)
        return url, data

    return get
