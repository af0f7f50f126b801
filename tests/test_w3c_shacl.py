"""The W3C SHACL test suite (../shared/w3c/shacl-tests) on two engines: pySHACL and the
compiled engine (`cxgraph.engine.shacl_report(..., Engine.COMPILED)`).

`w3c_shacl_expected.toml` lists, per engine, the cases it passes, and for the compiled engine
the cases it does not claim (its compiler raises `UnsupportedShapes`). Per case:
* passes and listed as passing: passes; passes but not listed: fails, "update the list";
* fails and listed as passing: fails, a regression;
* fails, not listed: pySHACL's known failures are xfailed; a case the compiled engine claims
  and fails is a bug, and fails;
* compiled, UnsupportedShapes: skipped, "not compiled: <feature>", if listed as unclaimed,
  else fails.
Rewrite an engine's lists from an actual run with `python -m tests.w3c_shacl --record ENGINE`.
Without the suite folder each engine has one test, skipped.
"""

from __future__ import annotations

import pytest
from rdflib import Graph
from rdflib.namespace import SH

from tests.w3c_shacl import (
    ENGINES,
    EXPECTED,
    KNOWN_FAILURES_ALLOWED,
    EngineUnavailableError,
    Outcome,
    all_cases,
    compare,
    load_expected,
    record,
    record_command,
    run,
    suite_dir,
)

SUITE = suite_dir()
MISSING = f"W3C SHACL suite not found at {SUITE}"
CASES = {case.id: case for case in all_cases(SUITE)}
OUTCOMES = load_expected()


def _params() -> list[object]:
    if not CASES:
        return [pytest.param(engine, "", id=f"{engine}-suite-missing") for engine in ENGINES]
    return [
        pytest.param(engine, case_id, id=f"{engine}-{case_id}")
        for engine in ENGINES
        for case_id in CASES
    ]


@pytest.mark.parametrize(("engine", "case_id"), _params())
def test_w3c_shacl(engine: str, case_id: str) -> None:
    if not CASES:
        pytest.skip(MISSING)
    expected = OUTCOMES[engine]
    try:
        outcome = run(engine, CASES[case_id])
    except EngineUnavailableError as error:
        pytest.fail(str(error))
    update = f"update the list: {record_command(engine)}"
    if not expected.recorded:
        update += f" (nothing is recorded for {engine} in {EXPECTED.name} yet)"
    if outcome.status == "unclaimed":
        if case_id in expected.unclaimed:
            pytest.skip(f"not compiled: {outcome.detail}")
        pytest.fail(
            f"{engine} does not compile this case ({outcome.detail}), but {EXPECTED.name} "
            f"does not list it as unclaimed; {update}"
        )
    if outcome.status == "pass":
        if case_id not in expected.passes:
            pytest.fail(f"{engine} passes this case, but it is not listed as passing; {update}")
        return
    details = "\n".join(outcome.differences) or outcome.detail
    if case_id in expected.passes:
        pytest.fail(f"regression: {engine} no longer passes this case:\n{details}")
    if engine not in KNOWN_FAILURES_ALLOWED:
        pytest.fail(
            f"the {engine} engine claims this case (no UnsupportedShapes) and fails it, a bug "
            f"(or {update}):\n{details}"
        )
    pytest.xfail(f"known failure of {engine}: {outcome.detail}")


def test_expected_lists_name_existing_cases() -> None:
    if not CASES:
        pytest.skip(MISSING)
    # ../shared/w3c/README.md: following mf:include reaches 120 sht:Validate entries.
    assert len(CASES) == 120, sorted(CASES)
    lines = [f"{len(CASES)} cases"]
    for engine, expected in OUTCOMES.items():
        listed = {
            "passes": expected.passes,
            "unclaimed": expected.unclaimed,
            "fails": set(expected.fails),
        }
        for name, ids in listed.items():
            assert not ids - set(CASES), f"[{engine}] {name} names unknown cases"
        assert not expected.passes & expected.unclaimed, engine
        assert not expected.passes & set(expected.fails), engine
        if engine not in KNOWN_FAILURES_ALLOWED:
            assert not expected.fails, f"[{engine}] has no known failures, only bugs"
        lines.append(
            f"{engine}: {len(expected.passes)} pass, {len(expected.unclaimed)} unclaimed, "
            f"{len(CASES) - len(expected.passes) - len(expected.unclaimed)} fail"
        )
    assert OUTCOMES["pyshacl"].passes, f"nothing recorded for pySHACL: {record_command('pyshacl')}"
    print("\n".join(lines))


def test_record_refuses_a_failing_compiled_case() -> None:
    before = EXPECTED.read_bytes()
    outcomes = {"core/node/class-001.ttl#class-001": Outcome("fail", "sh:conforms is True")}
    assert record("compiled", outcomes) == 1
    assert EXPECTED.read_bytes() == before
    assert "compiled" not in KNOWN_FAILURES_ALLOWED


PREFIXES = """
@prefix sh: <http://www.w3.org/ns/shacl#> .
@prefix ex: <http://example.org/> .
"""


def _report(results: str, conforms: str = "false") -> Graph:
    return Graph().parse(
        data=f"{PREFIXES} [] a sh:ValidationReport ; sh:conforms {conforms} {results} .",
        format="turtle",
    )


RESULT = """; sh:result [ a sh:ValidationResult ; sh:focusNode ex:i ; sh:value ex:v ;
    sh:resultPath {path} ; sh:sourceShape ex:s ; sh:resultSeverity sh:Violation ;
    sh:sourceConstraintComponent sh:ClassConstraintComponent {extra} ]"""


def test_compare_matches_paths_by_structure_and_ignores_messages() -> None:
    expected = _report(
        RESULT.format(path="( [ sh:inversePath ex:p ] [ sh:inversePath ex:p ] )", extra="")
    )
    # The actual path shares one blank node, described outside the report (in `shapes`).
    result = RESULT.format(path="( _:p _:p )", extra='; sh:resultMessage "m"')
    actual = _report(result + " . _:p sh:inversePath ex:p")
    shapes = Graph()
    for triple in actual.triples((None, SH.inversePath, None)):
        shapes.add(triple)
        actual.remove(triple)
    assert len(shapes) == 1
    assert compare(expected, actual) != []
    assert compare(expected, actual, context=[shapes]) == []
    assert compare(expected, expected) == []


def test_compare_reports_each_difference() -> None:
    one = RESULT.format(path="ex:p", extra="")
    expected = _report(one + one.replace("ex:v", "ex:w"))
    problems = compare(expected, _report("", "true"))
    assert problems[0] == "sh:conforms is True, expected False"
    assert [problem[:12] for problem in problems[1:]] == ["missing (1x)"] * 2
    different = compare(expected, _report(one + one.replace("ex:p", "ex:q")))
    assert len(different) == 2
    assert different[0].startswith("missing (1x): sh:focusNode ex:i; sh:resultPath ex:p")
    assert different[1].startswith("unexpected (1x): sh:focusNode ex:i; sh:resultPath ex:q")
    assert compare(expected, _report(one + one))[0].startswith("missing (1x)")
