"""Steps that several apps' migrations share."""


def fill_actor_names(*labels):
    """A RunPython step: give audit rows written before `actor_name` existed
    the name of their actor as it is now (the nearest to "as it was")."""

    def fill(apps, schema_editor):
        User = apps.get_model("accounts", "User")
        for label in labels:
            model = apps.get_model(label)
            actor_ids = (
                model.objects.exclude(actor=None)
                .values_list("actor_id", flat=True)
                .distinct()
            )
            for user in User.objects.filter(pk__in=list(actor_ids)):
                name = f"{user.first_name} {user.last_name}".strip() or user.username
                model.objects.filter(actor=user).update(actor_name=name)

    return fill
