// The query page: a CodeMirror SPARQL editor; answers fetched from this endpoint and shown
// as a table (SELECT), a verdict (ASK) or Turtle (CONSTRUCT, DESCRIBE).
(function () {
  "use strict";
  const page = JSON.parse(document.getElementById("page-data").textContent);
  const editor = CodeMirror.fromTextArea(document.getElementById("query"), {
    mode: "application/sparql-query", lineNumbers: true, matchBrackets: true, indentUnit: 2,
    extraKeys: { "Ctrl-Enter": run, "Cmd-Enter": run },
  });
  const results = document.getElementById("results");
  const status = document.getElementById("status");

  function el(tag, attributes, ...children) {
    const node = document.createElement(tag);
    for (const [key, value] of Object.entries(attributes || {})) node.setAttribute(key, value);
    for (const child of children) {
      node.append(child instanceof Node ? child : document.createTextNode(String(child)));
    }
    return node;
  }

  const examples = document.getElementById("examples");
  for (const name of Object.keys(page.examples)) examples.append(el("option", { value: name }, name));
  examples.addEventListener("change", () => {
    if (!examples.value) return;
    editor.setValue(withPrefixes(page.examples[examples.value]));
    examples.value = "";
  });

  // Declarations for the known prefixes a query uses but does not declare.
  function withPrefixes(text) {
    const declared = new Set([...text.matchAll(/PREFIX\s+([A-Za-z][\w.-]*)?:/gi)].map((m) => m[1] || ""));
    const body = text.replace(/"(?:[^"\\]|\\.)*"|'(?:[^'\\]|\\.)*'|<[^>\s]*>|#[^\n]*/g, " ");
    const missing = Object.keys(page.prefixes).filter((name) =>
      !declared.has(name) && new RegExp(`(^|[\\s(/^|,;{])${name}:`).test(body));
    if (!missing.length) return text;
    return missing.map((name) => `PREFIX ${name}: <${page.prefixes[name]}>\n`).join("") +
      (declared.size ? "" : "\n") + text;
  }
  document.getElementById("prefixes").addEventListener("click", () => {
    editor.setValue(withPrefixes(editor.getValue()));
  });
  document.getElementById("run").addEventListener("click", run);

  function compact(iri) {
    for (const [name, namespace] of Object.entries(page.prefixes)) {
      if (iri.startsWith(namespace) && /^[\w-]*$/.test(iri.slice(namespace.length))) {
        return `${name}:${iri.slice(namespace.length)}`;
      }
    }
    return `<${iri}>`;
  }

  function cell(term) {
    if (!term) return el("td", { class: "unbound" }, "");
    if (term.type === "uri") return el("td", { class: "iri", title: term.value }, compact(term.value));
    if (term.type === "bnode") return el("td", { class: "bnode" }, `_:${term.value}`);
    const note = term["xml:lang"] ? `@${term["xml:lang"]}`
      : term.datatype ? `^^${compact(term.datatype)}` : "";
    return el("td", { class: "literal", title: note }, term.value);
  }

  async function run() {
    editor.setValue(withPrefixes(editor.getValue()));
    status.textContent = "running…";
    results.replaceChildren();
    const started = performance.now();
    let response;
    try {
      response = await fetch("/sparql", {
        method: "POST",
        headers: { "Content-Type": "application/sparql-query",
          Accept: "application/sparql-results+json, text/turtle;q=0.9" },
        body: editor.getValue(),
      });
    } catch (error) {
      status.textContent = `the server could not be reached (${error.message})`;
      return;
    }
    const seconds = ((performance.now() - started) / 1000).toFixed(2);
    const type = response.headers.get("content-type") || "";
    if (!response.ok) {
      let detail = await response.text();
      try { detail = JSON.parse(detail).detail || detail; } catch (_) { /* plain text */ }
      status.textContent = `error ${response.status}`;
      results.append(el("pre", { class: "error" }, detail));
      return;
    }
    if (type.startsWith("application/sparql-results+json")) {
      const answer = await response.json();
      if ("boolean" in answer) {
        status.textContent = `${seconds} s`;
        results.append(el("p", { class: "ask" }, answer.boolean ? "yes" : "no"));
        return;
      }
      const variables = answer.head.vars;
      const rows = answer.results.bindings;
      status.textContent = `${rows.length} row${rows.length === 1 ? "" : "s"} · ${seconds} s`;
      const table = el("table", {}, el("thead", {}, el("tr", {}, ...variables.map((v) => el("th", {}, `?${v}`)))));
      const body = el("tbody", {});
      for (const row of rows) body.append(el("tr", {}, ...variables.map((v) => cell(row[v]))));
      table.append(body);
      results.append(table);
    } else {
      status.textContent = `${seconds} s`;
      results.append(el("pre", { class: "graph" }, await response.text()));
    }
  }
  window.cxgraphRun = run;
})();
