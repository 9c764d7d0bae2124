from django.urls import path

from rightthere.cases.views import case_page, inbox, new_case

urlpatterns = [
    path("", inbox.inbox, name="inbox"),
    path("inbox/counts/", inbox.inbox_counts, name="inbox_counts"),
    path("cases/new/", new_case.new_case, name="new_case"),
    path("cases/<int:pk>/", case_page.case_detail, name="case_detail"),
    path("cases/<int:pk>/reply/", case_page.reply, name="case_reply"),
    path("cases/<int:pk>/field/<slug:field>/", case_page.update_field, name="case_update_field"),
    path("attachments/<int:pk>/", case_page.attachment_download, name="attachment_download"),
]
