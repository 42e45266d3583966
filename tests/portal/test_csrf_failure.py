from django.test import Client


def test_a_form_sent_without_its_token_gets_a_friendly_page_not_django_s(db):
    client = Client(enforce_csrf_checks=True)

    response = client.post("/share/areas/", {"areas": ["not-sure"]})

    assert response.status_code == 403
    assert "Sorry, we could not accept that form" in response.text
    assert 'class="govuk-template"' in response.text
