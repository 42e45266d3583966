"""The staff admin's consultations, by subject: each module registers its
own models."""

from . import (
    consultations,  # noqa: F401
    reviews,  # noqa: F401
)
