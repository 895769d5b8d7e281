"""Python-side guards for append-only tables; the database refuses edits too (migration 0002)."""

from django.db import models

from modelbank.common.errors import ApplicationError
from modelbank.common.tenancy import AccountScopedQuerySet


class AppendOnlyError(ApplicationError):
    status = 409
    code = "append_only"


class AppendOnlyQuerySet(AccountScopedQuerySet):
    def update(self, **kwargs):
        raise AppendOnlyError(f"{self.model.__name__} rows are never edited: write a correcting row instead.")

    def delete(self):
        raise AppendOnlyError(f"{self.model.__name__} rows are never deleted: write a correcting row instead.")


class AppendOnlyModel(models.Model):
    """A row that is written once: ``save()`` of an existing row and ``delete()`` raise."""

    objects = models.Manager.from_queryset(AppendOnlyQuerySet)()

    class Meta:
        abstract = True

    def save(self, *args, **kwargs):
        if not self._state.adding:
            raise AppendOnlyError(f"{type(self).__name__} rows are never edited: write a correcting row instead.")
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise AppendOnlyError(f"{type(self).__name__} rows are never deleted: write a correcting row instead.")
