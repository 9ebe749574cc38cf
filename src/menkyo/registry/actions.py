"""Audit action names of the register (``registry.<object>.<verb>``)."""

from enum import StrEnum


class Action(StrEnum):
    LOOKUP_OPEN = "registry.lookup.open"  # audited when refused (registry.look_up_holder)
    LICENCE_READ = "registry.licence.read"
    PERSON_READ = "registry.person.read"
    PERSON_CHANGE = "registry.person.change"
    HOLDER_REGISTER = "registry.holder.register"
    PROVISIONAL_REGISTER = "registry.provisional.register"
    SEED_BATCH = "registry.seed.batch"  # one event per batch of synthetic holders (menkyo seed)
