"""The staff admin's consultations, by subject: each module registers its
own models, or gives the consultation's page its part."""

from . import (  # noqa: F401
    answers,
    consultations,
    documents,
    questions,
    responses,
    reviews,
)
