"""Who may see imports: moving in is an owner's job. The Moving in screen and
/api/imports fetch an import only through here."""

from django.http import Http404
from django.utils.translation import gettext

from rightthere.accounts.models import User
from rightthere.accounts.roles import check_owner
from rightthere.moving_in.models import ImportJob


def check_importer(user: User) -> None:
    """Refuse anyone but an owner (NotAllowed, 403), before any import is looked up."""
    check_owner(user, gettext("import from another desk"))


def access_import(user: User, import_id: int) -> ImportJob:
    """The import if the user is an owner (else NotAllowed), else 404 if there is none."""
    check_importer(user)
    found = ImportJob.objects.filter(pk=import_id).first()
    if found is None:
        raise Http404("No such import")
    return found
