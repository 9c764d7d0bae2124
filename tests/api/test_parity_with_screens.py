"""Whatever a person can change in the screens, a program can change through the API.

The test walks the project's URL conf, finds every web view that accepts POST (a
change), and asks for its API twin, which must exist in the OpenAPI document, unless
the route is listed below as deliberately web-only, with the reason. A new screen
action without either fails here. The admin's set-up tables are checked the same way
against the API's set-up routes.
"""

import inspect
from functools import cache

from django.contrib import admin
from django.http import HttpResponse
from django.urls import URLPattern, URLResolver, get_resolver, path
from django.views.decorators.http import require_GET, require_POST

from rightthere.api.urls import api

# Web route name -> its API twin (method, path), the same change with the same permission
# through the same use case.
API_TWINS = {
    "token_create": ("post", "/api/tokens"),
    "my_settings": ("put", "/api/me"),
    "token_revoke": ("delete", "/api/tokens/{token_id}"),
    "security_policy": ("put", "/api/security"),
    "integration_list": ("post", "/api/integrations"),
    "integration_rotate": ("post", "/api/integrations/{integration_id}/rotate"),
    "integration_delete": ("delete", "/api/integrations/{integration_id}"),
    "inbox_bulk": ("post", "/api/cases/bulk"),
    "inbox_bulk_undo": ("post", "/api/cases/bulk/undo"),
    "new_case": ("post", "/api/cases"),
    "case_reply": ("post", "/api/cases/{case_id}/messages"),
    "case_update_field": ("patch", "/api/cases/{case_id}"),
    "customer_new": ("post", "/api/customers"),
    "customer_edit": ("patch", "/api/customers/{customer_id}"),
    "customer_address": ("patch", "/api/customers/{customer_id}"),
    "contact_add": ("post", "/api/customers/{customer_id}/contacts"),
    "customer_note_add": ("post", "/api/customers/{customer_id}/notes"),
    "status_link_resend": ("post", "/api/cases/{case_id}/status-link/resend"),
    "status_link_new": ("post", "/api/cases/{case_id}/status-link/rotate"),
    "status_link_revoke": ("post", "/api/cases/{case_id}/status-link/revoke"),
    "mail_retry": ("post", "/api/inbound-mail/{mail_id}/retry"),
    "promise_make": ("post", "/api/cases/{case_id}/promises"),
    "promise_keep": ("post", "/api/promises/{promise_id}/keep"),
    "promise_renegotiate": ("post", "/api/promises/{promise_id}/renegotiate"),
    # One web route for every step; each step has its own API route (recovery/...).
    "recovery_step": ("post", "/api/cases/{case_id}/recovery/options"),
    "improvement_list": ("post", "/api/improvements"),
    "checklist_add_item": ("post", "/api/cases/{case_id}/checklist/items"),
    "checklist_apply_template": ("post", "/api/cases/{case_id}/checklist/apply-template"),
    "checklist_set_done": ("patch", "/api/checklist-items/{item_id}"),
    "checklist_start_item": ("patch", "/api/checklist-items/{item_id}"),
    "checklist_remove_item": ("delete", "/api/checklist-items/{item_id}"),
    "field_new_feed_link": ("post", "/api/me/calendar-feed"),
    "field_visit_status": ("post", "/api/visits/{visit_id}/status"),
    "field_visit_outcome": ("post", "/api/visits/{visit_id}/outcome"),
    "field_book_return": ("post", "/api/visits/{visit_id}/return"),
    "field_visit_part_used": ("post", "/api/visits/{visit_id}/parts-used"),
    "field_visit_part_used_remove": ("delete", "/api/visits/{visit_id}/parts-used/{use_id}"),
    "field_book_visit": ("post", "/api/cases/{case_id}/visits"),
    "field_move_visit": ("post", "/api/visits/{visit_id}/reschedule"),
    "field_reassign": ("post", "/api/visits/{visit_id}/reassign"),
    "field_cancel_visit": ("post", "/api/visits/{visit_id}/cancel"),
    "field_order_part": ("post", "/api/cases/{case_id}/part-orders"),
    "field_receive_part": ("post", "/api/part-orders/{order_id}/received"),
    "field_change_part_order": ("patch", "/api/part-orders/{order_id}"),
    "settings_parts": ("post", "/api/parts"),
    "settings_parts_vendor": ("post", "/api/vendors"),
    "settings_parts_edit": ("patch", "/api/parts/{part_id}"),
    "settings_parts_vendor_edit": ("put", "/api/vendors/{vendor_id}"),
    "settings_parts_vendor_remove": ("delete", "/api/vendors/{vendor_id}"),
    "coach_check": ("post", "/api/coach/check"),
    # Settings > Reply check (#18's screen, in the hub since #20): "Save" adds a pattern,
    # tried first; POST /api/coach/rules/try is its "Try it".
    "coach_rule_settings": ("post", "/api/coach/rules"),
    "review_respond": ("post", "/api/reviews/{review_id}/response"),
    "review_confirm_customer": ("post", "/api/reviews/{review_id}/customer"),
    "insights_relationship": ("put", "/api/customers/{customer_id}/relationship/override"),
    "insights_log_call": ("post", "/api/customers/{customer_id}/relationship-calls"),
    "insights_owner_time": ("post", "/api/routing-rules"),
    "insights_routing": ("post", "/api/routing-rules"),
    "insights_routing_rule": ("put", "/api/routing-rules/{rule_id}"),
    "insights_routing_delete": ("delete", "/api/routing-rules/{rule_id}"),
    "insights_staff": ("post", "/api/staff/{user_id}/absences"),
    "insights_staff_record": ("put", "/api/staff/{user_id}/record"),
    "canned_new": ("post", "/api/canned-replies"),
    "canned_edit": ("patch", "/api/canned-replies/{reply_id}"),
    "canned_delete": ("delete", "/api/canned-replies/{reply_id}"),
    # Set-up screens (#20): technicians and partners, mailboxes and outgoing mail.
    "settings_technicians": ("post", "/api/technicians"),
    "settings_technicians_skill": ("post", "/api/skills"),
    "settings_technicians_load": ("put", "/api/field-settings/load-ceiling"),
    "settings_technicians_cutoff": ("put", "/api/field-settings/customer-cutoff"),
    "settings_technician": ("put", "/api/technicians/{user_id}/working-hours"),
    "settings_technician_time_off": ("post", "/api/technicians/{user_id}/time-off"),
    "settings_technician_time_off_remove": ("delete", "/api/time-off/{time_off_id}"),
    "settings_partner_new": ("post", "/api/partners"),
    "settings_partner": ("patch", "/api/partners/{partner_id}"),
    "settings_partner_user": ("post", "/api/partners/{partner_id}/people"),
    "settings_mail": ("post", "/api/mailboxes"),
    "settings_mail_mailbox": ("patch", "/api/mailboxes/{mailbox_id}"),
    "settings_mail_test": ("post", "/api/mailboxes/{mailbox_id}/test"),
    "settings_mail_delete": ("delete", "/api/mailboxes/{mailbox_id}"),
    "settings_mail_send_test": ("post", "/api/outgoing-mail/test"),
    # The work set-up screens (#20): checklists, root causes, canned replies, relationship
    # rules, review sources (an integration that posts reviews).
    "settings_checklists": ("post", "/api/checklist-templates"),
    "settings_checklist": ("put", "/api/checklist-templates/{template_id}"),
    "settings_checklist_remove": ("delete", "/api/checklist-templates/{template_id}"),
    "settings_root_causes": ("post", "/api/root-causes"),
    "settings_root_cause": ("patch", "/api/root-causes/{cause_id}"),
    "settings_root_cause_remove": ("delete", "/api/root-causes/{cause_id}"),
    "settings_canned": ("post", "/api/canned-replies"),
    "settings_canned_reply": ("patch", "/api/canned-replies/{reply_id}"),
    "settings_canned_reply_remove": ("delete", "/api/canned-replies/{reply_id}"),
    "settings_relationship_rules": ("patch", "/api/relationship-rules"),
    "settings_review_sources": ("post", "/api/integrations"),
    "settings_review_source_rotate": ("post", "/api/integrations/{integration_id}/rotate"),
    "settings_review_source_remove": ("delete", "/api/integrations/{integration_id}"),
    "merging_preview": ("post", "/api/cases/{case_id}/merge"),
    "merging_undo": ("post", "/api/merges/{merge_id}/undo"),
    "time_start": ("post", "/api/cases/{case_id}/timer/start"),
    "time_stop": ("post", "/api/timer/stop"),
    "time_add": ("post", "/api/cases/{case_id}/time-entries"),
    "time_edit": ("patch", "/api/time-entries/{entry_id}"),
    "time_delete": ("delete", "/api/time-entries/{entry_id}"),
    "notification_read_all": ("post", "/api/notifications/read-all"),
    "notification_settings": ("put", "/api/notifications/preferences"),
    "case_presence": ("post", "/api/cases/{case_id}/presence"),
    "saved_view_create": ("post", "/api/saved-views"),
    "saved_view_edit": ("patch", "/api/saved-views/{view_id}"),
    "saved_view_delete": ("delete", "/api/saved-views/{view_id}"),
    "settings_sms": ("put", "/api/sms/from-number"),
    "webhook_list": ("post", "/api/webhooks"),
    "webhook_detail": ("put", "/api/webhooks/{webhook_id}"),
    "webhook_pause": ("post", "/api/webhooks/{webhook_id}/pause"),
    "webhook_resume": ("post", "/api/webhooks/{webhook_id}/resume"),
    "webhook_rotate": ("post", "/api/webhooks/{webhook_id}/secret"),
    "webhook_delete": ("delete", "/api/webhooks/{webhook_id}"),
    "webhook_delivery_resend": ("post", "/api/webhooks/deliveries/{delivery_pk}/resend"),
    # Automation rules (#22); the screen's "Test on the last 100 cases" is
    # POST /api/automation-rules/preview.
    "automation_rule_new": ("post", "/api/automation-rules"),
    "automation_rule": ("put", "/api/automation-rules/{rule_id}"),
    "automation_rule_move": ("post", "/api/automation-rules/{rule_id}/move"),
    "automation_rule_active": ("patch", "/api/automation-rules/{rule_id}"),
    "automation_rule_delete": ("delete", "/api/automation-rules/{rule_id}"),
    "moving_in": ("post", "/api/imports"),
    "moving_in_database": ("post", "/api/imports/helpdesk"),
    "moving_in_start": ("post", "/api/imports/{import_id}/start"),
    # Settings hub (#20): business profile, hours and holidays, the team.
    "settings_business": ("patch", "/api/business-profile"),
    "settings_hours": ("put", "/api/business-hours"),
    "settings_holiday_remove": ("delete", "/api/holidays/{holiday_id}"),
    "settings_team": ("post", "/api/invitations"),
    "settings_person_active": ("put", "/api/users/{user_id}/active"),
    "settings_team_add": ("post", "/api/teams"),
    "settings_team_rename": ("patch", "/api/teams/{team_id}"),
    "settings_team_remove": ("delete", "/api/teams/{team_id}"),
    "settings_person": ("patch", "/api/users/{user_id}"),
    # Visits the customer picks, and the technician's day (#21).
    "field_offer_slots": ("post", "/api/cases/{case_id}/visit-offer"),
    "field_visit_on_my_way": ("post", "/api/visits/{visit_id}/on-my-way"),
    "field_visit_late": ("post", "/api/visits/{visit_id}/running-late"),
    # Customer sign-in (#21): whether an organisation's contacts see all its requests.
    "settings_customer_pages": ("put", "/api/customer-pages"),
}

