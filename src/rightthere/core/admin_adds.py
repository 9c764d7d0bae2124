"""An admin whose Add goes through the owning app's set-up function.

Owners set up skills, vendors, parts, teams, partner companies and holidays in the
admin or through the API; both must apply the same rules (an owner only, names unique
whatever their case, no negative cost...), so the admin's Add calls the function the
API calls (`add_through`) instead of saving the form's object itself. A refusal shows
on the form and nothing is saved. Changes keep the admin's own form.
"""

from typing import Any

from django import forms
from django.contrib import admin
from django.db import models
from django.http import HttpRequest

from rightthere.core.errors import CaseError


class AddsThroughSetUp(admin.ModelAdmin):
    def add_through(self, request: HttpRequest, data: dict[str, Any]) -> models.Model:
        """Add the object with the app's set-up function, from the form's cleaned data."""
        raise NotImplementedError

    def get_form(
        self, request: HttpRequest, obj: Any = None, change: bool = False, **kwargs: Any
    ) -> Any:
        form = super().get_form(request, obj, change=change, **kwargs)
        if change:
            return form
        add_through = self.add_through

        class AddForm(form):  # type: ignore[valid-type,misc]
            added: models.Model | None = None

            def _post_clean(self) -> None:
                # After the form's and the model's own checks, so the new row cannot
                # count against its own uniqueness.
                super()._post_clean()
                if self.errors:
                    return
                try:
                    self.added = add_through(request, self.cleaned_data)
                except CaseError as error:
                    self.add_error(None, error.message)

        return AddForm

    def save_model(
        self,
        request: HttpRequest,
        obj: Any,
        form: forms.ModelForm,
        change: bool,
    ) -> None:
        added = getattr(form, "added", None)
        if added is None:
            super().save_model(request, obj, form, change)
            return
        # The set-up function saved it: the admin's object becomes that row, for its
        # related fields, its log entry and its message.
        obj.pk = added.pk
        obj._state.adding = False
        obj._state.db = added._state.db
