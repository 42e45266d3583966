"""What happens by the clock, with no one pressing a button: a scheduled
letter's time comes, an action passes its due date, a consultation opens or
has a week left; and each morning the staff emails the clock sends. Each
app says which of its records are due; this runs them
all, and each announcement is made once however often it runs (hourly from
cron, see docs/deploy.md). The same run queues again the fan-out of any
recent announcement that never had one (alerts.fanout.fan_outs_sweep)."""

from accounts.nudges import sent_keys_forget
from consultations.services.announcements import consultations_announce_due
from feedback.services.nudges import moderation_summary_send
from letters.services import letters_announce_due
from plans.nudges import actions_due_told
from plans.services import actions_announce_overdue


def announce_due() -> int:
    """Announce everything due now; how many announcements were made."""
    return (
        letters_announce_due()
        + actions_announce_overdue()
        + consultations_announce_due()
    )


def nudge_due() -> int:
    """The staff emails the clock sends each morning (accounts.nudges): the
    moderators' summary and the owners of actions due within a week, each
    once a day or once a due date; how many emails were queued."""
    sent = moderation_summary_send() + actions_due_told()
    sent_keys_forget()
    return sent
