"""The owner's set-up sections, listed once: the settings hub's left nav (on a phone, a
list) is drawn from `SECTIONS` by `templates/settings/_nav.html`.

A new settings screen adds ONE `Section` here, under its group; nothing else to edit.
`url_name` is the screen's URL name; `current` lists the URL-name prefixes that mark it
as the page being shown (its sub-pages). An entry whose URL does not exist (yet) is left
out of the nav rather than breaking every settings page; tests/setup_screens checks
that every entry resolves once committed.
"""

from dataclasses import dataclass
from typing import TYPE_CHECKING

from django.urls import NoReverseMatch, reverse
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

if TYPE_CHECKING:
    from django_stubs_ext import StrOrPromise


@dataclass(frozen=True)
class Section:
    group: "StrOrPromise"
    label: "StrOrPromise"
    url_name: str
    hint: "StrOrPromise" = ""
    current: tuple[str, ...] = ()

    def url(self) -> str | None:
        try:
            return reverse(self.url_name)
        except NoReverseMatch:
            return None

    def is_current(self, url_name: str) -> bool:
        return url_name == self.url_name or any(url_name.startswith(p) for p in self.current)


SECTIONS: list[Section] = [
    Section(pgettext_lazy("settings section", "Start"), _("Set-up: what is missing"), "settings_setup",
            _("What the desk still needs to work, and why it matters.")),
    Section(_("Your business"), _("Business profile"), "settings_business",
            _("Name, logo, address, signature, customer pages.")),
    Section(_("Your business"), _("Hours, holidays and targets"), "settings_hours",
            _("When you are open and how fast you answer.")),
    Section(_("Your business"), _("Customer sign-in"), "settings_customer_pages",
            _("Customers see all their requests; organisations share theirs.")),
    Section(_("People"), _("Team and users"), "settings_team",
            _("Invite people, roles, managers; add and rename teams."), current=("settings_team",)),
    Section(_("People"), _("Technicians and partners"), "settings_technicians",
            _("Skills, working hours, time off, partner companies."),
            current=("settings_technician", "settings_partner")),
    Section(_("People"), _("Parts and vendors"), "settings_parts",
            _("The parts catalogue, stock, reorder levels, vendors."),
            current=("settings_parts",)),
    Section(_("Mail"), _("Mailboxes and outgoing mail"), "settings_mail",
            _("Where customers write to, and how mail goes out."),
            current=("settings_mail",)),
    Section(_("Work"), _("Routing rules"), "insights_routing",
            _("Who gets new cases."), current=("insights_routing",)),
    Section(_("Mail"), _("Text messages (SMS)"), "settings_sms",
            _("Visit-day texts: provider, From number, STOP.")),
    Section(_("Work"), _("Automation rules"), "automation_rules",
            _("When something happens on a case, do it for you."), current=("automation_",)),
    Section(_("Work"), _("Canned replies"), "settings_canned",
            _("Ready answers agents insert."), current=("settings_canned", "canned_")),
    Section(_("Work"), _("Checklists"), "settings_checklists",
            _("Steps per kind of case."), current=("settings_checklist",)),
    Section(_("Work"), _("Root causes"), "settings_root_causes",
            _("Why complaints happened."), current=("settings_root_cause",)),
    Section(_("Work"), _("Relationship rules"), "settings_relationship_rules",
            _("When a customer is Lost or Bad; how often to call.")),
    Section(_("Work"), _("Reply check"), "coach_rule_settings",
            _("Wording the reply check flags; try a sentence."), current=("coach_rule",)),
    Section(_("Security"), _("Security"), "security_policy", _("Who must use two-factor log-in.")),
    Section(_("Security"), _("Integrations"), "integration_list",
            _("Programs that post reviews or mail."), current=("integration_",)),
    Section(_("Security"), _("API tokens"), "token_list", _("Your own keys for the API."),
            current=("token_",)),
    Section(_("Connections"), _("Review sources"), "settings_review_sources",
            _("Platforms that post reviews, and their secrets."),
            current=("settings_review_source",)),
    Section(_("Connections"), _("Webhooks"), "webhook_list",
            _("Tell your other programs what happens on the desk."), current=("webhook_",)),
    Section(_("Connections"), _("Moving in"), "moving_in",
            _("Bring cases and customers from Zendesk or django-helpdesk."),
            current=("moving_in",)),
]  # fmt: skip


@dataclass(frozen=True)
class NavGroup:
    name: "StrOrPromise"
    entries: list[tuple[Section, str, bool]]  # section, its URL, whether it is shown now


def nav_groups(current_url_name: str) -> list[NavGroup]:
    """The sections that exist, grouped in order, with the one being shown marked."""
    groups: dict[StrOrPromise, list[tuple[Section, str, bool]]] = {}
    for section in SECTIONS:
        url = section.url()
        if url is None:
            continue
        groups.setdefault(section.group, []).append(
            (section, url, section.is_current(current_url_name))
        )
    return [NavGroup(name, entries) for name, entries in groups.items()]
