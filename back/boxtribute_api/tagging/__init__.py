"""Tags on boxes and beneficiaries alike: the TaggableResource union, assignTag and
unassignTag, and Tag.taggedResources. Above both the box and the beneficiary domain."""