# The recovery page's other steps, each its own API route.
RECOVERY_STEPS = ["recovery", "recovery/options", "recovery/choice", "recovery/follow-through",
                  "recovery/satisfaction", "recovery/feedback", "recovery/root-cause",
                  "recovery/waivers"]  # fmt: skip

WEB_ONLY = {
    "first_run_start": "A fresh install's first page in a browser, before anyone exists (so "
    "before any API token can); `rightthere init` does the same from the command line.",
    "first_run_step": "A step of that first run (see first_run_start); each step's setting "
    "has its API route (business hours, mailboxes, invitations).",
    "first_run_finish": "The end of that first run (see first_run_start).",
    "settings_invite_accept": "The invited person choosing their password from the mailed "
    "one-time link, in their browser; POST /api/invitations sends the invitation.",
    "coach_promise_read": "Reads the promise in a draft as it is typed and changes nothing; "
    "a program makes the promise with POST /api/cases/{case_id}/promises.",
    "status_choose_visit": "The customer picking a visit time on their own page (a secret "
    "link, no account); staff book with POST /api/cases/{case_id}/visits.",
    "sms_status_callback": "The SMS provider's delivery report, signed with its own key "
    "(X-Twilio-Signature); the texts and their state are read with GET /api/sms.",
    "sms_inbound": "A customer's text (STOP / START) forwarded by the SMS provider, signed with "
    "its own key; no person or program of ours calls it.",
    "login": "A person logging in to the screens; programs send an API token instead.",
    "logout": "Ends a browser session; a token is revoked with DELETE /api/tokens/{id}.",
    "two_factor_verify": "The second step of a person's browser log-in; tokens skip it.",
    "two_factor": "Pairing a person's own authenticator app, in their browser; an owner "
    "turns it off for someone with DELETE /api/users/{user_id}/two-factor.",
    "contact": "The public contact form customers use (no account); mail posted to "
    "POST /api/inbound-mail or a case opened with POST /api/cases does the same.",
    "status_reply": "The customer's own status page (a secret link, no account); staff "
    "record a customer's words with POST /api/cases/{id}/messages (inbound).",
    "satisfaction_answer": "The customer answering the satisfaction question on their page; "
    "staff record an answer given otherwise with PUT /api/cases/{id}/satisfaction.",
    "recovery_customer": "The customer choosing a recovery option on their page; staff "
    "record the choice with POST /api/cases/{id}/recovery/choice.",
    "review_import_file": "Uploading an export file a person downloaded from a platform; "
    "programs post the same rows to POST /api/reviews/webhook.",
    "review_import": "The preview and confirmation of such an upload (see review_import_file).",
    "mail_provider_webhook": "A mail provider (Mailgun, Postmark, ...) posting a customer's "
    "mail or a delivery report, signed by the provider; programs post raw mail to "
    "POST /api/inbound-mail.",
    # All my requests (#21): the customer's own pages, signed in by a mailed link; no
    # account, no API token. Staff see the same cases through /api/cases.
    "my_sign_in": "A customer asking for a sign-in link by mail to their own pages (no "
    "account); programs use an API token and /api/cases.",
    "my_sign_in_link": "The customer opening the link from that mail in their browser.",
    "my_sign_out": "Ends the customer's browser session on their own pages.",
}


