// Read Mermaid diagrams with Mermaid's own parser and print what Mermaid
// understood. Standard input is a JSON list of diagram sources; standard output
// is a JSON list with, for each, {"ok": true, "diagramType", "config" (from any
// directive in the text), "nodes": {id: {"text", "classes"}}, "edges": [{"start",
// "end", "type", "stroke"}]}, or {"ok": false, "error"}. One process for many
// diagrams, since loading Mermaid takes seconds.
//
// A node's "text" is what Mermaid displays: its #code; entities decoded and its
// HTML read as a browser would (<br> as a line break), as Mermaid's renderer does.
// Used by tests/kg/export/test_mermaid.py; needs `npm install --prefix tests/kg/export`.
// Mermaid loads DOMPurify, which needs a DOM: jsdom provides one.
import { readFileSync } from "node:fs";
import { JSDOM } from "jsdom";

const { window } = new JSDOM("<!DOCTYPE html><html><body></body></html>");
globalThis.window = window;
globalThis.document = window.document;
const { default: mermaid } = await import("mermaid");
// Mermaid refuses more than 500 edges unless its host raises maxEdges (a "secure" setting a
// diagram cannot set for itself); a whole library has more, so this host raises it.
mermaid.initialize({ startOnLoad: false, maxEdges: 100000 });

function displayed(label) {
  const html = label.replace(/ﬂ°°/g, "&#").replace(/ﬂ°/g, "&").replace(/¶ß/g, ";");
  const element = window.document.createElement("div");
  element.innerHTML = html.replace(/<br\s*\/?>/gi, "\n");
  return element.textContent;
}

async function read(source) {
  try {
    const parsed = await mermaid.parse(source);
    const diagram = await mermaid.mermaidAPI.getDiagramFromText(source);
    const nodes = {};
    for (const [id, vertex] of diagram.db.getVertices()) {
      nodes[id] = { text: displayed(vertex.text), classes: vertex.classes };
    }
    const edges = diagram.db
      .getEdges()
      .map(({ start, end, type, stroke }) => ({ start, end, type, stroke }));
    return { ok: true, diagramType: parsed.diagramType, config: parsed.config, nodes, edges };
  } catch (error) {
    return { ok: false, error: String(error.message ?? error) };
  }
}

const results = [];
for (const source of JSON.parse(readFileSync(0, "utf8"))) results.push(await read(source));
console.log(JSON.stringify(results));
