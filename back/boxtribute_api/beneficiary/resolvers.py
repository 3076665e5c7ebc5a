from ariadne import EnumType, ObjectType

from .loaders import TagsOfBeneficiary

beneficiary_type = ObjectType("Beneficiary")
# people.gender: 'M', 'F', or '' (diverse; read as 'D' where an answer is computed).
human_gender_enum = EnumType("HumanGender", {"Male": "M", "Female": "F", "Diverse": "D"})


@beneficiary_type.field("tags")
def resolve_beneficiary_tags(beneficiary, info):
    return TagsOfBeneficiary.of(info).load(beneficiary.id)


bindables = [beneficiary_type, human_gender_enum]
