from django.urls import path

from rightthere.cases.views import bulk, case_page, inbox, message_images, new_case, panels

urlpatterns = [
    path("", inbox.inbox, name="inbox"),
    path("inbox/counts/", inbox.inbox_counts, name="inbox_counts"),
    path("inbox/bulk/", bulk.bulk_change, name="inbox_bulk"),
    path("inbox/bulk/undo/", bulk.bulk_undo, name="inbox_bulk_undo"),
    path("cases/new/", new_case.new_case, name="new_case"),
    path("cases/new/customers/", new_case.customer_choices, name="new_case_customers"),
    path("cases/<int:pk>/", case_page.case_detail, name="case_detail"),
    path("cases/<int:pk>/reply/", case_page.reply, name="case_reply"),
    path("cases/<int:pk>/other-cases/", case_page.other_cases, name="case_other_cases"),
    path("cases/<int:pk>/panels/<slug:name>/", panels.lazy_panel, name="case_lazy_panel"),
    path("cases/<int:pk>/field/<slug:field>/", case_page.update_field, name="case_update_field"),
    path("attachments/<int:pk>/", case_page.attachment_download, name="attachment_download"),
    path(
        "cases/<int:pk>/messages/<int:message_id>/images/",
        message_images.message_images,
        name="message_images",
    ),
]
