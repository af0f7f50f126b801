"""What the benchmark portfolios are made of: service kinds, outcome templates, metrics, names.

Kept apart from the generator (benchmarks/generate.py) so the generator's code reads as code;
every class and individual named here (as a local name in the cx: namespace) is checked against
the ontology by `python benchmarks/generate.py --check`.
"""

from __future__ import annotations

from typing import NamedTuple


class Metric(NamedTuple):
    label: str
    unit: str
    direction: str


class Outcome(NamedTuple):
    """An outcome template: `{n}` in the statement is the indicator's target."""

    statement: str
    metric: str
    comparison: str
    targets: tuple[int, ...]
    period: str
    concerns: str  # "facility" or "support"


class ServiceKind(NamedTuple):
    name: str
    goods: tuple[tuple[str, str, bool], ...]  # label, class, ownership transferred
    actions: tuple[str, ...]
    support_actions: tuple[str, ...]
    touchpoints: tuple[tuple[str, str], ...]  # label, channel
    outcomes: tuple[Outcome, ...]


METRICS: dict[str, Metric] = {
    "failure-to-working-time": Metric("Time from failure to working again", "HR", "LowerIsBetter"),
    "days-to-ready-laptop": Metric(
        "Working days from order to a ready laptop", "DAY", "LowerIsBetter"
    ),
    "full-access-share": Metric(
        "Share of new starters with full access on day one", "PERCENT", "HigherIsBetter"
    ),
    "password-reset-duration": Metric("Time to reset a password", "MIN", "LowerIsBetter"),
    "days-to-close": Metric("Working days from month-end to closed books", "DAY", "LowerIsBetter"),
    "room-temperature": Metric("Room temperature", "DEG_F", "HigherIsBetter"),
    "room-booking-time": Metric("Time to book a meeting room", "MIN", "LowerIsBetter"),
    "days-to-phone": Metric("Working days from order to a working phone", "DAY", "LowerIsBetter"),
    "time-to-print": Metric("Time from arrival to a first print", "MIN", "LowerIsBetter"),
    "days-to-reimbursement": Metric("Working days from claim to payment", "DAY", "LowerIsBetter"),
    "call-join-time": Metric("Time to join a video call", "MIN", "LowerIsBetter"),
    "check-in-time": Metric("Time from arrival to the room", "MIN", "LowerIsBetter"),
    "bill-answer-time": Metric("Working days to answer a billing question", "DAY", "LowerIsBetter"),
}
"""Portfolio metrics, declared once; the CX metrics (NPS, CSAT, CES) come from the ontology."""

CSAT_OUTCOME = Outcome(
    "I can get my problem solved in one call, and I rate that call at least {n} out of 5.",
    "cx:CustomerSatisfactionMean",
    "AtLeast",
    (4,),
    "P3M",
    "support",
)
"""Measured by a CX metric of the ontology, so its target has a scale to be checked against."""

