"""Generate a realistic synthetic cxgraph portfolio of a given size, as N-Triples or Turtle.

    python benchmarks/generate.py --triples 100000 --seed 1 -o build/bench/portfolio-100k.nt
    python benchmarks/generate.py --triples 100k --profile first-import -o build/bench/fi-100k.ttl
    python benchmarks/generate.py --triples 10000 --check      # also verify terms and statements

The portfolio follows examples/portfolio: providers with services (facility goods and actions,
support actions, four quality facets, touchpoints on channels), customers and users on value
maturity levels in service relationships, Successful Customer Outcomes with statements,
indicators (metric, target, unit, period) and measurements, transactional and benchmark
surveys with waves, responses and NPS, CSAT and CES scores, experience maps, gaps, improvement
plans, Kano features, customer requests and value perspectives.

Two profiles. `clean` (the default): about 1.5 % of the entities carry a planted error of a
kind the rules in shapes/ report (see `PLANTED`), so validation has findings at every size.
`first-import`: a catalogue loaded for the first time, about one finding per ten triples; most
outcomes lack indicators, statements are badly worded in many varied ways, many customers sit
far from their provider's level, many responses and scores are off scale. A file named `.ttl`
is written as Turtle (prefixed names, one subject per paragraph), any other as N-Triples. The output depends only on the size and
the seed: one `random.Random(seed)`, no clock, no set or dict iteration whose order could
vary, lines written as they are made (a million triples take a few seconds and little memory).
"""

from __future__ import annotations

import argparse
import math
import re
import sys
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from random import Random
from typing import TextIO

from portfolio_terms import (
    BAD_STATEMENTS,
    CES_QUESTION,
    CSAT_QUESTIONS,
    CUSTOMER_UNITS,
    CUSTOMERS_PER_PROVIDER,
    FIRST_NAMES,
    KANO,
    KINDS,
    LAST_NAMES,
    LEVELS,
    METRICS,
    NPS_QUESTION,
    ORGANISATIONS,
    PROVIDER_KINDS,
    PROVIDER_LEVELS,
    RELATIONSHIPS_PER_SERVICE,
    RESPONSES_PER_WAVE,
    SCORE_RANGES,
    SERVICES_PER_PROVIDER,
    SUBJECTS,
    USERS_PER_CUSTOMER,
    VALUE_TYPES,
    VARIED_BAD_STATEMENTS,
    WAVES_PER_SURVEY,
    Z_SCORES,
    Outcome,
    ServiceKind,
)

CX = "https://w3id.org/cxgraph#"
EX = "https://example.org/bench#"
RDF_TYPE = "<http://www.w3.org/1999/02/22-rdf-syntax-ns#type>"
LABEL = "<http://www.w3.org/2000/01/rdf-schema#label>"
XSD = "http://www.w3.org/2001/XMLSchema#"
UNIT = "http://qudt.org/vocab/unit/"
QUDT_UNIT = "<http://qudt.org/schema/qudt/Unit>"


@dataclass(frozen=True)
class Profile:
    """How often entities carry planted errors."""

    plant_rate: float
    """Chance that an entity able to carry a planted error carries one."""
    customer_plant_rate: float
    """Customers are few (about one entity in 500), so a maturity gap is planted more often."""
    outcome_weights: tuple[int, int, int, int] | None = None
    """Weights of bad statement, not stated, stated by provider, no indicator (None: even)."""
    varied_statements: bool = False
    """Bad statements vary in wording and numbers, as a real catalogue's do."""


PROFILES = {
    "clean": Profile(plant_rate=0.015, customer_plant_rate=0.05),
    "first-import": Profile(
        plant_rate=0.7,
        customer_plant_rate=0.6,
        outcome_weights=(5, 1, 1, 6),
        varied_statements=True,
    ),
}

PLANTED = {
    "service-without-support": "service-supported-facility",
    "service-without-facility": "service-supported-facility",
    "support-of-wrong-class": "service-supported-facility",
    "customer-maturity-mismatch": "maturity-mismatch",
    "customer-maturity-boundary": "maturity-boundary",
    "sco-bad-statement": "sco-outside-in / sco-measurable / sco-actionable",
    "sco-not-stated": "sco-stakeholder",
    "sco-stated-by-provider": "sco-stakeholder",
    "sco-without-indicator": "sco-indicator",
    "indicator-without-period": "sco-indicator",
    "indicator-without-unit": "sco-indicator",
    "indicator-target-as-string": "sco-indicator",
    "indicator-period-as-text": "sco-indicator",
    "indicator-unit-as-literal": "sco-indicator",
    "indicator-target-off-scale": "indicator-target-range",
    "score-off-scale": "metric-score-range",
    "response-off-scale": "survey-response-range",
    "survey-too-few-questions": "survey-transactional-design",
    "survey-question-off-scale": "survey-transactional-design",
    "wave-too-small": "survey-sample-size",
}
"""Every kind of planted error, and the rule expected to report it."""


