"""Large review files are imported by the worker; the page shows the progress."""

from django_tasks import task

from rightthere.reviews.models import ImportStatus, ReviewImport

INLINE_ROWS = 200  # smaller files are imported at once, while the owner waits


@task()
def import_reviews_file(import_id: int) -> int:
    from rightthere.desk.reviews import run_import

    review_import = ReviewImport.objects.filter(pk=import_id, status=ImportStatus.RUNNING).first()
    if review_import is None:
        return 0
    return run_import(review_import).created_reviews
