from django.apps import AppConfig


class MovingInConfig(AppConfig):
    name = "rightthere.moving_in"
    label = "moving_in"
    verbose_name = "Moving in from another desk"

    def ready(self) -> None:
        from rightthere.cases import search
        from rightthere.mail import threading
        from rightthere.moving_in.references import cases_with_old_reference
        from rightthere.moving_in.threading import cases_by_earlier_id

        # An answer to an old mail joins its imported case; the old ticket number finds it.
        if cases_by_earlier_id not in threading.earlier_ids:
            threading.earlier_ids.append(cases_by_earlier_id)
        if cases_with_old_reference not in search.other_references:
            search.other_references.append(cases_with_old_reference)
