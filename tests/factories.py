import datetime

import factory
from allauth.account.models import EmailAddress
from django.conf import settings
from django.contrib.auth import get_user_model
from wagtail.models import Locale

from themes.models import Measure, ProgressEvidenceLink, ProgressUpdate

DEFAULT_PASSWORD = "a-long-and-unusual-passphrase-42"


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = get_user_model()
        skip_postgeneration_save = True

    username = factory.Sequence(lambda n: f"user{n}")
    email = factory.Sequence(lambda n: f"user{n}@example.org")
    password = factory.PostGenerationMethodCall("set_password", DEFAULT_PASSWORD)

    @factory.post_generation
    def verified_email(self, create, extracted, **kwargs):
        if create:
            self.save()
            EmailAddress.objects.create(user=self, email=self.email, verified=True, primary=True)


def source_locale():
    return Locale.objects.get(language_code=settings.LANGUAGE_CODE)


class ProgressUpdateFactory(factory.django.DjangoModelFactory):
    """A published progress update, written in Azerbaijani, for an imported measure."""

    class Meta:
        model = ProgressUpdate

    measure = factory.LazyFunction(lambda: Measure.objects.get(code="5.5"))
    date = datetime.date(2021, 5, 1)
    summary = factory.Sequence(lambda n: f"<p>Görülən iş {n}</p>")
    live = True
    locale = factory.LazyFunction(source_locale)


class EvidenceLinkFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ProgressEvidenceLink

    update = factory.SubFactory(ProgressUpdateFactory)
    url = factory.Sequence(lambda n: f"https://example.az/sübut/{n}")
    title = factory.Sequence(lambda n: f"Sübut {n}")
