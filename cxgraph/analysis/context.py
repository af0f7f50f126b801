"""What the graph knows about a statement: who states it, and whom and what it is about.

The same words can be the customer's voice or the provider's: "Our planners see the
spare-part status within 30 minutes" is outside-in when the customer organisation states it
and inside-out when the provider does. The names matter too: a statement whose subject is
the provider's own name speaks from the provider's side, and one that names the service's
facility or support talks about something concrete.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum


class Party(StrEnum):
    """The side of the service relationship a statement comes from."""

    CUSTOMER = "customer"
    """The party that receives the service, or one of its people (users included)."""
    PROVIDER = "provider"
    UNKNOWN = "unknown"
    """Nobody recorded as stating it: the words alone decide."""


@dataclass(frozen=True)
class StatementContext:
    """The graph's facts about one outcome statement (all names lower-case)."""

    stated_by: Party = Party.UNKNOWN
    provider_names: tuple[str, ...] = ()
    """The provider's names and its teams': as a subject, they make a statement inside-out."""
    customer_names: tuple[str, ...] = ()
    service_terms: tuple[str, ...] = ()
    """Labels of the service, its facility (goods, actions) and its support."""

    @classmethod
    def of(
        cls,
        stated_by: Party | str = Party.UNKNOWN,
        *,
        provider_names: tuple[str, ...] = (),
        customer_names: tuple[str, ...] = (),
        service_terms: tuple[str, ...] = (),
    ) -> StatementContext:
        """A context with names normalised (lower case, sorted, no empty ones).

        Example:
            >>> StatementContext.of("customer", provider_names=("Northwind IT", "")).provider_names
            ('northwind it',)
        """
        return cls(
            Party(stated_by),
            _names(provider_names),
            _names(customer_names),
            _names(service_terms),
        )


NO_CONTEXT = StatementContext()


def _names(names: tuple[str, ...]) -> tuple[str, ...]:
    return tuple(sorted({n.strip().lower() for n in names if n.strip()}))
