"""This app's set-up and download routes for the project-wide permission matrix
(tests/api/test_permissions.py): anyone on the staff reads the opening hours, owners
change them; an attachment downloads for whoever sees its case."""

from tests.api.matrix import EVERYONE, MANAGERS_SEE, OWNERS, OWNERS_ADD, OWNERS_REMOVE, route

ROUTES = [
    route("get", "/api/business-hours", EVERYONE),
    route("put", "/api/business-hours", OWNERS,
          body=lambda w: {"periods": [{"weekday": 0, "opens": "09:00", "closes": "17:30"}]}),
    route("get", "/api/holidays", EVERYONE),
    route("post", "/api/holidays", OWNERS_ADD,
          body=lambda w: {"date": "2099-12-26", "name": "Boxing Day"}),
    route("delete", "/api/holidays/{holiday_id}", OWNERS_REMOVE, holiday_id="holiday"),
]  # fmt: skip

# A download answers with the file, not JSON: tested in tests/api/test_downloads.py, which
# stores the two photos itself (files written while the module's world is built would
# land outside the test's media folder).
DOWNLOADS = [
    route("get", "/api/attachments/{attachment_id}", EVERYONE, attachment_id="shared_attachment"),
    route("get", "/api/attachments/{attachment_id}", MANAGERS_SEE,
          attachment_id="other_attachment"),
]  # fmt: skip


def extend_world(world, owner, agent, technician, subcontractor):
    """A holiday."""
    from datetime import date

    from rightthere.cases import opening_hours

    holiday = opening_hours.add_holiday(owner, day=date(2099, 12, 25), name="Christmas Day")
    return {"holiday": holiday.pk}


def add_photos(world):
    """A note with a photo on each of the world's two cases: their attachments' ids."""
    from rightthere.cases.actions import NewAttachment, record_message

    def photo(key):
        message = record_message(
            world.cases[key], actor=world.people["owner"], direction="note",
            body_text="The boiler's label.",
            attachments=[NewAttachment("label.jpg", b"\xff\xd8 a photo", "image/jpeg")],
        )  # fmt: skip
        return message.attachments.get().pk

    return {"shared_attachment": photo("shared_case"), "other_attachment": photo("other_case")}
