import factory

from rightthere.mail.models import Mailbox, Security


class MailboxFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Mailbox

    name = factory.Sequence(lambda n: f"Support {n}")
    host = "127.0.0.1"
    port = 143
    security = Security.NONE
    username = "desk"
    password_env = "RT_TEST_IMAP_PASSWORD"
