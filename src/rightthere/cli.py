"""The `rightthere` console command: Django's manage.py with our settings."""

import os
import sys


def main() -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "rightthere.settings")
    import django
    from django.core.management import execute_from_command_line, get_commands

    argv = list(sys.argv)
    # `rightthere seed-demo` and `rightthere seed_demo` are the same command.
    if len(argv) > 1 and not argv[1].startswith("-"):
        argv[1] = argv[1].replace("-", "_")
    django.setup()
    if not get_commands().get(argv[1] if len(argv) > 1 else "", "").startswith("rightthere."):
        execute_from_command_line(argv)
        return
    # Our own commands (schedules, visits, reminders) read dates in the business's zone.
    from rightthere.accounts.business_locale import in_business_time_zone_if_installed

    with in_business_time_zone_if_installed():
        execute_from_command_line(argv)


if __name__ == "__main__":
    main()
