"""The worker's door to moving in: run an import, or continue it from its checkpoint."""

from django_tasks import task

from rightthere.moving_in.running import run_job


@task()
def run_import_job(job_id: int) -> str:
    job = run_job(job_id)
    if job is None:
        return "already running elsewhere, or done"
    return f"{job.get_status_display()}: {job.position} of {job.total} tickets"
