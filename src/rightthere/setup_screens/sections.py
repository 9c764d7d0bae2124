"""The owner's set-up sections, listed once: the settings hub's left nav (on a phone, a
list) is drawn from `SECTIONS` by `templates/settings/_nav.html`.

A new settings screen adds ONE `Section` here, under its group; nothing else to edit.
`url_name` is the screen's URL name; `current` lists the URL-name prefixes that mark it
as the page being shown (its sub-pages). An entry whose URL does not exist (yet) is left
out of the nav rather than breaking every settings page; tests/setup_screens checks
that every entry resolves once committed.
"""

from dataclasses import dataclass

from django.urls import NoReverseMatch, reverse


@dataclass(frozen=True)
class Section:
    group: str
    label: str
    url_name: str
    hint: str = ""
    current: tuple[str, ...] = ()

    def url(self) -> str | None:
        try:
            return reverse(self.url_name)
        except NoReverseMatch:
            return None

    def is_current(self, url_name: str) -> bool:
        return url_name == self.url_name or any(url_name.startswith(p) for p in self.current)


SECTIONS: list[Section] = [
    Section("Start", "Set-up: what is missing", "settings_setup",
            "What the desk still needs to work, and why it matters."),
    Section("Your business", "Business profile", "settings_business",
            "Name, logo, address, signature, customer pages."),
    Section("Your business", "Hours, holidays and targets", "settings_hours",
            "When you are open and how fast you answer."),
    Section("Your business", "Customer sign-in", "settings_customer_pages",
            "Customers see all their requests; organisations share theirs."),
    Section("People", "Team and users", "settings_team",
            "Invite people, roles, teams, managers.", current=("settings_team",)),
    Section("People", "Technicians and partners", "settings_technicians",
            "Skills, working hours, time off, partner companies.",
            current=("settings_technician", "settings_partner")),
    Section("Mail", "Mailboxes and outgoing mail", "settings_mail",
            "Where customers write to, and how mail goes out.",
            current=("settings_mail",)),
    Section("Work", "Routing rules", "insights_routing",
            "Who gets new cases.", current=("insights_routing",)),
    Section("Mail", "Text messages (SMS)", "settings_sms",
            "Visit-day texts: provider, From number, STOP."),
    Section("Work", "Automation rules", "automation_rules",
            "When something happens on a case, do it for you.", current=("automation_",)),
    Section("Work", "Canned replies", "settings_canned",
            "Ready answers agents insert.", current=("settings_canned", "canned_")),
    Section("Work", "Checklists", "settings_checklists",
            "Steps per kind of case.", current=("settings_checklist",)),
    Section("Work", "Root causes", "settings_root_causes",
            "Why complaints happened.", current=("settings_root_cause",)),
    Section("Work", "Relationship rules", "settings_relationship_rules",
            "When a customer is Lost or Bad; how often to call."),
    Section("Work", "Reply check", "coach_rule_settings",
            "Wording the reply check flags; try a sentence.", current=("coach_rule",)),
    Section("Security", "Security", "security_policy", "Who must use two-factor log-in."),
    Section("Security", "Integrations", "integration_list",
            "Programs that post reviews or mail.", current=("integration_",)),
    Section("Security", "API tokens", "token_list", "Your own keys for the API.",
            current=("token_",)),
    Section("Connections", "Review sources", "settings_review_sources",
            "Platforms that post reviews, and their secrets.",
            current=("settings_review_source",)),
    Section("Connections", "Webhooks", "webhook_list",
            "Tell your other programs what happens on the desk.", current=("webhook_",)),
    Section("Connections", "Moving in", "moving_in",
            "Bring cases and customers from Zendesk or django-helpdesk.",
            current=("moving_in",)),
]  # fmt: skip


@dataclass(frozen=True)
class NavGroup:
    name: str
    entries: list[tuple[Section, str, bool]]  # section, its URL, whether it is shown now


def nav_groups(current_url_name: str) -> list[NavGroup]:
    """The sections that exist, grouped in order, with the one being shown marked."""
    groups: dict[str, list[tuple[Section, str, bool]]] = {}
    for section in SECTIONS:
        url = section.url()
        if url is None:
            continue
        groups.setdefault(section.group, []).append(
            (section, url, section.is_current(current_url_name))
        )
    return [NavGroup(name, entries) for name, entries in groups.items()]