def _patterns(resolver, prefix=""):
    for entry in resolver.url_patterns:
        if isinstance(entry, URLResolver):
            yield from _patterns(entry, prefix + str(entry.pattern))
        elif isinstance(entry, URLPattern):
            yield prefix + str(entry.pattern), entry


def _allowed_methods(view) -> set[str]:
    """The methods a view answers: a class's handlers, the list that Django's
    require_http_methods (require_POST, require_GET, ...) closed over, or, for a plain
    function with no such decorator, POST when its code reads a POST."""
    view_class = getattr(view, "view_class", None)
    if view_class is not None:
        return {m.upper() for m in view_class.http_method_names if hasattr(view_class, m)}
    layer = view
    while layer is not None:
        for cell in layer.__closure__ or ():
            value = cell.cell_contents
            if (
                isinstance(value, list | tuple)
                and value
                and all(isinstance(m, str) and m.isupper() for m in value)
            ):
                return set(value)
        layer = getattr(layer, "__wrapped__", None)
    return {"GET", "POST"} if "POST" in inspect.getsource(inspect.unwrap(view)) else {"GET"}


def web_changes(urlconf: str | None = None) -> dict[str, str]:
    """Every web route (not the API, not the admin) that accepts POST: name -> route."""
    return {
        entry.name: route
        for route, entry in _patterns(get_resolver(urlconf))
        if not route.startswith(("api/", "admin/")) and "POST" in _allowed_methods(entry.callback)
    }


