"""The portal's own user model, in place from the first migration."""

from django.contrib.auth.models import AbstractUser


class User(AbstractUser):
    """A member of staff or a forum partner; the public never signs in."""

    class Meta(AbstractUser.Meta):
        verbose_name = "user"
        verbose_name_plural = "users"
        ordering = ["username"]

    def __str__(self):
        return self.get_full_name() or self.username
