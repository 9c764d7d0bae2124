"""rightthere visit move|reassign|cancel VISIT_ID --as USERNAME ...: change a visit the
way the case page, the schedule board and the API do (the customer is told).

rightthere visit use-part VISIT_ID --as USERNAME --part SKU [--quantity N] [--note ...] and
rightthere visit remove-part VISIT_ID --as USERNAME --use ID: the parts used on the visit,
as its page and POST/DELETE /api/visits/{id}/parts-used do (`field.parts_used`)."""

from datetime import datetime
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.http import Http404
from django.utils import timezone

from rightthere.accounts.models import PartnerCompany, Role, User
from rightthere.core.errors import CaseError
from rightthere.desk import visits as desk_visits
from rightthere.field import parts_used
from rightthere.field.access import access_visit, part_use_of
from rightthere.field.booking import ChosenSlot
from rightthere.field.models import Part, Visit


def _user(username: str) -> User:
    user = User.objects.filter(username=username, is_active=True).first()
    if user is None:
        raise CommandError(f"There is no active user '{username}'.")
    return user


def _doer(options: dict[str, Any], visit: Visit) -> tuple[str, int]:
    if options["technician"] and options["partner"]:
        raise CommandError("Give a technician or a partner, not both.")
    if options["technician"]:
        found = User.objects.filter(
            username=options["technician"], role=Role.TECHNICIAN, is_active=True
        ).first()
        if found is None:
            raise CommandError(f"There is no active technician '{options['technician']}'.")
        return "technician", found.pk
    if options["partner"]:
        partner = PartnerCompany.objects.filter(name=options["partner"]).first()
        if partner is None:
            raise CommandError(f"There is no partner company '{options['partner']}'.")
        return "partner", partner.pk
    if visit.technician_id is not None:
        return "technician", visit.technician_id
    return "partner", visit.partner_id or 0


def _when(text: str) -> datetime:
    try:
        parsed = datetime.fromisoformat(text.strip())
    except ValueError as error:
        raise CommandError(
            "Give the new time as 'YYYY-MM-DD HH:MM', e.g. 2026-12-08 10:00."
        ) from error
    return timezone.make_aware(parsed) if timezone.is_naive(parsed) else parsed


class Command(BaseCommand):
    help = (
        "Move, reassign or cancel a visit; the customer is told (as from the case page). "
        "Record a part used on a visit, or remove one recorded by mistake."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "action", choices=["move", "reassign", "cancel", "use-part", "remove-part"]
        )
        parser.add_argument("visit", type=int, help="The visit's id (see `rightthere schedule`).")
        parser.add_argument("--as", dest="username", required=True,
                            help="Who does it (an owner or agent; for the parts used also "
                                 "the visit's technician).")  # fmt: skip
        parser.add_argument("--to", help="move: the new start, e.g. '2026-12-08 10:00'.")
        parser.add_argument("--technician", help="move, reassign: the technician's username.")
        parser.add_argument("--partner", help="move, reassign: the partner company's name.")
        parser.add_argument("--reason", default="",
                            help="cancel (required), move: told to the customer.")  # fmt: skip
        parser.add_argument("--part", help="use-part: the part's SKU.")
        parser.add_argument("--quantity", type=int, default=1, help="use-part: how many.")
        parser.add_argument("--note", default="", help="use-part: a note on the part used.")
        parser.add_argument("--use", type=int, help="remove-part: the part used's id.")

    def handle(self, *args: Any, **options: Any) -> None:
        user = _user(options["username"])
        try:
            visit = access_visit(user, options["visit"])
        except Http404 as error:
            raise CommandError(f"There is no visit {options['visit']} that you can see.") from error
        action = options["action"]
        if action in ("use-part", "remove-part"):
            self._parts(user, visit, action, options)
            return
        try:
            if action == "move":
                if not options["to"]:
                    raise CommandError(
                        "Give the new start with --to, e.g. --to '2026-12-08 10:00'."
                    )
                kind, doer = _doer(options, visit)
                slot = ChosenSlot(kind, doer, _when(options["to"]))
                visit = desk_visits.reschedule_visit(visit, actor=user, slot=slot,
                                                     reason=options["reason"])  # fmt: skip
            elif action == "reassign":
                if not (options["technician"] or options["partner"]):
                    raise CommandError("Give --technician USERNAME or --partner NAME.")
                kind, doer = _doer(options, visit)
                technician = User.objects.get(pk=doer) if kind == "technician" else None
                partner = PartnerCompany.objects.get(pk=doer) if kind == "partner" else None
                visit = desk_visits.reassign_visit(visit, actor=user, technician=technician,
                                                   partner=partner)  # fmt: skip
            else:
                visit = desk_visits.cancel_visit(visit, actor=user, reason=options["reason"])
        except CaseError as error:
            raise CommandError(error.message) from error
        starts = timezone.localtime(visit.starts_at)
        self.stdout.write(
            f"Visit {visit.pk} ({visit.case.reference}): {visit.get_status_display()}, "
            f"{starts:%a %d %b %Y %H:%M} with {visit.doer_name}. The customer has been told."
        )

    def _parts(self, user: User, visit: Visit, action: str, options: dict[str, Any]) -> None:
        try:
            if action == "use-part":
                part = Part.objects.filter(sku__iexact=(options["part"] or "").strip()).first()
                if part is None:
                    raise CommandError(
                        f"There is no part with SKU '{options['part'] or ''}' (give --part SKU)."
                    )
                use = parts_used.record_part_used(visit, actor=user, part=part,
                                                  quantity=options["quantity"],
                                                  note=options["note"])  # fmt: skip
                part.refresh_from_db()
                said = f"Recorded {use.quantity} x {part} (id {use.pk}); {part.stock_on_hand} in stock."
            else:
                if options["use"] is None:
                    raise CommandError("Give the part used's id with --use ID.")
                try:
                    use = part_use_of(visit, options["use"])
                except Http404 as error:
                    raise CommandError(
                        f"Visit {visit.pk} has no part used with id {options['use']}."
                    ) from error
                part = parts_used.remove_part_used(use, actor=user)
                said = f"Removed {use.quantity} x {part}; {part.stock_on_hand} in stock."
        except CaseError as error:
            raise CommandError(error.message) from error
        self.stdout.write(f"Visit {visit.pk} ({visit.case.reference}): {said}")
