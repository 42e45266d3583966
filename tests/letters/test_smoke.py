import pytest

from tests.factories import LetterFactory


@pytest.mark.django_db
def test_published_letter_has_a_public_page(client):
    letter = LetterFactory(title="A letter to parents")
    response = client.get(letter.get_absolute_url())
    assert response.status_code == 200
    assert "A letter to parents" in response.text