# ---------------------------------------------------------------- N-Triples terms


def ex(local: str) -> str:
    return f"<{EX}{local}>"


def cx(term: str) -> str:
    return f"<{CX}{term}>"


def unit(name: str) -> str:
    return f"<{UNIT}{name}>"


def text(value: str, lang: str | None = None) -> str:
    escaped = value.replace("\\", "\\\\").replace('"', '\\"').replace("\n", "\\n")
    return f'"{escaped}"@{lang}' if lang else f'"{escaped}"'


def typed(value: object, datatype: str) -> str:
    return f'"{value}"^^<{XSD}{datatype}>'


def decimal(value: float) -> str:
    return typed(f"{value:.1f}", "decimal")


def integer(value: int, datatype: str = "integer") -> str:
    return typed(value, datatype)


def metric_node(key: str) -> str:
    """The IRI of a portfolio metric, or of an ontology metric written as `cx:Name`."""
    return cx(key[3:]) if key.startswith("cx:") else ex(f"metric-{key}")


# ---------------------------------------------------------------- the generator


@dataclass
class Provider:
    node: str
    level: int
    customers: list[Customer] = field(default_factory=list)


@dataclass
class Customer:
    node: str
    level: int
    users: list[str] = field(default_factory=list)


@dataclass
class Portfolio:
    """Makes the portfolio one service block at a time; each block is a list of lines."""

    rng: Random
    profile: Profile = PROFILES["clean"]
    planted: Counter[str] = field(default_factory=Counter)
    lines: list[str] = field(default_factory=list)
    provider: Provider | None = None
    services: int = 0

    def triple(self, subject: str, predicate: str, obj: str) -> None:
        self.lines.append(f"{subject} {predicate} {obj} .\n")

    def node(self, subject: str, cls: str, label: str) -> None:
        self.triple(subject, RDF_TYPE, cx(cls))
        self.triple(subject, LABEL, text(label, "en"))

    def plant(
        self,
        kinds: tuple[str, ...],
        rate: float | None = None,
        weights: tuple[int, ...] | None = None,
    ) -> str | None:
        """Decide whether this entity carries a planted error, and which one."""
        if self.rng.random() >= (self.profile.plant_rate if rate is None else rate):
            return None
        kind = self.rng.choices(kinds, weights)[0] if weights else self.rng.choice(kinds)
        self.planted[kind] += 1
        return kind

    def take(self) -> list[str]:
        block, self.lines = self.lines, []
        return block

    # ---- header: units and portfolio metrics

    def header(self) -> list[str]:
        for name, label in (
            ("HR", "hour"),
            ("DAY", "day"),
            ("MIN", "minute"),
            ("PERCENT", "percent"),
            ("DEG_F", "degree Fahrenheit"),
            ("UNITLESS", "unitless"),
        ):
            self.triple(unit(name), RDF_TYPE, QUDT_UNIT)
            self.triple(unit(name), LABEL, text(label, "en"))
        for key, metric in METRICS.items():
            node = metric_node(key)
            self.node(node, "Metric", metric.label)
            self.triple(node, cx("metricUnit"), unit(metric.unit))
            self.triple(node, cx("metricDirection"), cx(metric.direction))
        return self.take()

    # ---- parties

    def new_provider(self) -> Provider:
        index = self.services // SERVICES_PER_PROVIDER
        org = ORGANISATIONS[index % len(ORGANISATIONS)]
        level = self.rng.choice(PROVIDER_LEVELS)
        provider = Provider(ex(f"provider-{index:05d}"), level)
        label = f"{org} {PROVIDER_KINDS[index % len(PROVIDER_KINDS)]} ({index})"
        self.party(provider.node, "Provider", label, level)
        for number in range(CUSTOMERS_PER_PROVIDER):
            provider.customers.append(self.new_customer(index, number, org, level))
        self.other_stakeholders(index, org)
        self.benchmark_survey_questions(index)
        return provider

    def party(self, node: str, cls: str, label: str, level: int) -> None:
        self.node(node, cls, label)
        self.triple(node, cx("hasMaturityLevel"), cx(LEVELS[level - 1]))

    def new_customer(self, index: int, number: int, org: str, provider_level: int) -> Customer:
        node = ex(f"customer-{index:05d}-{number}")
        level = self.customer_level(provider_level)
        customer = Customer(node, level)
        unit_name = CUSTOMER_UNITS[(index + number) % len(CUSTOMER_UNITS)]
        self.party(node, "Customer", f"{org} {unit_name} ({index}.{number})", level)
        for user in range(USERS_PER_CUSTOMER):
            user_node = ex(f"user-{index:05d}-{number}-{user}")
            name = f"{self.rng.choice(FIRST_NAMES)} {self.rng.choice(LAST_NAMES)}"
            self.party(user_node, "User", name, level)
            self.triple(user_node, cx("isAuthorisedBy"), node)
            customer.users.append(user_node)
        return customer

    def customer_level(self, provider: int) -> int:
        """A level that fits the provider's (gap at most 1, same side), unless one is planted.

        A boundary gap (3 against 4) needs a provider at level 3 or 4; other providers get
        a mismatch of two levels instead.
        """
        kinds: tuple[str, ...] = ("customer-maturity-mismatch",)
        if provider in (3, 4):
            kinds += ("customer-maturity-boundary",)
        planted = self.plant(kinds, self.profile.customer_plant_rate)
        if planted == "customer-maturity-boundary":
            return 7 - provider
        if planted == "customer-maturity-mismatch":
            return provider + 2 if provider <= 3 else provider - 2
        if provider >= 4:
            return self.rng.choice((4, 5))
        return self.rng.choice(
            [lv for lv in (provider - 1, provider, provider + 1) if 1 <= lv <= 3]
        )

    def other_stakeholders(self, index: int, org: str) -> None:
        for cls, label, level in (
            ("Funder", f"{org} executive board ({index})", 5),
            ("Watcher", f"{org} internal audit ({index})", 3),
            ("Enabler", f"{org} network partner ({index})", 2),
        ):
            self.party(ex(f"{cls.lower()}-{index:05d}"), cls, label, level)

    # ---- one service and everything around it

    def service_block(self) -> list[str]:
        if self.services % SERVICES_PER_PROVIDER == 0:
            self.provider = self.new_provider()
        assert self.provider is not None
        number = self.services
        self.services += 1
        kind = KINDS[self.rng.randrange(len(KINDS))]
        service = ex(f"service-{number:06d}")
        planted = self.plant(
            ("service-without-support", "service-without-facility", "support-of-wrong-class")
        )
        self.node(service, "Service", f"{kind.name} service ({number})")
        self.triple(self.provider.node, cx("providesService"), service)
        facility = self.facility(number, kind, service, planted != "service-without-facility")
        support = self.support(number, kind, service, planted)
        self.facets(number, kind, service, has_support=support is not None)
        touchpoints = self.touchpoints(number, kind, service)
        customers = self.relationships(number, service)
        for position, outcome in enumerate(kind.outcomes):
            self.outcome(f"{number:06d}-{position}", outcome, service, facility, support, customers)
        self.transactional_survey(number, kind, service, touchpoints, customers)
        self.benchmark_wave(number, service)
        self.experience(number, kind, service, touchpoints)
        return self.take()

    def facility(self, number: int, kind: ServiceKind, service: str, linked: bool) -> str:
        facility = ex(f"facility-{number:06d}")
        if linked:
            self.triple(service, cx("hasFacility"), facility)
        self.node(facility, "Facility", f"{kind.name} facility ({number})")
        for position, (label, cls, owned) in enumerate(kind.goods):
            good = ex(f"good-{number:06d}-{position}")
            self.node(good, cls, label)
            self.triple(good, cx("ownershipTransferred"), typed(str(owned).lower(), "boolean"))
            self.triple(facility, cx("hasGood"), good)
        for position, label in enumerate(kind.actions):
            action = ex(f"action-{number:06d}-{position}")
            self.node(action, "Action", label)
            self.triple(facility, cx("hasAction"), action)
        return facility

    def support(
        self, number: int, kind: ServiceKind, service: str, planted: str | None
    ) -> str | None:
        if planted == "service-without-support":
            return None
        support = ex(f"support-{number:06d}")
        self.triple(service, cx("hasSupport"), support)
        # Planted: the support node is typed as an action, so sh:class cx:Support fails.
        cls = "ServiceAction" if planted == "support-of-wrong-class" else "Support"
        self.node(support, cls, f"{kind.name} support ({number})")
        for position, label in enumerate(kind.support_actions):
            action = ex(f"support-action-{number:06d}-{position}")
            self.node(action, "ServiceAction", label)
            self.triple(support, cx("hasSupportAction"), action)
        return support

    def facets(self, number: int, kind: ServiceKind, service: str, has_support: bool) -> None:
        facets = [
            ("FacilityFunctionality", "what the facility offers"),
            ("FacilityFunctioning", "how well the facility performs"),
        ]
        if has_support:
            facets += [
                ("SupportFunctionality", "what help users get"),
                ("SupportFunctioning", "how well the help is delivered"),
            ]
        for cls, requirement in facets:
            facet = ex(f"facet-{number:06d}-{cls}")
            self.node(facet, cls, f"{kind.name} {cls} ({number})")
            self.triple(
                facet, cx("facetRequirement"), text(f"{kind.name}: {requirement}, as agreed.")
            )
            self.triple(service, cx("hasQualityFacet"), facet)

    def touchpoints(self, number: int, kind: ServiceKind, service: str) -> list[str]:
        nodes = []
        for position, (label, channel) in enumerate(kind.touchpoints):
            touchpoint = ex(f"touchpoint-{number:06d}-{position}")
            self.node(touchpoint, "Touchpoint", label)
            self.triple(touchpoint, cx("viaChannel"), cx(channel))
            self.triple(service, cx("hasTouchpoint"), touchpoint)
            nodes.append(touchpoint)
        return nodes

    def relationships(self, number: int, service: str) -> list[Customer]:
        assert self.provider is not None
        customers = self.rng.sample(self.provider.customers, RELATIONSHIPS_PER_SERVICE)
        for position, customer in enumerate(customers):
            relationship = ex(f"relationship-{number:06d}-{position}")
            self.node(
                relationship, "ServiceRelationship", f"Service relationship {number}.{position}"
            )
            self.triple(relationship, cx("customer"), customer.node)
            self.triple(relationship, cx("provider"), self.provider.node)
            self.triple(relationship, cx("service"), service)
            self.triple(customer.node, cx("consumesService"), service)
        return customers

    # ---- outcomes

    def outcome(
        self,
        local: str,
        template: Outcome,
        service: str,
        facility: str,
        support: str | None,
        customers: list[Customer],
    ) -> None:
        planted = self.plant(
            (
                "sco-bad-statement",
                "sco-not-stated",
                "sco-stated-by-provider",
                "sco-without-indicator",
            ),
            weights=self.profile.outcome_weights,
        )
        target = self.rng.choice(template.targets)
        customer = self.rng.choice(customers)
        node = ex(f"outcome-{local}")
        statement = template.statement
        if planted == "sco-bad-statement" and self.profile.varied_statements:
            statement = self.varied_bad_statement(service)
        elif planted == "sco-bad-statement":
            statement = self.rng.choice(BAD_STATEMENTS)
        self.node(node, "SuccessfulCustomerOutcome", f"Outcome {local}")
        self.triple(node, cx("statement"), text(statement.format(n=target), "en"))
        self.stated_by(node, planted, customer)
        self.triple(node, cx("isAddressedBy"), service)
        if template.concerns == "support" and support is not None:
            self.triple(node, cx("concernsSupport"), support)
        else:
            self.triple(node, cx("concernsFacility"), facility)
        self.triple(node, cx("hasOutcomeOwner"), customer.node)
        if planted != "sco-without-indicator":
            self.indicator(local, template, node, target)

    def varied_bad_statement(self, service: str) -> str:
        """A badly worded statement, different from most others in the portfolio."""
        template = self.rng.choice(VARIED_BAD_STATEMENTS)
        subject = self.rng.choice(SUBJECTS)
        return template.format(subject=subject, n="{n}", m=self.rng.randint(2, 48))

    def stated_by(self, node: str, planted: str | None, customer: Customer) -> None:
        assert self.provider is not None
        if planted == "sco-not-stated":
            return
        if planted == "sco-stated-by-provider":
            self.triple(node, cx("isStatedBy"), self.provider.node)
        else:
            self.triple(node, cx("isStatedBy"), self.rng.choice([customer.node, *customer.users]))

    def indicator(self, local: str, template: Outcome, outcome: str, target: int) -> None:
        kinds: tuple[str, ...] = (
            "indicator-without-period",
            "indicator-without-unit",
            "indicator-target-as-string",
            "indicator-period-as-text",
            "indicator-unit-as-literal",
        )
        if template.metric.startswith("cx:"):
            kinds += ("indicator-target-off-scale",)
        planted = self.plant(kinds)
        node = ex(f"indicator-{local}")
        self.triple(outcome, cx("isMeasuredBy"), node)
        self.node(node, "Indicator", f"Indicator {local}")
        self.triple(node, cx("metric"), metric_node(template.metric))
        self.triple(node, cx("targetComparison"), cx(template.comparison))
        value = 6.0 if planted == "indicator-target-off-scale" else float(target)
        target_term = (
            typed(str(target), "string")
            if planted == "indicator-target-as-string"
            else decimal(value)
        )
        self.triple(node, cx("targetValue"), target_term)
        unit_name = METRICS[template.metric].unit if template.metric in METRICS else "UNITLESS"
        if planted == "indicator-unit-as-literal":
            self.triple(node, cx("unit"), text(unit_name.lower()))
        elif planted != "indicator-without-unit":
            self.triple(node, cx("unit"), unit(unit_name))
        if planted == "indicator-period-as-text":
            self.triple(node, cx("period"), text("every month"))
        elif planted != "indicator-without-period":
            self.triple(node, cx("period"), typed(template.period, "duration"))
        self.measurements(local, node, float(target))

    def measurements(self, local: str, indicator: str, target: float) -> None:
        for month in (1, 2):
            node = ex(f"measurement-{local}-{month}")
            self.node(node, "Measurement", f"Measurement {local}, month {month}")
            self.triple(node, cx("measuresIndicator"), indicator)
            self.triple(node, cx("measuredValue"), decimal(target * self.rng.uniform(0.8, 1.2)))
            self.triple(node, cx("measuredAt"), typed(f"2025-{month:02d}-28T17:00:00Z", "dateTime"))

    # ---- surveys

    def transactional_survey(
        self,
        number: int,
        kind: ServiceKind,
        service: str,
        touchpoints: list[str],
        customers: list[Customer],
    ) -> None:
        survey = ex(f"survey-{number:06d}")
        planted = self.plant(("survey-too-few-questions", "survey-question-off-scale"))
        self.node(survey, "TransactionalSurvey", f"{kind.name} follow-up survey ({number})")
        self.triple(survey, cx("surveysService"), service)
        self.triple(survey, cx("sentAtTouchpoint"), self.rng.choice(touchpoints))
        count = 1 if planted == "survey-too-few-questions" else 5
        questions = []
        for position, wording in enumerate(self.rng.sample(CSAT_QUESTIONS, count)):
            high = 10 if planted == "survey-question-off-scale" and position == 0 else 5
            questions.append(
                self.question(
                    survey, f"{number:06d}-{position}", wording, 1, high, "CustomerSatisfactionMean"
                )
            )
        nps = NPS_QUESTION.format(service=f"{kind.name.lower()} service")
        questions.append(self.question(survey, f"{number:06d}-nps", nps, 0, 10, "NetPromoterScore"))
        users = [user for customer in customers for user in customer.users]
        for wave in range(WAVES_PER_SURVEY):
            self.wave(f"{number:06d}-{wave}", survey, service, questions, users, 2024 + wave)

    def question(
        self, survey: str, local: str, wording: str, low: int, high: int, metric: str
    ) -> tuple[str, int, int]:
        node = ex(f"question-{local}")
        self.node(node, "Question", f"Question {local}")
        self.triple(node, cx("questionText"), text(wording))
        self.triple(node, cx("questionScaleMinimum"), integer(low))
        self.triple(node, cx("questionScaleMaximum"), integer(high))
        self.triple(node, cx("questionMetric"), cx(metric))
        self.triple(survey, cx("hasQuestion"), node)
        return node, low, high

    def benchmark_survey_questions(self, index: int) -> None:
        survey = ex(f"benchmark-{index:05d}")
        self.node(survey, "BenchmarkSurvey", f"Annual benchmark survey ({index})")
        self.question(
            survey, f"benchmark-{index:05d}-ces", CES_QUESTION, 1, 5, "CustomerEffortScore"
        )
        self.question(
            survey,
            f"benchmark-{index:05d}-csat",
            CSAT_QUESTIONS[0],
            1,
            5,
            "CustomerSatisfactionMean",
        )

    def benchmark_wave(self, number: int, service: str) -> None:
        """Each service gets its own wave of the provider's benchmark survey."""
        index = (self.services - 1) // SERVICES_PER_PROVIDER
        survey = ex(f"benchmark-{index:05d}")
        questions = [
            (ex(f"question-benchmark-{index:05d}-ces"), 1, 5),
            (ex(f"question-benchmark-{index:05d}-csat"), 1, 5),
        ]
        assert self.provider is not None
        users = [user for customer in self.provider.customers for user in customer.users]
        self.triple(survey, cx("surveysService"), service)
        self.wave(
            f"benchmark-{number:06d}",
            survey,
            service,
            questions,
            users,
            2025,
            scores=("CustomerEffortScore", "CustomerSatisfactionMean"),
        )

    def wave(
        self,
        local: str,
        survey: str,
        service: str,
        questions: list[tuple[str, int, int]],
        users: list[str],
        year: int,
        scores: tuple[str, ...] = ("NetPromoterScore", "CustomerSatisfactionMean"),
    ) -> None:
        node = ex(f"wave-{local}")
        self.node(node, "SurveyWave", f"Wave {local} ({year})")
        self.triple(node, cx("waveOf"), survey)
        self.wave_sample(node)
        for position in range(RESPONSES_PER_WAVE):
            self.response(
                f"{local}-{position}",
                node,
                self.rng.choice(questions),
                self.rng.choice(users),
                year,
            )
        for metric in scores:
            self.score(f"{local}-{metric}", node, service, metric)

    def wave_sample(self, node: str) -> None:
        """Population, sample and confidence; the sample misses the target only if planted."""
        population = self.rng.choice((200, 500, 1000, 2000, 5000, 10000))
        confidence = self.rng.choice(("0.95", "0.95", "0.95", "0.90", "0.99"))
        target = self.rng.choice((0.05, 0.05, 0.1))
        z = Z_SCORES[confidence]
        n0 = z * z * 0.25 / (target * target)
        required = min(population, math.ceil(n0 / (1 + (n0 - 1) / population)))
        if self.plant(("wave-too-small",)):
            sample = max(1, required * 6 // 10)
        else:
            sample = min(population, required + 5 + self.rng.randrange(50))
        self.triple(node, cx("populationSize"), integer(population, "nonNegativeInteger"))
        self.triple(node, cx("sampleSize"), integer(sample, "nonNegativeInteger"))
        self.triple(node, cx("confidenceLevel"), typed(confidence, "decimal"))
        self.triple(node, cx("targetMarginOfError"), typed(f"{target:.2f}", "decimal"))

    def response(
        self, local: str, wave: str, question: tuple[str, int, int], user: str, year: int
    ) -> None:
        node, low, high = question
        value = float(self.rng.randint(low, high))
        if self.plant(("response-off-scale",)):
            value = float(high + 1)
        response = ex(f"response-{local}")
        self.node(response, "Response", f"Response {local}")
        self.triple(response, cx("answersQuestion"), node)
        self.triple(response, cx("respondent"), user)
        self.triple(response, cx("responseValue"), decimal(value))
        day = self.rng.randint(1, 28)
        self.triple(
            response, cx("respondedAt"), typed(f"{year}-03-{day:02d}T10:00:00Z", "dateTime")
        )
        self.triple(response, cx("inWave"), wave)

    def score(self, local: str, wave: str, service: str, metric: str) -> None:
        low, high, off_scale = SCORE_RANGES[metric]
        value = self.rng.uniform(low, high)
        if self.plant(("score-off-scale",)):
            value = off_scale
        node = ex(f"score-{local}")
        self.node(node, "MetricScore", f"{metric} {local}")
        self.triple(node, cx("scoreOfMetric"), cx(metric))
        self.triple(node, cx("scoreValue"), decimal(value))
        self.triple(node, cx("scoredService"), service)
        self.triple(node, cx("computedFromWave"), wave)

    # ---- experience: map, gap and plan, feature, requests, value

    def experience(
        self, number: int, kind: ServiceKind, service: str, touchpoints: list[str]
    ) -> None:
        experience_map = ex(f"experience-map-{number:06d}")
        self.node(experience_map, "ExperienceMap", f"{kind.name} experience map ({number})")
        self.triple(experience_map, cx("mapsService"), service)
        for cls, touchpoint in zip(
            ("PositiveInfluencer", "NegativeImpact"), touchpoints, strict=False
        ):
            influence = ex(f"influence-{number:06d}-{cls}")
            self.node(influence, cls, f"{cls} at {kind.name.lower()} touchpoint ({number})")
            self.triple(influence, cx("atTouchpoint"), touchpoint)
            self.triple(experience_map, cx("hasInfluence"), influence)
        feature = ex(f"feature-{number:06d}")
        self.node(feature, "Feature", f"{kind.name} feature ({number})")
        self.triple(feature, cx("hasKanoCategory"), cx(self.rng.choice(KANO)))
        self.triple(feature, cx("isFeatureOf"), service)
        for cls in ("Incident", "ServiceRequest"):
            request = ex(f"{cls.lower()}-{number:06d}")
            self.node(request, cls, f"{cls} about {kind.name.lower()} ({number})")
            self.triple(request, cx("concernsService"), service)
        if number % 5 == 0:
            self.gap_and_plan(number, kind, service)
        self.value_perspective(number, kind, service)

    def gap_and_plan(self, number: int, kind: ServiceKind, service: str) -> None:
        gap = ex(f"gap-{number:06d}")
        self.node(gap, "ExperienceGap", f"{kind.name} gap ({number})")
        self.triple(
            gap, cx("customerNeed"), text(f"{kind.name} that works the same at every site.")
        )
        self.triple(gap, cx("currentDelivery"), text(f"{kind.name} works at head office only."))
        analysis = ex(f"gap-analysis-{number:06d}")
        self.node(analysis, "GapAnalysis", f"{kind.name} gap analysis ({number})")
        self.triple(analysis, cx("identifiesGap"), gap)
        plan = ex(f"improvement-plan-{number:06d}")
        self.node(plan, "ServiceImprovementPlan", f"{kind.name} improvement plan ({number})")
        self.triple(plan, cx("improvesService"), service)
        self.triple(plan, cx("addressesGap"), gap)
        self.triple(plan, cx("plannedSurvey"), ex(f"survey-{number:06d}"))
        self.triple(plan, cx("atStage"), cx("ServiceDesign"))
        self.triple(
            plan, cx("criticalSuccessFactor"), text("The same service level at every site.")
        )

    def value_perspective(self, number: int, kind: ServiceKind, service: str) -> None:
        index = (self.services - 1) // SERVICES_PER_PROVIDER
        node = ex(f"value-{number:06d}")
        self.node(node, "ValuePerspective", f"{kind.name} as the board sees it ({number})")
        self.triple(node, cx("isPerspectiveOf"), ex(f"funder-{index:05d}"))
        self.triple(node, cx("concernsValueOf"), service)
        self.triple(node, cx("valueType"), cx(self.rng.choice(VALUE_TYPES)))
        self.triple(
            node, cx("perceivedValue"), text(f"{kind.name} lets staff get on with their work.")
        )


# ---------------------------------------------------------------- writing


def write_portfolio(
    out: TextIO, triples: int, seed: int, profile: str = "clean", turtle: bool = False
) -> tuple[int, Counter[str]]:
    """Write service blocks while each brings the count closer to `triples`.

    Returns the number of triples written and the planted errors in the written blocks
    (the block made last, and not written, does not count).
    """
    portfolio = Portfolio(Random(seed), PROFILES[profile])
    turtle_writer = TurtleWriter(out) if turtle else None
    write = turtle_writer.write if turtle_writer else out.writelines
    header = portfolio.header()
    write(header)
    written = len(header)
    while True:
        planted = portfolio.planted.copy()
        block = portfolio.service_block()
        if abs(written + len(block) - triples) >= abs(written - triples):
            break
        write(block)
        written += len(block)
    if turtle_writer:
        turtle_writer.close()
    return written, planted


TURTLE_PREFIXES = {
    EX: "ex:",
    CX: "cx:",
    XSD: "xsd:",
    UNIT: "unit:",
    "http://www.w3.org/2000/01/rdf-schema#": "rdfs:",
    "http://qudt.org/schema/qudt/": "qudt:",
}
IRI = re.compile(r"<([^>]*[#/])([A-Za-z0-9_][A-Za-z0-9_-]*)>")


class TurtleWriter:
    """Turns the generator's N-Triples lines into Turtle as a person would write it.

    Prefixed names, `a` for rdf:type, and one paragraph per subject with `;` between its
    statements. Lines come in blocks in which a subject's triples are mostly adjacent; a
    subject met again later simply starts a new paragraph, which Turtle allows.
    """

    def __init__(self, out: TextIO) -> None:
        self.out = out
        self.subject: str | None = None
        for namespace, prefix in TURTLE_PREFIXES.items():
            out.write(f"@prefix {prefix} <{namespace}> .\n")
        out.write("\n")

    @staticmethod
    def compact(term: str) -> str:
        def prefixed(match: re.Match[str]) -> str:
            prefix = TURTLE_PREFIXES.get(match.group(1))
            return f"{prefix}{match.group(2)}" if prefix else match.group(0)

        return IRI.sub(prefixed, term) if term.startswith("<") or "^^<" in term else term

    def write(self, lines: list[str]) -> None:
        for line in lines:
            subject, predicate, rest = line.split(" ", 2)
            obj = self.compact(rest[: -len(" .\n")])
            predicate = "a" if predicate == RDF_TYPE else self.compact(predicate)
            if subject == self.subject:
                self.out.write(f" ;\n    {predicate} {obj}")
                continue
            if self.subject is not None:
                self.out.write(" .\n\n")
            self.subject = subject
            self.out.write(f"{self.compact(subject)} {predicate} {obj}")

    def close(self) -> None:
        if self.subject is not None:
            self.out.write(" .\n")


def size(text: str) -> int:
    """Parse 10k, 1M, 100000 into a number of triples."""
    match = re.fullmatch(r"(\d+(?:\.\d+)?)([kKmM]?)", text.strip())
    if not match:
        raise argparse.ArgumentTypeError(f"not a size: {text!r} (use 10k, 1M or a number)")
    factor = {"": 1, "k": 1_000, "m": 1_000_000}[match.group(2).lower()]
    return round(float(match.group(1)) * factor)


def generate(
    path: Path, triples: int, seed: int = 1, profile: str = "clean"
) -> tuple[int, Counter[str]]:
    """Write the portfolio to `path` (via a temporary file, so a cached file is never half).

    Turtle when the name ends in `.ttl`, N-Triples otherwise.
    """
    path.parent.mkdir(parents=True, exist_ok=True)
    partial = path.with_suffix(path.suffix + ".partial")
    with partial.open("w", encoding="utf-8", newline="\n") as out:
        result = write_portfolio(out, triples, seed, profile, turtle=path.suffix == ".ttl")
    partial.replace(path)
    return result


# ---------------------------------------------------------------- --check


def named_terms() -> set[str]:
    """Every cx: term the tables name, whether or not a given run happens to use it."""
    local = {*LEVELS, *KANO, *VALUE_TYPES, *SCORE_RANGES, "ServiceDesign"}
    for metric in METRICS.values():
        local.add(metric.direction)
    for kind in KINDS:
        local.update(cls for _, cls, _ in kind.goods)
        local.update(channel for _, channel in kind.touchpoints)
        local.update(o.comparison for o in kind.outcomes)
        local.update(o.metric[3:] for o in kind.outcomes if o.metric.startswith("cx:"))
    return {CX + name for name in local}


def undeclared_terms(path: Path) -> list[str]:
    """cx: terms the file or the tables use that the ontology does not declare."""
    from cxgraph.ontology import cx_terms, load_ontology

    declared = {str(term) for term in cx_terms(load_ontology())}
    used = set(re.findall(rf"<({re.escape(CX)}[^>]*)>", path.read_text(encoding="utf-8")))
    return sorted((used | named_terms()) - declared)


def misjudged_statements() -> list[str]:
    """Template statements the analyzer does not judge as intended (good ones clean, bad ones flagged)."""
    from cxgraph.analysis.statements import judge_statement

    wrong = []
    good = {o.statement for kind in KINDS for o in kind.outcomes}
    for statement in sorted(good):
        if judge_statement(statement.format(n=3)).cues:
            wrong.append(f"good statement flagged: {statement}")
    for statement in BAD_STATEMENTS:
        if not judge_statement(statement.format(n=90)).cues:
            wrong.append(f"bad statement passes: {statement}")
    return wrong


def check(path: Path) -> int:
    problems = [f"undeclared term: {term}" for term in undeclared_terms(path)]
    problems += misjudged_statements()
    for problem in problems:
        print(problem, file=sys.stderr)
    print("check: ok" if not problems else f"check: {len(problems)} problems")
    return 1 if problems else 0


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "--triples", type=size, default=size("100k"), help="target size, e.g. 10k, 1M"
    )
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--profile", choices=sorted(PROFILES), default="clean")
    parser.add_argument(
        "-o",
        "--output",
        type=Path,
        default=None,
        help="default build/bench/portfolio-SIZE.nt; a .ttl name writes Turtle",
    )
    parser.add_argument(
        "--check", action="store_true", help="verify cx: terms and statement judgements"
    )
    args = parser.parse_args(argv)
    path = args.output or Path("build/bench") / f"portfolio-{args.triples}.nt"
    count, planted = generate(path, args.triples, args.seed, args.profile)
    print(f"{count} triples written to {path}")
    print("planted: " + ", ".join(f"{kind} {planted[kind]}" for kind in PLANTED if planted[kind]))
    return check(path) if args.check else 0


if __name__ == "__main__":
    sys.exit(main())
