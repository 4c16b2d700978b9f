// The dlkg graph page: draws the exported knowledge graph on a canvas, with
// zoom (wheel), pan (drag), search, a concept's details on click, and
// learning-path highlighting.
//
// The data, with its layout already computed, is the JSON in the "graph-data"
// script element (written by kg/export/html.py). Concept text reaches
// the page only through textContent and the canvas's fillText, never as markup.
// Every concept is also listed in the panel's <ol id="concept-list">, so the
// graph is usable without the canvas (keyboard, screen readers, tests).
"use strict";

(() => {
  const errors = [];
  window.addEventListener("error", (event) => errors.push(String(event.message || event.type)));
  window.addEventListener("unhandledrejection", (event) => errors.push(String(event.reason)));
  document.addEventListener("securitypolicyviolation", (event) =>
    errors.push(`blocked by the page's security policy: ${event.violatedDirective}`),
  );
  const consoleError = console.error.bind(console);
  console.error = (...args) => {
    errors.push(args.map(String).join(" "));
    consoleError(...args);
  };

  const data = JSON.parse(document.getElementById("graph-data").textContent);
  const nodes = data.nodes;
  const count = nodes.length;

  // Geometry in layout units (one unit is one CSS pixel at zoom 1), from
  // kg/export/html.py, which laid the nodes out on a grid of columns and rows.
  const NODE_WIDTH = data.geometry.node_width;
  const NODE_HEIGHT = data.geometry.node_height;
  const COLUMN_PITCH = data.geometry.column_pitch;
  const ROW_PITCH = data.geometry.row_pitch;
  const PADDING = 7;
  const LINE_HEIGHT = 16;
  const FONT_FAMILY = 'system-ui, "Noto Sans CJK SC", "PingFang SC", "Microsoft YaHei", sans-serif';
  const EN_FONT = `600 12.5px ${FONT_FAMILY}`;
  const ZH_FONT = `12.5px ${FONT_FAMILY}`;
  const BADGE_FONT = `700 10px ${FONT_FAMILY}`;
  const TEXT_MIN_SCALE = 0.35; // below this zoom labels are unreadable: draw boxes only
  const OUTLINE_MIN_SCALE = 0.15; // below this, plain rectangles (thousands of nodes)
  const MIN_SCALE = 0.002;
  const MAX_SCALE = 4;
  const FIT_MARGIN = 24;
  const DRAG_THRESHOLD = 4; // pixels a press may move and still count as a click
  const WHEEL_ZOOM_RATE = 0.0015;

  const COLOURS = {
    background: "#f7f8fa",
    text: "#1f2328",
    textZh: "#4a5260",
    edge: "#9aa3ad",
    related: "#b49ad6",
    relatedSelected: "#7048b8",
    prerequisite: "#2f6fde",
    dependent: "#d9480f",
    path: "#e0a100",
    selected: "#111111",
    match: "#ffd43b",
    hover: "#1f2328",
  };

  const $ = (id) => document.getElementById(id);
  const canvas = $("graph");
  const ctx = canvas.getContext("2d");
  const stage = $("stage");
  const panel = $("panel");
  const details = $("details");
  const list = $("concept-list");
  const search = $("search");

  // Positions (top-left corners) and adjacency.
  const left = new Float64Array(count);
  const top = new Float64Array(count);
  const prerequisites = Array.from({ length: count }, () => []);
  const dependents = Array.from({ length: count }, () => []);
  const related = Array.from({ length: count }, () => []);
  for (let i = 0; i < count; i++) {
    left[i] = nodes[i].x * COLUMN_PITCH;
    top[i] = nodes[i].y * ROW_PITCH - NODE_HEIGHT / 2;
  }
  for (const [source, target] of data.edges) {
    prerequisites[target].push(source);
    dependents[source].push(target);
  }
  for (const [a, b] of data.related) {
    related[a].push(b);
    related[b].push(a);
  }
  const indexById = new Map(nodes.map((node, i) => [node.id, i]));

  // Columns of node indices sorted by top: for hit testing and culling.
  const columns = [];
  for (let i = 0; i < count; i++) (columns[nodes[i].x] ||= []).push(i);
  for (const column of columns) column?.sort((a, b) => top[a] - top[b]);

  // What is highlighted.
  let selected = null;
  let hovered = null;
  let matches = [];
  let matchCursor = -1;
  let pathTarget = null;
  const role = new Uint8Array(count); // ROLE_* for the selected concept and its neighbours
  const ROLE_SELECTED = 1;
  const ROLE_PREREQUISITE = 2;
  const ROLE_DEPENDENT = 3;
  const ROLE_RELATED = 4;
  const step = new Int32Array(count); // position on the highlighted learning path, 0 if off it
  const matched = new Uint8Array(count);
  let dimming = false;
  let pathIsPartial = false;

  const view = { scale: 1, x: 0, y: 0 }; // screen = world * scale + (x, y)
  let pixelRatio = 1;
  let drawnNodes = 0;
  let frameRequested = false;
  const labels = new Array(count);

  // ---- Text fitting ---------------------------------------------------------

  function fitText(text, width) {
    if (ctx.measureText(text).width <= width) return text;
    let low = 0;
    let high = text.length;
    while (low < high) {
      const middle = (low + high + 1) >> 1;
      if (ctx.measureText(`${text.slice(0, middle)}…`).width <= width) low = middle;
      else high = middle - 1;
    }
    return `${text.slice(0, low)}…`;
  }

  function wrapText(text, width, maxLines) {
    const words = text.split(/\s+/).filter(Boolean);
    const lines = [];
    let start = 0;
    while (start < words.length && lines.length < maxLines - 1) {
      let end = start + 1;
      while (end < words.length && ctx.measureText(words.slice(start, end + 1).join(" ")).width <= width) {
        end++;
      }
      const line = words.slice(start, end).join(" ");
      if (ctx.measureText(line).width > width) break;
      lines.push(line);
      start = end;
    }
    if (start < words.length) lines.push(fitText(words.slice(start).join(" "), width));
    return lines;
  }

  function label(i) {
    if (!labels[i]) {
      const inner = NODE_WIDTH - 2 * PADDING;
      ctx.font = EN_FONT;
      const en = wrapText(nodes[i].term_en, inner, 2);
      ctx.font = ZH_FONT;
      const zh = nodes[i].term_zh ? fitText(nodes[i].term_zh.replace(/\s+/g, " "), inner) : "";
      labels[i] = { en, zh };
    }
    return labels[i];
  }

  // ---- Drawing --------------------------------------------------------------

  // Older browsers lack roundRect: square corners there.
  const roundedRect = ctx.roundRect
    ? (x, y, width, height, radius) => ctx.roundRect(x, y, width, height, radius)
    : (x, y, width, height) => ctx.rect(x, y, width, height);

  function resize() {
    pixelRatio = window.devicePixelRatio || 1;
    canvas.width = Math.max(1, Math.round(canvas.clientWidth * pixelRatio));
    canvas.height = Math.max(1, Math.round(canvas.clientHeight * pixelRatio));
  }

  function requestDraw() {
    if (frameRequested) return;
    frameRequested = true;
    requestAnimationFrame(() => {
      frameRequested = false;
      draw();
    });
  }

  function visibleWorld() {
    const width = canvas.clientWidth;
    const height = canvas.clientHeight;
    return {
      x0: -view.x / view.scale,
      y0: -view.y / view.scale,
      x1: (width - view.x) / view.scale,
      y1: (height - view.y) / view.scale,
    };
  }

  function boxVisible(world, x0, y0, x1, y1) {
    return x1 >= world.x0 && x0 <= world.x1 && y1 >= world.y0 && y0 <= world.y1;
  }

  function prerequisiteEdge(path, source, target, arrows) {
    const x1 = left[source] + NODE_WIDTH;
    const y1 = top[source] + NODE_HEIGHT / 2;
    const x2 = left[target];
    const y2 = top[target] + NODE_HEIGHT / 2;
    const bend = Math.max(40, (x2 - x1) / 2);
    path.moveTo(x1, y1);
    path.bezierCurveTo(x1 + bend, y1, x2 - bend, y2, x2, y2);
    if (arrows) {
      arrows.moveTo(x2, y2);
      arrows.lineTo(x2 - 8, y2 - 4);
      arrows.lineTo(x2 - 8, y2 + 4);
      arrows.closePath();
    }
  }

  function relatedEdge(path, a, b) {
    const x1 = left[a] + NODE_WIDTH / 2;
    const y1 = top[a] + NODE_HEIGHT / 2;
    const x2 = left[b] + NODE_WIDTH / 2;
    const y2 = top[b] + NODE_HEIGHT / 2;
    const length = Math.hypot(x2 - x1, y2 - y1) || 1;
    const bulge = Math.min(60, length / 4);
    path.moveTo(x1, y1);
    path.quadraticCurveTo(
      (x1 + x2) / 2 + ((y2 - y1) / length) * bulge,
      (y1 + y2) / 2 - ((x2 - x1) / length) * bulge,
      x2,
      y2,
    );
  }

  function strokePath(path, colour, width, alpha, dash) {
    ctx.globalAlpha = alpha;
    ctx.strokeStyle = colour;
    ctx.lineWidth = Math.max(width, 1 / view.scale);
    ctx.setLineDash(dash ? dash.map((length) => length / Math.max(view.scale, 0.25)) : []);
    ctx.stroke(path);
  }

  function drawEdges(world, withText) {
    const groups = {
      base: [new Path2D(), withText ? new Path2D() : null],
      path: [new Path2D(), withText ? new Path2D() : null],
      in: [new Path2D(), withText ? new Path2D() : null],
      out: [new Path2D(), withText ? new Path2D() : null],
    };
    for (const [source, target] of data.edges) {
      const x0 = left[source] + NODE_WIDTH;
      const x1 = left[target];
      const y0 = Math.min(top[source], top[target]);
      const y1 = Math.max(top[source], top[target]) + NODE_HEIGHT;
      if (!boxVisible(world, x0, y0, x1, y1)) continue;
      let group = groups.base;
      if (selected !== null && target === selected) group = groups.in;
      else if (selected !== null && source === selected) group = groups.out;
      else if (pathIsPartial && step[source] && step[target]) group = groups.path;
      prerequisiteEdge(group[0], source, target, group[1]);
    }
    const baseAlpha = dimming ? 0.25 : 0.9;
    strokePath(groups.base[0], COLOURS.edge, 1.2, baseAlpha);
    strokePath(groups.path[0], COLOURS.path, 3.5, 1);
    strokePath(groups.in[0], COLOURS.prerequisite, 2.5, 1);
    strokePath(groups.out[0], COLOURS.dependent, 2.5, 1);
    if (withText) {
      for (const [group, colour, alpha] of [
        [groups.base, COLOURS.edge, baseAlpha],
        [groups.path, COLOURS.path, 1],
        [groups.in, COLOURS.prerequisite, 1],
        [groups.out, COLOURS.dependent, 1],
      ]) {
        ctx.globalAlpha = alpha;
        ctx.fillStyle = colour;
        ctx.fill(group[1]);
      }
    }

    const relatedBase = new Path2D();
    const relatedSelected = new Path2D();
    for (const [a, b] of data.related) {
      const x0 = Math.min(left[a], left[b]);
      const x1 = Math.max(left[a], left[b]) + NODE_WIDTH;
      const y0 = Math.min(top[a], top[b]) - 60;
      const y1 = Math.max(top[a], top[b]) + NODE_HEIGHT + 60;
      if (!boxVisible(world, x0, y0, x1, y1)) continue;
      relatedEdge(selected !== null && (a === selected || b === selected) ? relatedSelected : relatedBase, a, b);
    }
    strokePath(relatedBase, COLOURS.related, 1.2, dimming ? 0.2 : 0.8, [5, 4]);
    strokePath(relatedSelected, COLOURS.relatedSelected, 2.2, 1, [6, 4]);
    ctx.setLineDash([]);
    ctx.globalAlpha = 1;
  }

  function nodeOutline(i) {
    if (role[i] === ROLE_SELECTED) return [COLOURS.selected, 3.5];
    if (role[i] === ROLE_PREREQUISITE) return [COLOURS.prerequisite, 3];
    if (role[i] === ROLE_DEPENDENT) return [COLOURS.dependent, 3];
    if (role[i] === ROLE_RELATED) return [COLOURS.relatedSelected, 2.5];
    if (step[i] && pathIsPartial) return [COLOURS.path, 3];
    if (i === hovered) return [COLOURS.hover, 2];
    return [data.domains[nodes[i].domain].stroke, 1.5];
  }

  function drawNode(i, withText, outlined) {
    const domain = data.domains[nodes[i].domain];
    const x = left[i];
    const y = top[i];
    const emphasised = !dimming || role[i] || matched[i] || (step[i] && selected === null);
    ctx.globalAlpha = emphasised ? 1 : 0.22;
    if (!outlined) {
      ctx.fillStyle = matched[i] ? COLOURS.match : domain.stroke;
      ctx.fillRect(x, y, NODE_WIDTH, NODE_HEIGHT);
      return;
    }
    if (matched[i]) {
      ctx.fillStyle = COLOURS.match;
      ctx.beginPath();
      roundedRect(x - 6, y - 6, NODE_WIDTH + 12, NODE_HEIGHT + 12, 12);
      ctx.fill();
    }
    if (i === data.target) {
      ctx.strokeStyle = COLOURS.path;
      ctx.lineWidth = 2;
      ctx.beginPath();
      roundedRect(x - 5, y - 5, NODE_WIDTH + 10, NODE_HEIGHT + 10, 11);
      ctx.stroke();
    }
    const [stroke, width] = nodeOutline(i);
    ctx.beginPath();
    roundedRect(x, y, NODE_WIDTH, NODE_HEIGHT, 7);
    ctx.fillStyle = domain.fill;
    ctx.fill();
    ctx.strokeStyle = stroke;
    ctx.lineWidth = Math.max(width, 1 / view.scale);
    ctx.stroke();
    if (!withText) return;

    const { en, zh } = label(i);
    const lines = en.length + (zh ? 1 : 0);
    let baseline = y + (NODE_HEIGHT - lines * LINE_HEIGHT) / 2 + LINE_HEIGHT - 4;
    ctx.fillStyle = COLOURS.text;
    ctx.font = EN_FONT;
    for (const line of en) {
      ctx.fillText(line, x + PADDING, baseline);
      baseline += LINE_HEIGHT;
    }
    if (zh) {
      ctx.fillStyle = COLOURS.textZh;
      ctx.font = ZH_FONT;
      ctx.fillText(zh, x + PADDING, baseline);
    }
    if (step[i]) {
      const badge = String(step[i]);
      ctx.font = BADGE_FONT;
      // On the top border, right of the text, clear of the row above.
      const radius = Math.max(8, ctx.measureText(badge).width / 2 + 3);
      ctx.fillStyle = COLOURS.path;
      ctx.beginPath();
      ctx.arc(x + NODE_WIDTH - radius - 4, y - 1, radius, 0, 2 * Math.PI);
      ctx.fill();
      ctx.fillStyle = COLOURS.text;
      ctx.textAlign = "center";
      ctx.fillText(badge, x + NODE_WIDTH - radius - 4, y + 2.5);
      ctx.textAlign = "left";
    }
  }

  function draw() {
    ctx.setTransform(pixelRatio, 0, 0, pixelRatio, 0, 0);
    ctx.globalAlpha = 1;
    ctx.fillStyle = COLOURS.background;
    ctx.fillRect(0, 0, canvas.clientWidth, canvas.clientHeight);
    ctx.setTransform(
      pixelRatio * view.scale,
      0,
      0,
      pixelRatio * view.scale,
      pixelRatio * view.x,
      pixelRatio * view.y,
    );
    const world = visibleWorld();
    const withText = view.scale >= TEXT_MIN_SCALE;
    const outlined = view.scale >= OUTLINE_MIN_SCALE;
    drawEdges(world, withText);
    ctx.textBaseline = "alphabetic";
    drawnNodes = 0;
    const firstColumn = Math.max(0, Math.floor((world.x0 - NODE_WIDTH) / COLUMN_PITCH));
    const lastColumn = Math.min(columns.length - 1, Math.ceil(world.x1 / COLUMN_PITCH));
    for (let c = firstColumn; c <= lastColumn; c++) {
      const column = columns[c];
      if (!column) continue;
      for (let k = firstInColumn(column, world.y0 - NODE_HEIGHT); k < column.length; k++) {
        const i = column[k];
        if (top[i] > world.y1) break;
        drawNode(i, withText, outlined);
        drawnNodes++;
      }
    }
    ctx.globalAlpha = 1;
  }

  function firstInColumn(column, y) {
    let low = 0;
    let high = column.length;
    while (low < high) {
      const middle = (low + high) >> 1;
      if (top[column[middle]] < y) low = middle + 1;
      else high = middle;
    }
    return low;
  }

  // ---- View -----------------------------------------------------------------

  function visibleWidth() {
    return canvas.clientWidth - (panel.hidden ? 0 : panel.offsetWidth);
  }

  function fit(indices) {
    const chosen = indices && indices.length ? indices : nodes.map((_, i) => i);
    let x0 = Infinity;
    let y0 = Infinity;
    let x1 = -Infinity;
    let y1 = -Infinity;
    for (const i of chosen) {
      x0 = Math.min(x0, left[i]);
      y0 = Math.min(y0, top[i]);
      x1 = Math.max(x1, left[i] + NODE_WIDTH);
      y1 = Math.max(y1, top[i] + NODE_HEIGHT);
    }
    const width = Math.max(1, visibleWidth() - 2 * FIT_MARGIN);
    const height = Math.max(1, canvas.clientHeight - 2 * FIT_MARGIN);
    view.scale = Math.min(width / (x1 - x0), height / (y1 - y0), 1.2);
    view.x = (visibleWidth() - (x1 - x0) * view.scale) / 2 - x0 * view.scale;
    view.y = (canvas.clientHeight - (y1 - y0) * view.scale) / 2 - y0 * view.scale;
    requestDraw();
  }

  function zoomAt(screenX, screenY, factor) {
    const scale = Math.min(MAX_SCALE, Math.max(MIN_SCALE, view.scale * factor));
    view.x = screenX - ((screenX - view.x) * scale) / view.scale;
    view.y = screenY - ((screenY - view.y) * scale) / view.scale;
    view.scale = scale;
    requestDraw();
  }

  function centreOn(i) {
    view.scale = Math.max(view.scale, 0.8);
    view.x = visibleWidth() / 2 - (left[i] + NODE_WIDTH / 2) * view.scale;
    view.y = canvas.clientHeight / 2 - (top[i] + NODE_HEIGHT / 2) * view.scale;
    requestDraw();
  }

  // A concept clicked near the right edge must not end up under the opened panel.
  function keepInView(i) {
    const right = view.x + (left[i] + NODE_WIDTH) * view.scale;
    const limit = visibleWidth() - FIT_MARGIN;
    if (right > limit) {
      view.x -= right - limit;
      requestDraw();
    }
  }

  function nodeAt(clientX, clientY) {
    const bounds = canvas.getBoundingClientRect();
    const x = (clientX - bounds.left - view.x) / view.scale;
    const y = (clientY - bounds.top - view.y) / view.scale;
    const column = columns[Math.floor(x / COLUMN_PITCH)];
    if (!column || x % COLUMN_PITCH > NODE_WIDTH) return null;
    const k = firstInColumn(column, y - NODE_HEIGHT);
    for (let j = k; j < column.length && top[column[j]] <= y; j++) {
      if (y <= top[column[j]] + NODE_HEIGHT) return column[j];
    }
    return null;
  }

  // ---- Highlighting ---------------------------------------------------------

  function updateHighlights() {
    role.fill(0);
    if (selected !== null) {
      for (const j of related[selected]) role[j] = ROLE_RELATED;
      for (const j of prerequisites[selected]) role[j] = ROLE_PREREQUISITE;
      for (const j of dependents[selected]) role[j] = ROLE_DEPENDENT;
      role[selected] = ROLE_SELECTED;
    }
    matched.fill(0);
    for (const i of matches) matched[i] = 1;
    step.fill(0);
    const path = pathTarget === null ? [] : learningPath(pathTarget);
    path.forEach((i, position) => {
      step[i] = position + 1;
    });
    // When the export is the path itself, dimming or colouring every edge would
    // highlight nothing: the step numbers and the target's ring show it.
    pathIsPartial = path.length > 0 && path.length < count;
    dimming = selected !== null || matches.length > 0 || pathIsPartial;
    requestDraw();
  }

  function learningPath(target) {
    // Nodes come in learning order, so the ancestors sorted by index are the path.
    if (target === data.target) return data.path;
    const seen = new Set([target]);
    const stack = [target];
    while (stack.length) {
      for (const j of prerequisites[stack.pop()]) {
        if (!seen.has(j)) {
          seen.add(j);
          stack.push(j);
        }
      }
    }
    return [...seen].sort((a, b) => a - b);
  }

  // ---- Panel: details and the list of concepts -----------------------------

  function swatch(domainIndex) {
    const element = document.createElement("span");
    element.className = "swatch";
    element.style.background = data.domains[domainIndex].fill;
    element.style.borderColor = data.domains[domainIndex].stroke;
    return element;
  }

  function conceptButton(i) {
    const button = document.createElement("button");
    button.type = "button";
    button.dataset.index = String(i);
    const en = document.createElement("span");
    en.textContent = nodes[i].term_en;
    const zh = document.createElement("span");
    zh.className = "zh";
    zh.textContent = nodes[i].term_zh;
    button.append(swatch(nodes[i].domain), en, zh);
    return button;
  }

  function fillLinks(listId, countId, indices) {
    const target = $(listId);
    target.replaceChildren(
      ...indices.map((i) => {
        const item = document.createElement("li");
        item.append(conceptButton(i));
        return item;
      }),
    );
    $(countId).textContent = `(${indices.length})`;
  }

  function showDetails(i) {
    const node = nodes[i];
    const domain = data.domains[node.domain];
    $("details-term-en").textContent = node.term_en;
    $("details-term-zh").textContent = node.term_zh;
    $("details-domain").textContent = domain.name;
    $("details-domain").style.background = domain.fill;
    $("details-domain").style.borderColor = domain.stroke;
    $("details-id").textContent = node.id;
    $("details-depth").textContent = `depth ${node.depth}`;
    $("details-definition-en").textContent = node.definition_en;
    $("details-definition-zh").textContent = node.definition_zh;
    $("details-tags").textContent = node.tags.length ? node.tags.join(", ") : "–";
    $("details-engine").textContent = node.engine || "–";
    fillLinks("details-prerequisites", "details-prerequisites-count", prerequisites[i]);
    fillLinks("details-dependents", "details-dependents-count", dependents[i]);
    fillLinks("details-related", "details-related-count", related[i]);
    $("details-path").textContent =
      pathTarget === i ? "Hide the learning path · 隐藏学习路径" : "Show the learning path · 显示学习路径";
    details.hidden = false;
  }

  function setPanel(open) {
    panel.hidden = !open;
    $("toggle-panel").setAttribute("aria-expanded", String(open));
  }

  let currentItem = null;

  function select(i, centre) {
    selected = i;
    if (currentItem) currentItem.removeAttribute("aria-current");
    currentItem = null;
    if (i === null) {
      details.hidden = true;
    } else {
      showDetails(i);
      setPanel(true);
      panel.scrollTop = 0;
      currentItem = list.children[i].firstChild;
      currentItem.setAttribute("aria-current", "true");
      if (centre) centreOn(i);
      else keepInView(i);
    }
    updateHighlights();
  }

  function buildList() {
    const fragment = document.createDocumentFragment();
    for (let i = 0; i < count; i++) {
      const item = document.createElement("li");
      item.append(conceptButton(i));
      fragment.append(item);
    }
    list.append(fragment);
    $("concept-count").textContent = `(${count})`;
  }

  function buildLegend() {
    const legend = $("legend-domains");
    for (const [index, domain] of data.domains.entries()) {
      const item = document.createElement("li");
      const name = document.createElement("span");
      name.textContent = `${domain.name} (${domain.count})`;
      item.append(swatch(index), name);
      legend.append(item);
    }
  }

  // ---- Search ---------------------------------------------------------------

  const searchable = nodes.map((node) =>
    [node.id, node.term_en, node.term_zh].map((text) => text.toLowerCase()),
  );

  function runSearch() {
    const query = search.value.trim().toLowerCase();
    matches = [];
    if (query) {
      for (let i = 0; i < count; i++) {
        if (searchable[i].some((text) => text.includes(query))) matches.push(i);
      }
    }
    matchCursor = matches.length ? 0 : -1;
    const shown = new Uint8Array(count).fill(query ? 0 : 1);
    for (const i of matches) shown[i] = 1;
    for (let i = 0; i < count; i++) list.children[i].hidden = !shown[i];
    $("match-count").textContent = query
      ? `${matches.length} match${matches.length === 1 ? "" : "es"} · 个结果`
      : "";
    if (matches.length) centreOn(matches[0]);
    updateHighlights();
  }

  function nextMatch() {
    if (!matches.length) return;
    select(matches[matchCursor], true);
    matchCursor = (matchCursor + 1) % matches.length;
  }

  // ---- Events ---------------------------------------------------------------

  let press = null;
  let dragged = false;

  canvas.addEventListener("pointerdown", (event) => {
    press = { x: event.clientX, y: event.clientY, viewX: view.x, viewY: view.y };
    dragged = false;
    canvas.setPointerCapture(event.pointerId);
  });

  canvas.addEventListener("pointermove", (event) => {
    if (press) {
      const dx = event.clientX - press.x;
      const dy = event.clientY - press.y;
      if (!dragged && Math.hypot(dx, dy) < DRAG_THRESHOLD) return;
      dragged = true;
      canvas.classList.add("dragging");
      $("tooltip").hidden = true;
      view.x = press.viewX + dx;
      view.y = press.viewY + dy;
      requestDraw();
      return;
    }
    hover(nodeAt(event.clientX, event.clientY), event);
  });

  function endPress() {
    press = null;
    canvas.classList.remove("dragging");
  }
  canvas.addEventListener("pointerup", endPress);
  canvas.addEventListener("pointercancel", endPress);
  canvas.addEventListener("pointerleave", () => hover(null));

  canvas.addEventListener("click", (event) => {
    if (dragged) {
      dragged = false;
      return;
    }
    const i = nodeAt(event.clientX, event.clientY);
    select(i === null || i === selected ? null : i, false);
  });

  canvas.addEventListener(
    "wheel",
    (event) => {
      event.preventDefault();
      const bounds = canvas.getBoundingClientRect();
      const delta = event.deltaMode === 1 ? event.deltaY * 16 : event.deltaY;
      zoomAt(event.clientX - bounds.left, event.clientY - bounds.top, Math.exp(-delta * WHEEL_ZOOM_RATE));
    },
    { passive: false },
  );

  function hover(i, event) {
    const tooltip = $("tooltip");
    if (i !== hovered) {
      hovered = i;
      canvas.classList.toggle("over-node", i !== null);
      requestDraw();
    }
    if (i === null) {
      tooltip.hidden = true;
      return;
    }
    $("tooltip-en").textContent = nodes[i].term_en;
    $("tooltip-zh").textContent = nodes[i].term_zh;
    $("tooltip-domain").textContent = `${data.domains[nodes[i].domain].name} · ${nodes[i].id}`;
    tooltip.hidden = false;
    const bounds = stage.getBoundingClientRect();
    const x = Math.min(event.clientX - bounds.left + 14, bounds.width - tooltip.offsetWidth - 4);
    const y = Math.min(event.clientY - bounds.top + 14, bounds.height - tooltip.offsetHeight - 4);
    tooltip.style.left = `${Math.max(4, x)}px`;
    tooltip.style.top = `${Math.max(4, y)}px`;
  }

  function centreOfView() {
    return [visibleWidth() / 2, canvas.clientHeight / 2];
  }

  $("zoom-in").addEventListener("click", () => zoomAt(...centreOfView(), 1.25));
  $("zoom-out").addEventListener("click", () => zoomAt(...centreOfView(), 0.8));
  $("fit").addEventListener("click", () => fit());
  $("toggle-panel").addEventListener("click", () => setPanel(panel.hidden));
  $("close-panel").addEventListener("click", () => setPanel(false));
  $("details-path").addEventListener("click", () => {
    pathTarget = pathTarget === selected ? null : selected;
    showDetails(selected);
    updateHighlights();
  });

  for (const container of [list, ...document.querySelectorAll(".links")]) {
    container.addEventListener("click", (event) => {
      const button = event.target.closest("button[data-index]");
      if (button) select(Number(button.dataset.index), true);
    });
  }

  search.addEventListener("input", runSearch);
  search.addEventListener("keydown", (event) => {
    if (event.key === "Enter") nextMatch();
    if (event.key === "Escape") {
      search.value = "";
      runSearch();
    }
  });

  document.addEventListener("keydown", (event) => {
    if (event.target instanceof HTMLInputElement || event.ctrlKey || event.metaKey) return;
    if (event.key === "/") {
      event.preventDefault();
      search.focus();
    } else if (event.key === "+" || event.key === "=") zoomAt(...centreOfView(), 1.25);
    else if (event.key === "-") zoomAt(...centreOfView(), 0.8);
    else if (event.key === "0") fit();
    else if (event.key === "Escape") {
      if (selected !== null) select(null, false);
      else setPanel(false);
    }
  });

  new ResizeObserver(() => {
    resize();
    draw();
  }).observe(canvas);

  // ---- Start ----------------------------------------------------------------

  // Test hook, used by tests/kg/export/test_html.py through headless Chromium's
  // --dump-dom: with "#selftest" in the URL, the page clicks its first concept
  // on the canvas, as a user would, and writes a JSON report (errors, counts,
  // the details panel's text, the time to the first drawn frame) into
  // <pre id="selftest">.
  function selftest(firstFrameNodes) {
    ctx.getImageData(0, 0, 1, 1); // waits until the first frame is really drawn
    const renderMs = performance.now();
    centreOn(0);
    draw();
    const bounds = canvas.getBoundingClientRect();
    canvas.dispatchEvent(
      new MouseEvent("click", {
        bubbles: true,
        clientX: bounds.left + view.x + (left[0] + NODE_WIDTH / 2) * view.scale,
        clientY: bounds.top + view.y + (top[0] + NODE_HEIGHT / 2) * view.scale,
      }),
    );
    const report = {
      errors,
      render_ms: Math.round(renderMs),
      concepts: count,
      drawn: firstFrameNodes,
      listed: list.querySelectorAll("li").length,
      path_steps: step.filter((position) => position > 0).length,
      selected: selected === null ? null : nodes[selected].id,
      details: details.hidden ? "" : details.innerText,
    };
    const output = $("selftest");
    output.textContent = JSON.stringify(report);
    output.hidden = false;
  }

  $("title").textContent =
    data.target === null
      ? "dlkg · 深度学习知识图谱"
      : `Learning path to ${nodes[data.target].term_en} · ${nodes[data.target].term_zh}`;
  $("summary").textContent =
    `${count} concepts · ${data.edges.length} prerequisites · ${data.related.length} related`;
  buildLegend();
  buildList();
  resize();
  if (data.target !== null) pathTarget = data.target;
  updateHighlights();
  fit(data.target !== null ? data.path : null);
  draw();
  // A link to the page ending in #<concept id> opens that concept.
  let wanted = "";
  try {
    wanted = decodeURIComponent(window.location.hash.slice(1));
  } catch {
    // A malformed link: show the graph as it is.
  }
  if (wanted === "selftest") selftest(drawnNodes);
  else if (indexById.has(wanted)) select(indexById.get(wanted), true);
})();