@cache
def api_routes() -> frozenset[tuple[str, str]]:
    paths = api.get_openapi_schema()["paths"]
    return frozenset((method, path) for path, operations in paths.items() for method in operations)


def api_functions() -> dict[tuple[str, str], object]:
    """(method, path) -> the function that answers it."""
    return {
        (method.lower(), f"/api{prefix}{path}"): operation.view_func
        for prefix, router in api._routers
        for path, path_view in router.path_operations.items()
        for operation in path_view.operations
        for method in operation.methods
    }


def unexplained(changes) -> list[str]:
    """The web changes with neither an API twin nor a reason to be web-only."""
    return sorted(name for name in changes if name not in API_TWINS and name not in WEB_ONLY)


def test_every_change_in_the_screens_has_an_api_twin_or_a_reason():
    without = unexplained(web_changes())

    assert without == [], f"Web changes with no API twin nor a reason to be web-only: {without}"


@require_POST
def _archive_case(request, pk):
    return HttpResponse()


@require_GET
def _case_summary(request, pk):
    return HttpResponse()


# A URL conf with a screen action added without its API twin, and a page that only reads.
urlpatterns = [
    path("cases/<int:pk>/archive/", _archive_case, name="case_archive"),
    path("cases/<int:pk>/summary/", _case_summary, name="case_summary"),
    path("cases/<int:pk>/reply/", _archive_case, name="case_reply"),
]


