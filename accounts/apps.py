from django.apps import AppConfig


class AccountsConfig(AppConfig):
    name = "accounts"
    verbose_name = "Accounts"

    def ready(self):
        from axes.signals import user_locked_out
        from django.contrib.auth.signals import user_logged_in, user_login_failed

        from core.email import purposes_register

        from . import sign_in
        from .nudges import KINDS

        user_login_failed.connect(sign_in.record_failed_sign_in)
        user_locked_out.connect(sign_in.record_lockout)
        user_logged_in.connect(sign_in.record_sign_in)
        purposes_register(
            {
                f"nudge-{kind.key}": f"Staff email: {kind.label[:1].lower()}"
                f"{kind.label[1:]}"
                for kind in KINDS
            }
        )
