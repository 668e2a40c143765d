"""factory_boy factories for data the reference CSVs do not give (or more of it, for scale)."""

from __future__ import annotations

import datetime

import factory
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group

from memberstates.models import FocalPoint, MemberState, Treaty, TreatyStatus
from memberstates.roles import FOCAL_POINT, OBSERVER, SECRETARIAT
from memberstates.services.parties import parties_changed
from resolutions.models import Paragraph, Resolution, Session, Topic
from resolutions.services.obligations import sync_obligations

PASSWORD = "correct horse battery staple"


def _letters(n: int, width: int) -> str:
    letters = ""
    for _ in range(width):
        n, r = divmod(n, 26)
        letters = chr(ord("A") + r) + letters
    return letters


# Two-letter codes no AALCO member uses, so factories can add up to the UN's 193 states.
_AALCO_ISO2 = set(
    "BH BD BN CN CY IN ID IR IQ JP JO KW LB MY MN MM NP KP OM PK QA KR SA SG LK PS PH SY TH TR "
    "YE VN EG CM GM GH KE LY MU NG SN SL SO ZA SD TZ UG".split()
)
_FREE_ISO2 = [c for n in range(26 * 26) if (c := _letters(n, 2)) not in _AALCO_ISO2]


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = get_user_model()
        django_get_or_create = ("email",)
        skip_postgeneration_save = True

    email = factory.Sequence(lambda n: f"person{n}@example.org")
    name = factory.Faker("name")
    password = factory.django.Password(PASSWORD)

    @factory.post_generation
    def role(self, create: bool, extracted: str | None, **kwargs) -> None:
        if create and extracted:
            self.groups.add(Group.objects.get_or_create(name=extracted)[0])


class MemberStateFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = MemberState
        django_get_or_create = ("iso3",)
        skip_postgeneration_save = True

    # Alpha-3 codes starting with X are user-assigned: no clash with a real member state.
    name = factory.Sequence(lambda n: f"Testland {n}")
    iso3 = factory.Sequence(lambda n: "X" + _letters(n, 2))
    iso2 = factory.Sequence(lambda n: _FREE_ISO2[n % len(_FREE_ISO2)])
    joined_year = 1990
    region = "asia"

    @factory.post_generation
    def obligations(self, create: bool, extracted, **kwargs) -> None:
        if create:
            parties_changed(state_ids=[self.pk])  # as the services do for a new state


class FocalPointFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = FocalPoint

    user = factory.SubFactory(UserFactory, role=FOCAL_POINT)
    member_state = factory.SubFactory(MemberStateFactory)
    role = FocalPoint.Role.MAIN


class TreatyFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Treaty
        django_get_or_create = ("short_name",)

    short_name = factory.Sequence(lambda n: f"T{n}")
    title = factory.Sequence(lambda n: f"Convention number {n}")


class TreatyStatusFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = TreatyStatus
        skip_postgeneration_save = True

    member_state = factory.SubFactory(MemberStateFactory)
    treaty = factory.SubFactory(TreatyFactory)

    @factory.post_generation
    def obligations(self, create: bool, extracted, **kwargs) -> None:
        if create:
            parties_changed(state_ids=[self.member_state_id])


class SessionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Session
        django_get_or_create = ("number",)

    number = factory.Sequence(lambda n: 100 + n)
    year = factory.LazyAttribute(lambda o: 1960 + o.number)
    city = "New Delhi"
    country = "India"
    start_date = factory.LazyAttribute(lambda o: datetime.date(o.year, 9, 9))
    end_date = factory.LazyAttribute(lambda o: datetime.date(o.year, 9, 12))


class TopicFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Topic
        django_get_or_create = ("name",)

    name = factory.Sequence(lambda n: f"Work programme item {n}")


class ResolutionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Resolution

    session = factory.SubFactory(SessionFactory)
    topic = factory.SubFactory(TopicFactory)
    symbol = factory.Sequence(lambda n: f"AALCO/RES/TEST/S {n}")
    title = factory.LazyAttribute(lambda o: o.topic.name.upper())
    adopted_on = factory.LazyAttribute(
        lambda o: o.session.end_date or datetime.date(o.session.year, 9, 12)
    )
    deliberated = True


class ParagraphFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Paragraph
        skip_postgeneration_save = True

    resolution = factory.SubFactory(ResolutionFactory)
    kind = Paragraph.Kind.OPERATIVE
    number = factory.Sequence(lambda n: n + 1)
    order = factory.LazyAttribute(lambda o: o.number or 0)
    verb = "Requests"
    text = factory.LazyAttribute(
        lambda o: f"{o.verb} all Member States to report on measures taken ({o.number});"
    )
    requests_report = True
    addressees = Paragraph.Addressees.ALL

    @factory.post_generation
    def treaties(self, create: bool, extracted, **kwargs) -> None:
        if create and extracted:
            self.treaties.set(extracted)

    @factory.post_generation
    def obligations(self, create: bool, extracted, **kwargs) -> None:
        if create:  # after `treaties`: as the import service does
            sync_obligations(paragraph_ids=[self.pk])


ROLE_NAMES = {"secretariat": SECRETARIAT, "observer": OBSERVER, "focal_point": FOCAL_POINT}
