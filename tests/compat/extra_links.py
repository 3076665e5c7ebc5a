"""Documents of our own for shareable links and the public service:
createShareableLink with every input field and every answer field (the frontend's
sends neither `validUntil` nor asks for more than the code), resolveLink with the
error members' fields, which the statistics frontend's document does not ask for,
and the public service's figures."""

from __future__ import annotations

LINKS: dict[str, tuple[str, ...]] = {
    "ExtraCreateShareableLink": (
        "mutation",
        """mutation ExtraCreateShareableLink($input: LinkCreationInput) {
  createShareableLink(creationInput: $input) {
    __typename
    ... on ShareableLink {
      id code urlParameters view validUntil createdOn
      base { id name }
      createdBy { id name }
    }
    ... on InvalidDateError { date }
    ... on InsufficientPermissionError { name }
    ... on UnauthorizedForBaseError { id name organisationName }
  }
}
""",
    ),
    "ExtraResolveLink": (
        "query",
        """query ExtraResolveLink($code: String!) {
  resolveLink(code: $code) {
    __typename
    ... on ResolvedLink {
      id code baseName organisationName urlParameters view validUntil
      data { __typename }
    }
    ... on ExpiredLinkError { expiredOn: validUntil }
    ... on UnknownLinkError { code }
  }
}
""",
        "public",
    ),
    "ExtraPublicFigures": (
        "query",
        """query ExtraPublicFigures($start: Datetime, $end: Datetime, $duration: Int) {
  newlyCreatedBoxNumbers(start: $start, end: $end, duration: $duration)
  newlyRegisteredBeneficiaryNumbers(start: $start, end: $end, duration: $duration)
  reachedBeneficiariesNumbers(start: $start, end: $end, duration: $duration)
}
""",
        "public",
    ),
}
