"""A private bucket on a local S3 server (moto) for the tests of object
storage: the storage portal/settings.py chooses when S3_BUCKET is set, and a
look inside the bucket from outside the portal.

moto is required, as it is in CI: without it these tests error, never skip.
"""

import runpy
import urllib.error
import urllib.request
import uuid
from dataclasses import dataclass

import boto3
from django.conf import settings

REGION = "eu-west-2"
PREFIX = "uploads"
# moto accepts any keys; they are sent, as a real service needs them.
KEYS = {"S3_ACCESS_KEY_ID": "test-key-id", "S3_SECRET_ACCESS_KEY": "test-secret"}
EVERYONE = {
    "http://acs.amazonaws.com/groups/global/AllUsers",
    "http://acs.amazonaws.com/groups/global/AuthenticatedUsers",
}


def start_s3_server():
    """moto's S3 server on a free local port, and its address."""
    from moto.server import ThreadedMotoServer

    server = ThreadedMotoServer(ip_address="127.0.0.1", port=0, verbose=False)
    server.start()
    host, port = server.get_host_and_port()
    return server, f"http://{host}:{port}"


def settings_from_environment(monkeypatch, **environ) -> dict:
    """portal/settings.py as it reads with these environment variables set."""
    with monkeypatch.context() as patch:
        for name, value in environ.items():
            patch.setenv(name, value)
        return runpy.run_path(str(settings.BASE_DIR / "portal" / "settings.py"))


@dataclass
class Bucket:
    """A new, empty bucket on the test server, seen as an outsider sees it."""

    endpoint_url: str
    name: str = ""

    def __post_init__(self):
        self.name = self.name or f"portal-test-{uuid.uuid4().hex[:12]}"
        self.client = boto3.client(
            "s3",
            endpoint_url=self.endpoint_url,
            region_name=REGION,
            aws_access_key_id=KEYS["S3_ACCESS_KEY_ID"],
            aws_secret_access_key=KEYS["S3_SECRET_ACCESS_KEY"],
        )
        self.client.create_bucket(
            Bucket=self.name,
            CreateBucketConfiguration={"LocationConstraint": REGION},
        )

    def environment(self) -> dict[str, str]:
        return {
            "S3_BUCKET": self.name,
            "S3_ENDPOINT_URL": self.endpoint_url,
            "S3_REGION": REGION,
            "S3_PREFIX": PREFIX,
            **KEYS,
        }

    def keys(self) -> list[str]:
        listing = self.client.list_objects_v2(Bucket=self.name)
        return [item["Key"] for item in listing.get("Contents", [])]

    def read(self, key: str) -> bytes:
        return self.client.get_object(Bucket=self.name, Key=key)["Body"].read()

    def grantees(self, key: str) -> set[str]:
        """Who the object's ACL lets in: owner ids and group addresses."""
        grants = self.client.get_object_acl(Bucket=self.name, Key=key)["Grants"]
        return {
            grant["Grantee"].get("URI") or grant["Grantee"].get("ID")
            for grant in grants
        }

    def unsigned_get(self, key: str) -> int:
        """The status of a plain GET of the object's address, as a stranger
        with a guessed link would send it (no signature, no proxy)."""
        opener = urllib.request.build_opener(urllib.request.ProxyHandler({}))
        try:
            with opener.open(f"{self.endpoint_url}/{self.name}/{key}") as answer:
                return answer.status
        except urllib.error.HTTPError as refusal:
            return refusal.code
