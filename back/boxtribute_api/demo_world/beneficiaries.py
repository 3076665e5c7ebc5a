"""The people of every base: families of beneficiaries with their languages, tags and
transactions in the free shop."""

from __future__ import annotations

import datetime

from .bases import TagsByBase, tag_object
from .users import staff
from .vocabulary import ACTIVE_BASES, BOXES_END, BOXES_START
from .world import World


def build_beneficiaries(world: World, products_by_base: dict[int, list[dict]], tags: TagsByBase):
    for base_id in ACTIVE_BASES:
        families = 10 if base_id == 1 else 3
        base_staff = staff(base_id)
        people_tags = [t for t in tags[base_id] if t["type"] in ("People", "All")]
        for family in range(families):
            size = world.rng.randint(1, 4)
            head_id = None
            last_name = world.fake.last_name()
            container = f"{base_id}{family + 1:03d}"
            created = world.moment(BOXES_START, BOXES_END)
            creator = world.rng.choice(base_staff)
            for member in range(size):
                beneficiary_id = world.new_id("Beneficiary")
                gender = world.rng.choice(["M", "F", "F", "M", ""])
                first_name = (
                    world.fake.first_name_male()
                    if gender == "M"
                    else world.fake.first_name_female()
                )
                adult = member == 0 or world.rng.random() < 0.3
                age_days = (
                    world.rng.randrange(18 * 365, 70 * 365)
                    if adult
                    else (world.rng.randrange(100, 17 * 365))
                )
                deleted = base_id == 1 and family == 1 and member == 0
                world.add(
                    "Beneficiary",
                    id=beneficiary_id,
                    family_head=head_id,
                    seq=member + 1,
                    first_name=first_name,
                    last_name=last_name,
                    date_of_birth=(BOXES_END - datetime.timedelta(days=age_days)).date(),
                    gender=gender,
                    family_id=head_id or beneficiary_id,
                    visible=1,
                    created_on=created,
                    created_by=creator,
                    last_modified_on=created,
                    last_modified_by=creator,
                    url=None,
                    group_identifier=container,
                    tent="",
                    email="",
                    password="",
                    language=world.rng.choice([2, 5, 5, 6]),
                    reset_password=None,
                    comment=world.fake.sentence(nb_words=5) if world.rng.random() < 0.3 else "",
                    workshop_training=0,
                    workshop_supervisor=0,
                    phone_number=None,
                    bicycle_training=0,
                    base=base_id,
                    deleted_on=world.later(created, 24 * 60) if deleted else None,
                    extra_portion=0,
                    not_registered=world.rng.random() < 0.1,
                    workshop_ban=None,
                    bicycle_ban=None,
                    bicycle_ban_comment="",
                    workshop_ban_comment="",
                    is_volunteer=world.rng.random() < 0.15,
                    laundry_block=False,
                    laundry_comment=None,
                    signed=world.rng.random() < 0.7,
                    signature=None,
                    date_of_signature=None,
                    custom_field1_value=None,
                    custom_field2_value=None,
                    custom_field3_value=None,
                    custom_field4_value=None,
                )
                world.log("people", beneficiary_id, "Record created", creator, created)
                if head_id is None:
                    head_id = beneficiary_id
                for language_id in world.rng.sample([2, 3, 5, 6, 7], world.rng.randint(1, 2)):
                    world.add(
                        "BeneficiaryLanguage", beneficiary=beneficiary_id, language=language_id
                    )
                if people_tags and world.rng.random() < 0.5:
                    tag = world.rng.choice(people_tags)
                    tag_object(world, tag, "People", beneficiary_id, created, creator)
                if world.rng.random() < 0.4:
                    product = world.rng.choice(products_by_base[base_id])
                    count = world.rng.randint(1, 3)
                    when = world.later(created, 24 * 20)
                    world.add(
                        "Transaction",
                        beneficiary=beneficiary_id,
                        product=product["id"],
                        count=count,
                        description="",
                        tokens=-count * product["price"],
                        transaction_date=when,
                        user=creator,
                        created_on=when,
                        created_by=creator,
                        last_modified_on=None,
                        last_modified_by=None,
                    )


# -- boxes --
