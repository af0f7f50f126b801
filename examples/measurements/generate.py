"""Write the example portfolio's survey answers and readings for 2025, as `cxgraph ingest`
reads them: made up, seeded, and shaped like a year of a real service desk's data.

    python examples/measurements/generate.py     # rewrites the CSV files next to this one

- repair-responses.csv: the laptop repair survey (ex:LaptopRepairSurvey), sent after each
  repair: 5 satisfaction questions (1-5) and the recommendation question (0-10), about 70
  repairs a month, at the phone line, the walk-in tech bar or the portal. Scores improve
  through the year, more at the tech bar than on the phone.
- benchmark-responses.csv: the yearly benchmark (ex:LaptopBenchmarkSurvey), its 2025 wave:
  250 staff, three questions.
- measurements.csv: monthly readings of the example's indicators (hours back to work,
  office temperature, first-day access, days to close the books).
- ../portfolio/measured.ttl: the metric scores computed from the two surveys' answers
  (`cxgraph metrics --format turtle`), per month, touchpoint and channel, kept in the
  portfolio so that its report and its rules see them.
"""

from __future__ import annotations

import csv
import datetime
from pathlib import Path
from random import Random

HERE = Path(__file__).resolve().parent
UTC = datetime.UTC
TOUCHPOINTS = {
    "ServiceDeskPhoneLine": ("cx:TelephoneChannel", 0.0),
    "WalkInTechBar": ("cx:InPersonChannel", 0.6),
    "SelfServicePortal": ("cx:VirtualChannel", 0.3),
}
"""Where repairs are asked about, their channel, and how much better they get in a year."""


def _clamp(value: float, low: int, high: int) -> int:
    return max(low, min(high, round(value)))


def repair_rows(rng: Random) -> list[list[str]]:
    rows = []
    for month in range(1, 13):
        for repair in range(rng.randint(60, 80)):
            touchpoint = rng.choice(list(TOUCHPOINTS))
            channel, gain = TOUCHPOINTS[touchpoint]
            mood = rng.gauss(3.7 + gain * month / 12, 0.8)
            at = datetime.datetime(2025, month, rng.randint(1, 28), rng.randint(8, 17),
                                   rng.randint(0, 59), tzinfo=UTC)  # fmt: skip
            person = f"Staff{rng.randrange(1, 900):04d}"
            for number in range(1, 6):
                score = _clamp(mood + rng.gauss(0, 0.5), 1, 5)
                rows.append(_response(person, f"RepairQ{number}", score, at, touchpoint, channel))
            nps = _clamp((mood - 1) * 2.5 + rng.gauss(0, 1.2), 0, 10)
            rows.append(_response(person, "RepairNpsQuestion", nps, at, touchpoint, channel))
            del repair
    return rows


def benchmark_rows(rng: Random) -> list[list[str]]:
    rows = []
    for person in rng.sample(range(1, 2001), 250):
        at = datetime.datetime(2025, 3, rng.randint(3, 14), rng.randint(8, 17),
                               rng.randint(0, 59), tzinfo=UTC)  # fmt: skip
        mood = rng.gauss(3.6, 0.9)
        for question in ("BenchmarkSatisfactionQuestion", "BenchmarkCommunicationQuestion"):
            rows.append(_response(f"Staff{person:04d}", question,
                                  _clamp(mood + rng.gauss(0, 0.6), 1, 5), at))  # fmt: skip
        nps = _clamp((mood - 1) * 2.5 + rng.gauss(0, 1.3), 0, 10)
        rows.append(_response(f"Staff{person:04d}", "BenchmarkNpsQuestion", nps, at,
                              wave="LaptopBenchmark2025Wave"))  # fmt: skip
    return rows


def _response(person: str, question: str, score: int, at: datetime.datetime,
              touchpoint: str = "", channel: str = "", wave: str = "") -> list[str]:  # fmt: skip
    return [person, question, str(score), at.strftime("%Y-%m-%dT%H:%M:%SZ"), wave,
            touchpoint, channel]  # fmt: skip


def measurement_rows(rng: Random) -> list[list[str]]:
    rows = []
    for month in range(1, 13):
        first = datetime.datetime(2025, month, 1, tzinfo=UTC)
        readings = {
            "BackToWorkIndicator": round(max(0.5, rng.gauss(2.4 - 0.08 * month, 0.3)), 1),
            "OfficeWarmEnoughIndicator": round(
                rng.gauss(70.5 if month in (1, 2, 12) else 72, 0.8), 1
            ),
            "FirstDayAccessIndicator": round(min(100.0, rng.gauss(91 + 0.5 * month, 1.5)), 1),
            "DaysToCloseIndicator": float(rng.choice([2, 3, 3, 4])),
        }
        for indicator, value in readings.items():
            rows.append([indicator, first.strftime("%Y-%m-%dT%H:%M:%SZ"), str(value)])
    return rows


def main() -> None:
    rng = Random(2025)
    header = ["respondent", "question", "score", "responded_at", "wave", "touchpoint", "channel"]
    for name, rows in (("repair-responses.csv", repair_rows(rng)),
                       ("benchmark-responses.csv", benchmark_rows(rng))):  # fmt: skip
        _write(HERE / name, header, rows)
    _write(HERE / "measurements.csv", ["indicator", "measured_at", "value"], measurement_rows(rng))
    (HERE.parent / "portfolio" / "measured.ttl").write_text(measured_turtle(), encoding="utf-8")


def measured_turtle() -> str:
    """The scores of the example's survey answers, as Turtle, computed as `cxgraph ingest`
    and `cxgraph metrics` compute them."""
    from rdflib import Graph

    from cxgraph.ingest import ingest
    from cxgraph.measures import compute_metrics, score_triples
    from cxgraph.store.embedded import EmbeddedStore

    store = EmbeddedStore()
    store.load([HERE.parent / "portfolio" / name for name in AUTHORED])
    for name, survey in (("repair-responses.csv", "LaptopRepairSurvey"),
                         ("benchmark-responses.csv", "LaptopBenchmarkSurvey")):  # fmt: skip
        ingest(HERE / name, store, kind="responses", base=EX, survey=EX + survey)
    graph = Graph()
    for prefix, namespace in (("ex", EX), ("cx", "https://w3id.org/cxgraph#")):
        graph.bind(prefix, namespace)
    graph.parse(data="\n".join(f"{t} ." for t in score_triples(compute_metrics(store))),
                format="nt")  # fmt: skip
    body = graph.serialize(format="turtle")
    return (
        "# Monthly metric scores of the laptop service, computed from the survey answers in\n"
        "# examples/measurements by `python examples/measurements/generate.py`; do not edit.\n"
        + body
    )


EX = "https://example.org/portfolio#"
AUTHORED = ("experience.ttl", "outcomes.ttl", "parties.ttl", "services.ttl")
"""The example's hand-written files (measured.ttl is written from them and the answers)."""


def _write(path: Path, header: list[str], rows: list[list[str]]) -> None:
    with path.open("w", encoding="utf-8", newline="") as out:
        writer = csv.writer(out, lineterminator="\n")
        writer.writerow(header)
        writer.writerows(rows)


if __name__ == "__main__":
    main()