KINDS: tuple[ServiceKind, ...] = (
    ServiceKind(
        "Workplace laptop",
        (
            ("Use of a standard business laptop", "ResourceAccess", False),
            ("USB headset", "Good", True),
        ),
        ("Laptop imaging with the standard build", "Swap of a broken laptop for a spare"),
        ("Service desk triage", "Desk-side repair visit"),
        (("Service desk phone line", "TelephoneChannel"), ("Walk-in tech bar", "InPersonChannel")),
        (
            Outcome(
                "When my laptop breaks, I am working again on a replacement within {n} hours.",
                "failure-to-working-time",
                "AtMost",
                (2, 3, 4),
                "P1M",
                "support",
            ),
            Outcome(
                "I can use a new laptop with all my files within {n} working days of ordering it.",
                "days-to-ready-laptop",
                "AtMost",
                (1, 2, 3),
                "P3M",
                "facility",
            ),
            CSAT_OUTCOME,
        ),
    ),
    ServiceKind(
        "New-starter access",
        (
            ("Use of a personal network and mail account", "ResourceAccess", False),
            ("Use of the role's business applications", "ResourceAccess", False),
        ),
        ("Role-based account provisioning",),
        ("First-day walkthrough with a buddy", "Help with resetting a password"),
        (("Self-service portal", "VirtualChannel"), ("Welcome pack email", "EmailChannel")),
        (
            Outcome(
                "I can use every application my job needs by the end of my first working day.",
                "full-access-share",
                "AtLeast",
                (90, 95, 98),
                "P3M",
                "facility",
            ),
            Outcome(
                "I can reset my password in under {n} minutes.",
                "password-reset-duration",
                "AtMost",
                (2, 3, 5),
                "P1M",
                "support",
            ),
        ),
    ),
    ServiceKind(
        "Finance close support",
        (("Use of the consolidation workspace", "ResourceAccess", False),),
        ("Intercompany reconciliation run", "Period lock and roll-forward"),
        ("Extended-hours finance desk during the close",),
        (("Service desk phone line", "TelephoneChannel"), ("Request update email", "EmailChannel")),
        (
            Outcome(
                "Our finance team closes the books within {n} working days of month-end.",
                "days-to-close",
                "AtMost",
                (3, 4, 5),
                "P1M",
                "facility",
            ),
        ),
    ),
    ServiceKind(
        "Office climate",
        (("Use of heated and cooled office floors", "ResourceAccess", False),),
        ("Operation of the heating and cooling plant",),
        ("Handling of too-hot and too-cold calls", "Planned maintenance of the heating units"),
        (
            ("Facilities desk at reception", "InPersonChannel"),
            ("Service desk phone line", "TelephoneChannel"),
        ),
        (
            Outcome(
                "Keep our office at {n} °F whenever we are at work.",
                "room-temperature",
                "Exactly",
                (70, 71, 72),
                "P1D",
                "facility",
            ),
        ),
    ),
    ServiceKind(
        "Meeting rooms",
        (
            ("Use of bookable meeting rooms", "ResourceAccess", False),
            ("Whiteboard markers", "Good", True),
        ),
        ("Room set-up before each booking",),
        ("Help with room equipment",),
        (
            ("Room booking app", "VirtualChannel"),
            ("Facilities desk at reception", "InPersonChannel"),
        ),
        (
            Outcome(
                "I can book a meeting room for the next day in under {n} minutes.",
                "room-booking-time",
                "AtMost",
                (2, 3, 5),
                "P1M",
                "facility",
            ),
        ),
    ),
    ServiceKind(
        "Mobile phone",
        (
            ("Company smartphone", "Good", True),
            ("Use of the mobile data plan", "ResourceAccess", False),
        ),
        ("Phone enrolment with mail and apps",),
        ("Help with phone set-up", "Replacement of a lost phone"),
        (
            ("Self-service portal", "VirtualChannel"),
            ("Service desk phone line", "TelephoneChannel"),
        ),
        (
            Outcome(
                "I get my new phone working with my mail and apps within {n} working days of ordering it.",
                "days-to-phone",
                "AtMost",
                (2, 3),
                "P3M",
                "facility",
            ),
            CSAT_OUTCOME,
        ),
    ),
    ServiceKind(
        "Printing",
        (("Use of the floor printers", "ResourceAccess", False), ("Paper and toner", "Good", True)),
        ("Print queue release at any printer",),
        ("Printer fault repair",),
        (("Self-service portal", "VirtualChannel"), ("Walk-in tech bar", "InPersonChannel")),
        (
            Outcome(
                "I can print from any office floor within {n} minutes of arriving.",
                "time-to-print",
                "AtMost",
                (2, 5),
                "P1M",
                "facility",
            ),
        ),
    ),
    ServiceKind(
        "Expense claims",
        (("Use of the expense app", "ResourceAccess", False),),
        ("Claim checking and payment run",),
        ("Help with claim questions",),
        (("Expense app", "VirtualChannel"), ("Finance help email", "EmailChannel")),
        (
            Outcome(
                "My expense claims are paid within {n} working days.",
                "days-to-reimbursement",
                "AtMost",
                (5, 10),
                "P1M",
                "facility",
            ),
        ),
    ),
    ServiceKind(
        "Video conferencing",
        (
            ("Use of the video meeting platform", "ResourceAccess", False),
            ("Headset with microphone", "Good", True),
        ),
        ("Meeting room camera set-up",),
        ("Live help during important calls",),
        (
            ("Self-service portal", "VirtualChannel"),
            ("Service desk phone line", "TelephoneChannel"),
        ),
        (
            Outcome(
                "I can join every video call within {n} minutes of its start.",
                "call-join-time",
                "AtMost",
                (2, 3),
                "P1M",
                "facility",
            ),
        ),
    ),
    ServiceKind(
        "Business hotel stay",
        (("Use of a guest room", "ResourceAccess", False), ("Breakfast", "Good", True)),
        ("Daily housekeeping",),
        ("Front desk help around the clock", "Concierge help with bookings"),
        (("Hotel front desk", "InPersonChannel"), ("Hotel booking website", "VirtualChannel")),
        (
            Outcome(
                "I can check in and reach my room within {n} minutes of arriving.",
                "check-in-time",
                "AtMost",
                (10, 15),
                "P1M",
                "facility",
            ),
            CSAT_OUTCOME,
        ),
    ),
    ServiceKind(
        "Customer billing",
        (("Use of the online billing account", "ResourceAccess", False),),
        ("Monthly bill run",),
        ("Billing help desk",),
        (("Billing help line", "TelephoneChannel"), ("Online account", "VirtualChannel")),
        (
            Outcome(
                "My questions about a bill are answered within {n} working days.",
                "bill-answer-time",
                "AtMost",
                (1, 2),
                "P1M",
                "support",
            ),
        ),
    ),
)

