"""Extensions of portfolios written without RDF (`cxgraph.authoring` reads them); a module of
its own so that listing and indexing files need not import the readers."""

AUTHORED_SUFFIXES = frozenset({".yaml", ".yml", ".xlsx", ".csv"})
"""YAML files, XLSX workbooks, and CSV files (each one sheet of its folder)."""
