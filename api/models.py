"""Response models: the shapes of the JSON the service answers, for its OpenAPI description.

Reports are written by `cxgraph.formatters.json_format`, the same writer as
`cxgraph validate -f json`; these models describe that document, they do not re-encode it.
"""

from __future__ import annotations

from typing import Literal

from pydantic import BaseModel, ConfigDict, Field

from cxgraph.report import Severity, Status


class TermModel(BaseModel):
    """An RDF term as SPARQL 1.1 JSON results write it."""

    model_config = ConfigDict(populate_by_name=True)

    type: Literal["uri", "bnode", "literal"]
    value: str
    datatype: str | None = None
    language: str | None = Field(default=None, alias="xml:lang")


class LocationModel(BaseModel):
    """A place in a source file (1-based line and column)."""

    file: str
    line: int | None = None
    column: int | None = None


class FindingModel(BaseModel):
    """One rule broken by one node."""

    model_config = ConfigDict(populate_by_name=True)

    rule: str = Field(description="The rule id, as `cxgraph rules` lists it.")
    severity: Severity
    focus: str = Field(description="The focus node as people read it (IRI or _:label).")
    focus_node: TermModel = Field(alias="focusNode")
    path: str | None = Field(description="The property path, as SPARQL writes it.")
    value: str | None
    value_node: TermModel | None = Field(alias="valueNode")
    message: str
    shape: str = Field(description="The rule's SHACL shape.")
    component: str = Field(description="The SHACL constraint component that failed.")
    source: list[LocationModel]
    status: Status


class SummaryModel(BaseModel):
    """Active findings per severity."""

    violation: int
    warning: int
    info: int


class ReportModel(BaseModel):
    """A validation report: `conforms` is false when an active violation remains."""

    conforms: bool
    summary: SummaryModel
    findings: list[FindingModel]


class HealthModel(BaseModel):
    """The service is up, and which version runs."""

    status: Literal["ok"]
    version: str
