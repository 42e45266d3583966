"""The staff admin's consultations, by subject: each module registers its
own models, or gives the consultation's page its part."""

from . import consultations, documents, questions, reviews  # noqa: F401
