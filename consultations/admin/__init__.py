"""The staff admin's consultations, by subject: each module registers its
own models."""

from . import answers, consultations, responses  # noqa: F401
