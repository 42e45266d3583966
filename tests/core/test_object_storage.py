"""Uploaded files in an S3-compatible bucket (issue 13: more than one server):
chosen by S3_BUCKET, private there, and every file field follows it. Against
moto's S3 server (tests/object_storage.py); the apps' own journeys through
the bucket are tested beside their other tests."""

from django.apps import apps
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.db import models

from tests.factories import PDF_BYTES, AttachmentFactory, LetterFactory
from tests.object_storage import EVERYONE, PREFIX, settings_from_environment

S3_STORAGE = "storages.backends.s3.S3Storage"


def test_without_a_bucket_files_stay_on_this_servers_disk(monkeypatch):
    chosen = settings_from_environment(monkeypatch, S3_BUCKET="")

    assert chosen["STORAGES"]["default"] == {
        "BACKEND": "django.core.files.storage.FileSystemStorage"
    }


def test_a_bucket_keeps_files_private_and_never_replaces_one(monkeypatch):
    chosen = settings_from_environment(
        monkeypatch,
        S3_BUCKET="portal-files",
        S3_REGION="eu-west-2",
        S3_PREFIX="/media/",
        S3_ACCESS_KEY_ID="",
    )

    default = chosen["STORAGES"]["default"]
    assert default["BACKEND"] == S3_STORAGE
    assert default["OPTIONS"] == {
        "bucket_name": "portal-files",
        "endpoint_url": None,
        "region_name": "eu-west-2",
        # None: boto3 looks for credentials itself (an instance role).
        "access_key": None,
        "secret_key": None,
        "location": "media",
        "default_acl": None,
        "querystring_auth": True,
        "file_overwrite": False,
    }


def test_every_file_field_uses_the_configured_storage(object_storage):
    fields = [
        field
        for model in apps.get_models()
        for field in model._meta.get_fields()
        if isinstance(field, models.FileField)
    ]

    assert {field.model.__name__ for field in fields} >= {
        "Attachment",
        "Evidence",
        "ExportFile",
    }
    for field in fields:
        assert field.storage is default_storage, field
    default_storage.save("probe.txt", ContentFile(b"probe"))
    assert object_storage.keys() == [f"{PREFIX}/probe.txt"]


def test_a_stored_file_is_private_to_the_bucket_owner(object_storage, db):
    attachment = AttachmentFactory()
    key = f"{PREFIX}/{attachment.file.name}"

    assert object_storage.read(key) == PDF_BYTES
    assert not object_storage.grantees(key) & EVERYONE
    assert object_storage.unsigned_get(key) == 403


def test_a_second_file_of_the_same_name_is_kept_beside_the_first(object_storage, db):
    letter = LetterFactory()
    first = AttachmentFactory(letter=letter)
    second = AttachmentFactory(letter=letter, file__data=PDF_BYTES + b"%second")

    assert first.file.name != second.file.name
    assert object_storage.read(f"{PREFIX}/{first.file.name}") == PDF_BYTES
    assert object_storage.read(f"{PREFIX}/{second.file.name}").endswith(b"%second")


def test_the_server_lets_a_public_object_be_read_unsigned(object_storage):
    """The refusal above means something: this server does serve an object
    whose ACL lets everyone read it."""
    object_storage.client.put_object(
        Bucket=object_storage.name, Key="public.txt", Body=b"open", ACL="public-read"
    )

    assert object_storage.grantees("public.txt") & EVERYONE
    assert object_storage.unsigned_get("public.txt") == 200
