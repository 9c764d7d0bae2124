"""A saved inbox view: a name for a set of the inbox's filters and sort."""

from django.conf import settings
from django.db import models


class SavedView(models.Model):
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="saved_views"
    )
    name = models.CharField(max_length=80)
    # The inbox's query string (view, filters, sort, search), as `queries.clean_query` keeps it.
    query = models.CharField(max_length=500, blank=True)
    shared = models.BooleanField(default=False, help_text="Everyone at the desk sees it.")
    created_at = models.DateTimeField()

    class Meta:
        ordering = ["name", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["owner", "name"], name="saved_view_unique_name")
        ]

    def __str__(self) -> str:
        return self.name
