from django.apps import AppConfig


class MergingConfig(AppConfig):
    name = "rightthere.merging"
    label = "merging"
    verbose_name = "Merging duplicate cases"

    def ready(self) -> None:
        from django.core import checks

        from rightthere.merging.relations import check_relations_are_decided

        checks.register(check_relations_are_decided)