BAD_STATEMENTS = (
    "The ERP platform achieves 99.9 % availability per month.",
    "The service desk closes {n} % of tickets within 4 hours.",
    "We will migrate all users to the new cloud mail platform by Q3.",
    "I need my heating unit maintained.",
    "I get fast, efficient help whenever I need it.",
    "Users enjoy a seamless, user-friendly onboarding.",
    "Everyone is happier with IT this year.",
    "I am happy with the service.",
)
"""Statements the analyzer judges not outside-in, not measurable or not actionable."""

VARIED_BAD_STATEMENTS = (
    "The {subject} platform achieves {n} % availability per month.",
    "The {subject} team closes {n} % of tickets within {m} hours.",
    "We will migrate the {subject} to the new platform by Q3.",
    "We roll out the new {subject} to {m} sites this year.",
    "IT upgrades the {subject} servers every {m} months.",
    "I need my {subject} sorted.",
    "I get fast, efficient help with the {subject} whenever I need it.",
    "Users enjoy a seamless, user-friendly {subject}.",
    "Everyone is happier with the {subject} this year.",
    "I am happy with the {subject}.",
    "The {subject} should be better.",
    "Provide a world-class {subject} experience.",
)
"""Bad statement patterns for the first-import profile: with SUBJECTS and numbers they give
thousands of different texts, so no cache of judged texts makes a large run look cheap."""

SUBJECTS = (
    "service desk",
    "laptop ordering",
    "mail service",
    "printing service",
    "network",
    "onboarding process",
    "VPN",
    "payroll system",
    "meeting room booking",
    "telephony",
    "ERP platform",
    "file storage",
    "identity management",
    "facilities helpdesk",
    "heating maintenance",
    "cloud hosting",
)

CSAT_QUESTIONS = (
    "Overall, how satisfied are you with how your request was handled?",
    "How satisfied are you with how quickly you could work again?",
    "How satisfied are you with the knowledge of the person who helped you?",
    "How satisfied are you with how well we kept you informed?",
    "How satisfied are you with the result you got?",
    "How satisfied are you with how easy it was to ask for help?",
    "How satisfied are you with the friendliness of the staff?",
)
NPS_QUESTION = "How likely are you to recommend the {service} to a colleague?"
CES_QUESTION = "How much effort did you personally have to put forth to get what you needed?"

ORGANISATIONS = (
    "Northwind",
    "Contoso",
    "Fabrikam",
    "Tailspin",
    "Woodgrove",
    "Litware",
    "Adatum",
    "Proseware",
)
PROVIDER_KINDS = ("Shared Services", "Workplace Partners", "Facility Services", "Digital Services")
CUSTOMER_UNITS = (
    "Logistics",
    "Finance",
    "Human Resources",
    "Sales",
    "Operations",
    "Legal",
    "Marketing",
)
FIRST_NAMES = (
    "Aisha",
    "Tomas",
    "Mei",
    "Priya",
    "Derek",
    "Sam",
    "Ana",
    "Jonas",
    "Lena",
    "Omar",
    "Ines",
    "Kofi",
)
LAST_NAMES = (
    "Khan",
    "Berg",
    "Lin",
    "Nair",
    "Holm",
    "Okafor",
    "Silva",
    "Weber",
    "Novak",
    "Haddad",
    "Costa",
)
LEVELS = ("TechnologyDriven", "SystemDriven", "ServiceDriven", "CustomerDriven", "BusinessDriven")
PROVIDER_LEVELS = (2, 3, 3, 3, 4, 4, 5)
KANO = ("MustBe", "OneDimensional", "Attractive", "Indifferent")
VALUE_TYPES = ("ValueInUse", "FinancialValue", "RelationshipValue", "EnvironmentalValue")
Z_SCORES = {"0.90": 1.645, "0.95": 1.96, "0.99": 2.576}
SCORE_RANGES = {
    "NetPromoterScore": (-30.0, 70.0, 126.0),
    "CustomerSatisfactionMean": (3.0, 4.8, 5.4),
    "CustomerEffortScore": (1.5, 3.5, 5.6),
}
"""Plausible low and high of each score, and the off-scale value a planted error uses."""

SERVICES_PER_PROVIDER = 6
CUSTOMERS_PER_PROVIDER = 3
USERS_PER_CUSTOMER = 2
RELATIONSHIPS_PER_SERVICE = 2
WAVES_PER_SURVEY = 2
RESPONSES_PER_WAVE = 8
