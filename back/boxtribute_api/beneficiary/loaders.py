from ..api.loaders import ListLoader, Loader
from ..user import store as user_store
from . import store


class BeneficiaryById(Loader):
    """Any beneficiary (a family head, a transaction's beneficiary): the original
    checks nothing for these."""

    fetch = staticmethod(store.beneficiaries_by_id)


class LanguagesOfBeneficiary(ListLoader):
    fetch = staticmethod(store.language_ids_of_beneficiaries)


class TransactionsOfBeneficiary(ListLoader):
    fetch = staticmethod(store.transactions_of_beneficiaries)


class TokensOfBeneficiary(Loader):
    fetch = staticmethod(store.tokens_of_beneficiaries)
    missing = 0


class TagsOfBeneficiary(ListLoader):
    fetch = staticmethod(store.tags_of_beneficiaries)


class TransactionUserById(Loader):
    """The user of a transaction: unlike other users, read without user:read, as the
    original follows the row's foreign key."""

    fetch = staticmethod(user_store.users_by_id)
