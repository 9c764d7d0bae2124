"""GET /health/: is the desk able to serve? For load balancers and monitoring."""

from django.db import DatabaseError, connection
from django.db.migrations.executor import MigrationExecutor
from django.http import HttpRequest, JsonResponse
from django.utils import timezone
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET


@never_cache
@require_GET
def health(request: HttpRequest) -> JsonResponse:
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
        executor = MigrationExecutor(connection)
        pending = executor.migration_plan(executor.loader.graph.leaf_nodes())
        from django_tasks_db.models import DBTaskResult

        oldest = DBTaskResult.objects.ready().order_by("enqueued_at").first()
    except DatabaseError as exc:
        return JsonResponse({"status": "error", "database": str(exc)[:200]}, status=503)
    lag = (timezone.now() - oldest.enqueued_at).total_seconds() if oldest else 0.0
    body = {
        "status": "ok" if not pending else "migrations pending",
        "database": "ok",
        "migrations_pending": len(pending),
        # A growing age means the worker is not running.
        "oldest_waiting_task_seconds": round(lag, 1),
    }
    return JsonResponse(body, status=200 if not pending else 503)