def test_a_new_screen_action_without_an_api_twin_is_caught():
    assert unexplained(web_changes(__name__)) == ["case_archive"]


def test_every_api_twin_named_exists_in_the_api():
    missing = sorted(twin for twin in API_TWINS.values() if twin not in api_routes())

    assert missing == []


def test_every_recovery_step_of_the_case_page_has_its_api_route():
    paths = {path for _, path in api_routes()}

    assert {f"/api/cases/{{case_id}}/{step}" for step in RECOVERY_STEPS} <= paths


def test_the_lists_name_only_routes_that_change_something_in_the_screens():
    changes = set(web_changes())

    assert (set(API_TWINS) | set(WEB_ONLY)) - changes == set()
    assert set(API_TWINS) & set(WEB_ONLY) == set()


def test_the_walk_finds_post_views_however_they_declare_it():
    changes = web_changes()

    assert changes["case_reply"] == "cases/<int:pk>/reply/"  # @require_POST
    assert "canned_new" in changes  # @require_http_methods(["GET", "POST"])
    assert "login" in changes  # a class-based view
    assert "improvement_list" in changes  # a plain function reading request.method
    assert "case_detail" not in changes  # @require_GET
    assert "outbox" not in changes  # a plain function that never reads a POST


# The admin's set-up tables (what an owner sets up there) -> the API route that sets
# each up, through the same function.
SET_UP_IN_THE_API = {
    "accounts.User": ("post", "/api/users"),
    "accounts.Team": ("post", "/api/teams"),
    "accounts.PartnerCompany": ("post", "/api/partners"),
    "cases.BusinessHours": ("put", "/api/business-hours"),
    "cases.Holiday": ("post", "/api/holidays"),
    "field.TechnicianProfile": ("put", "/api/technicians/{user_id}"),
    "field.WorkingHours": ("put", "/api/technicians/{user_id}/working-hours"),
    "field.TimeOff": ("post", "/api/technicians/{user_id}/time-off"),
    "field.PartnerProfile": ("patch", "/api/partners/{partner_id}"),
    "field.Skill": ("post", "/api/skills"),
    "field.Vendor": ("post", "/api/vendors"),
    "field.Part": ("post", "/api/parts"),
    "customers.Customer": ("post", "/api/customers"),
    "customers.CustomerNote": ("post", "/api/customers/{customer_id}/notes"),
    "canned.CannedReply": ("post", "/api/canned-replies"),
    "checklists.ChecklistTemplate": ("post", "/api/checklist-templates"),
    "checklists.ChecklistTemplateStep": ("put", "/api/checklist-templates/{template_id}"),
    "insights.RelationshipRules": ("patch", "/api/relationship-rules"),
    "insights.RoutingRule": ("post", "/api/routing-rules"),
    "insights.Absence": ("post", "/api/staff/{user_id}/absences"),
    "insights.StaffRecord": ("put", "/api/staff/{user_id}/record"),
    "accounts.ApiToken": ("post", "/api/tokens"),
}


