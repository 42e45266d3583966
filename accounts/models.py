"""The portal's own user model, in place from the first migration, and the
security events of the audit trail."""

from django.contrib.auth.models import AbstractUser
from django.db import models

from core.models import AuditRow


class User(AbstractUser):
    """A member of staff or a forum partner; the public never signs in.
    Accounts are deactivated, never deleted: the audit trail names them."""

    class Meta(AbstractUser.Meta):
        verbose_name = "user"
        verbose_name_plural = "users"
        ordering = ["username"]

    def __str__(self):
        return self.get_full_name() or self.username


class SecurityEvent(AuditRow):
    """Sign-ins, lockouts, second factors and accounts switched off: who it
    was about (`user`, or the username as typed when it names an account),
    who did it (`actor`, when it was someone else) and from where."""

    class Action(models.TextChoices):
        SIGNED_IN = "signed-in", "Signed in"
        SIGN_IN_FAILED = "sign-in-failed", "Sign-in failed"
        LOCKED_OUT = "locked-out", "Locked out after repeated failures"
        SECOND_FACTOR_FAILED = "second-factor-failed", "Wrong security code"
        SECOND_FACTOR_ADDED = "second-factor-added", "Two-factor sign-in set up"
        BACKUP_CODE_USED = "backup-code-used", "Backup code used"
        BACKUP_CODES_MADE = "backup-codes-made", "New backup codes made"
        SECOND_FACTOR_RESET = "second-factor-reset", "Two-factor sign-in reset"
        SESSION_ENDED = "session-ended", "Session ended (idle or too long)"
        DEACTIVATED = "deactivated", "Account switched off"
        EMAILS_CHANGED = "emails-changed", "Changed which emails they get"

    action = models.CharField(max_length=24, choices=Action.choices)
    user = models.ForeignKey(
        User,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="security_events",
        help_text="The account it was about.",
    )

    class Meta(AuditRow.Meta):
        verbose_name = "security event"
        verbose_name_plural = "security events"
        indexes = [models.Index(fields=["action", "-at"], name="security_event_kind")]

    def __str__(self):
        return f"{self.get_action_display()} ({self.user or 'unknown account'})"


class NotificationPreference(models.Model):
    """Which of the emails their roles bring a person wants (accounts.nudges
    says what each is). Without a row, or for a kind not listed, they get
    them all: a new kind of email is on until switched off."""

    user = models.OneToOneField(
        User,
        on_delete=models.CASCADE,
        primary_key=True,
        related_name="notification_preference",
    )
    switched_off = models.JSONField(
        default=list, blank=True, help_text="The kinds of email they do not want."
    )
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["user"]
        verbose_name = "email preference"
        verbose_name_plural = "email preferences"

    def __str__(self):
        return f"Emails for {self.user}"


class NudgeSent(models.Model):
    """That an email the clock sends (a daily summary, a due date a week
    away) has gone, by its key, so that it goes once however often the job
    runs. Names no one; the daily job deletes keys older than 90 days."""

    key = models.CharField(max_length=120, unique=True)
    sent_at = models.DateTimeField(auto_now_add=True, db_index=True)

    class Meta:
        ordering = ["-sent_at"]
        verbose_name = "staff email sent"
        verbose_name_plural = "staff emails sent"

    def __str__(self):
        return self.key
