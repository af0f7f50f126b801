"""The query page a browser gets at /sparql: a SPARQL editor (CodeMirror, bundled, with its
SPARQL mode), the portfolio's prefixes, example queries, and answers as a table.

The page's scripts and styles are served from the endpoint itself (`/assets/...`), so it
works offline and its Content-Security-Policy can forbid every other origin.
"""

from __future__ import annotations

import html
import json

from cxgraph.authoring.vocabulary import PREFIXES

ASSETS = {
    "codemirror.js": "vendor/codemirror.js",
    "codemirror.css": "vendor/codemirror.css",
    "sparql.js": "vendor/sparql.js",
    "sparql-page.js": "sparql-page.js",
    "sparql-page.css": "sparql-page.css",
}
"""The files the page loads, by the name it asks for and their place in cxgraph/web."""

CONTENT_SECURITY_POLICY = (
    "default-src 'none'; script-src 'self'; style-src 'self' 'unsafe-inline'; "
    "connect-src 'self'; img-src 'self' data:; base-uri 'none'; form-action 'self'"
)

EXAMPLES: dict[str, str] = {
    "Services and their facilities": """SELECT ?service ?facility ?support WHERE {
  ?service a cx:Service .
  OPTIONAL { ?service cx:hasFacility ?facility }
  OPTIONAL { ?service cx:hasSupport ?support }
}
ORDER BY ?service""",
    "Customer and provider maturity per relationship": """SELECT ?relationship ?customerLevel ?providerLevel WHERE {
  ?relationship a cx:ServiceRelationship ;
      cx:customer/cx:hasMaturityLevel/cx:levelNumber ?customerLevel ;
      cx:provider/cx:hasMaturityLevel/cx:levelNumber ?providerLevel .
}
ORDER BY DESC(ABS(?customerLevel - ?providerLevel))""",
    "Outcomes with their statements and indicators": """SELECT ?outcome ?statement ?indicator ?target WHERE {
  ?outcome a cx:SuccessfulCustomerOutcome .
  OPTIONAL { ?outcome cx:statement ?statement }
  OPTIONAL { ?outcome cx:isMeasuredBy ?indicator .
             OPTIONAL { ?indicator cx:targetValue ?target } }
}
ORDER BY ?outcome""",
    "Outcome status month by month (stored assessments)": """SELECT ?outcome ?period ?status WHERE {
  ?assessment cx:assessesOutcome ?outcome ;
      cx:assessmentPeriod ?period ;
      cx:assessedStatus ?status .
}
ORDER BY ?outcome ?period""",
    "NPS per service and month": """SELECT ?service ?period ?nps ?margin ?responses WHERE {
  ?score cx:scoreOfMetric cx:NetPromoterScore ;
      cx:scoredService ?service ;
      cx:scorePeriod ?period ;
      cx:scoreValue ?nps .
  OPTIONAL { ?score cx:scoreMarginOfError ?margin }
  OPTIONAL { ?score cx:responseCount ?responses }
  FILTER NOT EXISTS { ?score cx:scoredTouchpoint|cx:scoredChannel ?part }
}
ORDER BY ?service ?period""",
    "How many things of each class": """SELECT ?class (COUNT(?thing) AS ?things) WHERE {
  ?thing a ?class .
}
GROUP BY ?class
ORDER BY DESC(?things)""",
    "Describe a service as a graph": """CONSTRUCT { ?service ?p ?o } WHERE {
  ?service a cx:Service ; ?p ?o .
}
LIMIT 50""",
}
"""Queries a newcomer to the portfolio's vocabulary can start from."""

PAGE_PREFIXES = {
    name: PREFIXES[name]
    for name in ("cx", "rdf", "rdfs", "xsd", "skos", "owl", "org", "prov", "schema", "dcterms")
    if name in PREFIXES
}

_PAGE = """<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>cxgraph SPARQL</title>
<link rel="icon" href="data:,">
<link rel="stylesheet" href="/assets/codemirror.css">
<link rel="stylesheet" href="/assets/sparql-page.css">
</head>
<body>
<header><h1>cxgraph SPARQL</h1>
<p>Ask the portfolio in SPARQL 1.1. <kbd>Ctrl</kbd>+<kbd>Enter</kbd> runs the query.
Other tools use this same address (<code>/sparql</code>) as a standard endpoint.</p></header>
<main>
<div class="toolbar">
<label>Example <select id="examples"><option value="">choose a query…</option></select></label>
<button id="prefixes" type="button">Add prefixes</button>
<button id="run" type="button" class="primary">Run</button>
<span id="status" role="status"></span>
</div>
<form method="get" action="/sparql" id="form">
<textarea id="query" name="query" rows="14">{query}</textarea>
<noscript><p><button type="submit">Run</button> (answers come back as a file)</p></noscript>
</form>
<div id="results"></div>
</main>
<script id="page-data" type="application/json">{data}</script>
<script src="/assets/codemirror.js"></script>
<script src="/assets/sparql.js"></script>
<script src="/assets/sparql-page.js"></script>
</body>
</html>
"""


def query_page() -> str:
    """The page, with the prefixes and example queries in it."""
    prefixes = "".join(f"PREFIX {n}: <{iri}>\n" for n, iri in PAGE_PREFIXES.items() if n == "cx")
    first = prefixes + "\n" + next(iter(EXAMPLES.values()))
    data = json.dumps({"prefixes": PAGE_PREFIXES, "examples": EXAMPLES})
    data = data.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")
    return _PAGE.replace("{query}", html.escape(first)).replace("{data}", data)