def test_the_set_up_an_owner_does_in_the_admin_can_be_done_through_the_api():
    registered = {model._meta.label for model in admin.site._registry} | {
        inline.model._meta.label
        for model_admin in admin.site._registry.values()
        for inline in model_admin.inlines
    }
    routes = api_routes()

    assert set(SET_UP_IN_THE_API) <= registered
    assert sorted(t for t in SET_UP_IN_THE_API.values() if t not in routes) == []


# Twin -> the use case both doors call (never a second implementation): each door's
# code names it. The doors' own tests check what it does.
SAME_USE_CASE = {
    "case_reply": "add_message",
    "review_respond": "respond_to_review",
    "review_confirm_customer": "confirm_customer",
    "mail_retry": "retry",
    "customer_note_add": "add_customer_note",
    "field_book_visit": "book_visit",
    "field_move_visit": "reschedule_visit",
    "field_book_return": "book_return",
    "field_cancel_visit": "cancel_visit",
    "field_order_part": "order_part",
    "field_receive_part": "receive_part",
    "field_change_part_order": "change_part_order",
    "settings_parts": "add_part",
    "settings_parts_vendor": "add_vendor",
    "settings_parts_edit": "change_part",
    "settings_parts_vendor_edit": "change_vendor",
    "settings_parts_vendor_remove": "remove_vendor",
    "field_visit_part_used": "record_part_used",
    "field_visit_part_used_remove": "remove_part_used",
    "promise_keep": "keep_promise",
    "insights_staff": "record_absence",
    "insights_staff_record": "set_staff_record",
    "customer_address": "update_customer",
    "settings_checklists": "add_template",
    "settings_checklist": "change_template",
    "settings_checklist_remove": "delete_template",
    "settings_root_causes": "add_root_cause",
    "settings_root_cause": "change_root_cause",
    "settings_root_cause_remove": "delete_root_cause",
    "settings_canned_reply_remove": "delete_canned_reply",
    "settings_relationship_rules": "set_relationship_rules",
    "settings_review_sources": "create_integration",
    "settings_review_source_rotate": "rotate_secret",
    "settings_review_source_remove": "delete_integration",
    "settings_customer_pages": "set_organisation_sharing",
    "settings_team": "invite_person",
    "settings_person_active": "set_active",
    "settings_team_add": "add_team",
    "settings_team_rename": "rename_team",
    "settings_team_remove": "remove_team",
    "settings_person": "change_person",
    "my_settings": "set_language",
    "settings_business": "update_business_profile",
}


def test_a_screen_and_its_api_twin_call_the_same_use_case():
    views = {entry.name: entry.callback for _, entry in _patterns(get_resolver())}
    functions = api_functions()

    def calls(function, use_case):
        return f"{use_case}(" in inspect.getsource(inspect.unwrap(function))

    apart = sorted(
        name
        for name, use_case in SAME_USE_CASE.items()
        if not (calls(views[name], use_case) and calls(functions[API_TWINS[name]], use_case))
    )

    assert apart == []
