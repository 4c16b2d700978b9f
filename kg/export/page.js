// The dlkg graph page: the exported knowledge graph as a map on a canvas, with
// zoom (wheel, pinch), pan (drag), search, a concept's details on click,
// learning-path highlighting and, when the export carries one, the learner's
// progress.
//
// The data is the JSON in the "graph-data" script element (written by
// kg/export/html.py). The layout is computed here by dagre (vendored in
// kg/export/vendor/, inlined before this script): a layered drawing,
// prerequisites left of what needs them, crossings reduced by dagre's ordering
// sweeps. Node sizes come from the labels as this browser measures them, so
// labels are wrapped in full, never cut. A library larger than
// data.layout_limit is not drawn whole (dagre would take minutes): the map
// shows its most built-on concepts, or the neighbourhood of the concept chosen.
//
// Concept text reaches the page only through textContent and the canvas's
// fillText; formulas through KaTeX's render(), which builds MathML nodes (no
// markup is parsed). Every concept is also listed in the panel's
// <ol id="concept-list">: the list view (on narrow screens), search, keyboard,
// screen readers and tests use it.
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

  const started = performance.now();
  const data = JSON.parse(document.getElementById("graph-data").textContent);
  const nodes = data.nodes;
  const count = nodes.length;
  const progress = data.progress;

  const NODE_WIDTH = data.geometry.node_width;
  const PADDING = 8;
  const STRIP = 7; // the coloured band on a node's left: its state (or domain) colour
  const LINE_HEIGHT = 16;
  const FONT_FAMILY = 'system-ui, "Noto Sans CJK SC", "PingFang SC", "Microsoft YaHei", sans-serif';
  const EN_FONT = `600 12.5px ${FONT_FAMILY}`;
  const ZH_FONT = `12.5px ${FONT_FAMILY}`;
  const BADGE_FONT = `700 10px ${FONT_FAMILY}`;
  const OVERLAY_EN_FONT = `600 12px ${FONT_FAMILY}`;
  const OVERLAY_ZH_FONT = `11.5px ${FONT_FAMILY}`;
  const TEXT_MIN_SCALE = 0.55; // below this zoom node text is too small: important labels only
  const OUTLINE_MIN_SCALE = 0.12; // below this, plain rectangles
  const OVERLAY_WIDTH = 190; // the widest an important concept's label gets at low zoom
  const OVERLAY_MAX = 70; // how many of them at most
  const MIN_SCALE = 0.01;
  const MAX_SCALE = 4;
  const FIT_MARGIN = 24;
  const DRAG_THRESHOLD = 4;
  const WHEEL_ZOOM_RATE = 0.0015;
  const NARROW = 640; // CSS pixels: below this the page opens in the list view
  const FOCUS_ANCESTORS = 160; // a concept's neighbourhood in a large library: nearest prerequisites
  const FOCUS_DEPENDENTS = 40; // and dependents
  const OVERVIEW = 150; // the most built-on concepts a large library opens with
  const MAX_STRETCH = 6; // how far a tall drawing's columns may be moved apart

  const COLOURS = {
    background: "#f7f8fa",
    text: "#1f2328",
    textZh: "#4a5260",
    edge: "#9aa3ad",
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

  // ---- The graph ------------------------------------------------------------

  const prerequisites = Array.from({ length: count }, () => []);
  const dependents = Array.from({ length: count }, () => []);
  const related = Array.from({ length: count }, () => []);
  for (const [source, target] of data.edges) {
    prerequisites[target].push(source);
    dependents[source].push(target);
  }
  for (const [a, b] of data.related) {
    related[a].push(b);
    related[b].push(a);
  }
  const indexById = new Map(nodes.map((node, i) => [node.id, i]));

  // ---- Progress -------------------------------------------------------------

  const STATE_NAMES = progress ? progress.names : {};
  const stateOf = (i) => (progress ? progress.states[i] : null);

  function mix(hex, whiteness) {
    const channels = [1, 3, 5].map((k) => parseInt(hex.slice(k, k + 2), 16));
    const mixed = channels.map((c) => Math.round(c + (255 - c) * whiteness));
    return `rgb(${mixed.join(",")})`;
  }

  // A node's band colour (its state, or its domain) and its fill: with
  // progress, the state's colour, the more saturated the likelier its recall.
  const bandColour = new Array(count);
  const fillColour = new Array(count);
  for (let i = 0; i < count; i++) {
    const domain = data.domains[nodes[i].domain];
    if (progress) {
      const state = stateOf(i);
      const colour = progress.colours[state];
      const strength = progress.retrievability[i];
      bandColour[i] = colour;
      fillColour[i] = mix(colour, strength === null ? 0.8 : 0.8 - 0.45 * strength);
    } else {
      bandColour[i] = domain.stroke;
      fillColour[i] = domain.fill;
    }
  }

  // ---- Labels and node sizes ------------------------------------------------

  function wrap(text, room) {
    // Words, or characters for text without spaces (Chinese), onto lines of
    // at most `room` pixels; a word wider than a line is broken where it must.
    const lines = [];
    let line = "";
    const tokens =
      text.match(/[\u2e80-\u9fff\uf900-\ufaff\uff00-\uffef]|[^\s\u2e80-\u9fff\uf900-\ufaff\uff00-\uffef-]+-?|-|\s+/g) || [];
    for (const token of tokens) {
      if (/^\s+$/.test(token)) {
        if (line) line += " ";
        continue;
      }
      const candidate = line + token;
      if (!line.trim() || ctx.measureText(candidate).width <= room) {
        line = candidate;
      } else {
        lines.push(line.trimEnd());
        line = token;
      }
      while (ctx.measureText(line).width > room && line.length > 1) {
        let cut = line.length - 1;
        while (cut > 1 && ctx.measureText(line.slice(0, cut)).width > room) cut--;
        lines.push(line.slice(0, cut));
        line = line.slice(cut);
      }
    }
    if (line.trim()) lines.push(line.trimEnd());
    return lines;
  }

  const labels = new Array(count);
  const width = new Float64Array(count);
  const height = new Float64Array(count);
  function measure(i) {
    // A node is NODE_WIDTH wide, wider if one word of its terms needs it.
    if (labels[i]) return;
    let inner = NODE_WIDTH - 2 * PADDING - STRIP;
    for (const [font, text] of [[EN_FONT, nodes[i].term_en], [ZH_FONT, nodes[i].term_zh]]) {
      ctx.font = font;
      for (const word of (text || "").split(/\s+|(?<=-)/)) {
        if (!/[\u2e80-\u9fff]/.test(word)) inner = Math.max(inner, ctx.measureText(word).width);
      }
    }
    inner = Math.min(inner, 3 * NODE_WIDTH);
    width[i] = inner + 2 * PADDING + STRIP;
    ctx.font = EN_FONT;
    const en = wrap(nodes[i].term_en, inner);
    ctx.font = ZH_FONT;
    const zh = nodes[i].term_zh ? wrap(nodes[i].term_zh, inner) : [];
    labels[i] = { en, zh };
    height[i] = Math.max(40, 2 * PADDING + (en.length + zh.length) * LINE_HEIGHT - 2);
  }

  // ---- Layout (dagre) -------------------------------------------------------

  const left = new Float64Array(count);
  const top = new Float64Array(count);
  const inMap = new Uint8Array(count);
  let mapped = []; // the indices laid out and drawn, in data order
  let mapEdges = []; // [source, target, points] among them
  let mapRelated = [];
  let layoutMs = 0;
  const whole = count <= data.layout_limit;

  function layOut(indices) {
    const begin = performance.now();
    const chosen = [...new Set(indices)].sort((a, b) => a - b);
    inMap.fill(0);
    for (const i of chosen) {
      inMap[i] = 1;
      measure(i);
    }
    const graph = new dagre.graphlib.Graph();
    graph.setGraph({
      rankdir: "LR",
      nodesep: 10,
      ranksep: 34,
      edgesep: 6,
      marginx: 0,
      marginy: 0,
      ranker: "network-simplex",
    });
    graph.setDefaultEdgeLabel(() => ({}));
    for (const i of chosen) graph.setNode(String(i), { width: width[i], height: height[i] });
    const edges = data.edges.filter(([s, t]) => inMap[s] && inMap[t]);
    for (const [s, t] of edges) graph.setEdge(String(s), String(t));
    dagre.layout(graph);
    // A drawing taller than the screen's shape is stretched sideways: the
    // columns move apart (the nodes keep their size), which leaves room for
    // labels and edges and loses nothing at fit, where the height decides.
    const drawing = graph.graph();
    const screenShape = Math.max(1, visibleWidth()) / Math.max(1, canvas.clientHeight);
    const stretch = Math.min(
      MAX_STRETCH,
      Math.max(1, (screenShape * (drawing.height || 1)) / (drawing.width || 1)),
    );
    for (const i of chosen) {
      const placed = graph.node(String(i));
      left[i] = placed.x * stretch - width[i] / 2;
      top[i] = placed.y - height[i] / 2;
    }
    mapEdges = edges.map(([s, t]) => {
      const points = (graph.edge(String(s), String(t)).points || []).map((point) => ({
        x: point.x * stretch,
        y: point.y,
      }));
      if (stretch !== 1 && points.length >= 2) {
        const clampY = (y, i) => Math.min(top[i] + height[i], Math.max(top[i], y));
        points[0] = { x: left[s] + width[s], y: clampY(points[0].y, s) };
        const last = points.length - 1;
        points[last] = { x: left[t], y: clampY(points[last].y, t) };
      }
      return [s, t, points];
    });
    mapRelated = data.related.filter(([a, b]) => inMap[a] && inMap[b]);
    mapped = chosen;
    layoutMs = performance.now() - begin;
  }

  // In a large library: a concept's neighbourhood (its nearest prerequisites,
  // breadth first, and its dependents), or an overview.
  function neighbourhood(i) {
    const chosen = new Set([i]);
    const queue = [i];
    while (queue.length && chosen.size <= FOCUS_ANCESTORS) {
      for (const j of prerequisites[queue.shift()]) {
        if (!chosen.has(j) && chosen.size <= FOCUS_ANCESTORS) {
          chosen.add(j);
          queue.push(j);
        }
      }
    }
    for (const j of dependents[i].slice(0, FOCUS_DEPENDENTS)) chosen.add(j);
    return [...chosen];
  }

  function overview() {
    const byWeight = nodes.map((_, i) => i).sort((a, b) => nodes[b].weight - nodes[a].weight || a - b);
    const chosen = new Set(byWeight.slice(0, OVERVIEW));
    if (progress) {
      for (const i of progress.next.slice(0, 20)) chosen.add(i);
      for (const i of progress.due.slice(0, 20)) chosen.add(i);
    }
    return [...chosen];
  }

  let focus = null; // in a large library, the concept whose neighbourhood is mapped

  function mapFor(indices, focusIndex) {
    focus = focusIndex;
    layOut(indices);
    updateMapNote();
    fit(null);
  }

  function updateMapNote() {
    const note = $("map-note");
    if (whole) {
      note.hidden = true;
      return;
    }
    note.hidden = false;
    note.textContent =
      focus === null
        ? `${count.toLocaleString("en")} concepts: the map shows the ${mapped.length} most built-on. ` +
          "Choose or search a concept to map its neighbourhood · 选择或搜索概念以查看其周边"
        : `The neighbourhood of ${nodes[focus].term_en} · ${nodes[focus].term_zh}: ` +
          `${mapped.length} of ${count.toLocaleString("en")} concepts · 周边概念`;
  }

  // ---- Drawing --------------------------------------------------------------

  const roundedRect = ctx.roundRect
    ? (x, y, w, h, radius) => ctx.roundRect(x, y, w, h, radius)
    : (x, y, w, h) => ctx.rect(x, y, w, h);

  const view = { scale: 1, x: 0, y: 0 }; // screen = world * scale + (x, y)
  let pixelRatio = 1;
  let drawnNodes = 0;
  let frameRequested = false;

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
    return {
      x0: -view.x / view.scale,
      y0: -view.y / view.scale,
      x1: (canvas.clientWidth - view.x) / view.scale,
      y1: (canvas.clientHeight - view.y) / view.scale,
    };
  }

  function boxVisible(world, x0, y0, x1, y1) {
    return x1 >= world.x0 && x0 <= world.x1 && y1 >= world.y0 && y0 <= world.y1;
  }

  // What is highlighted.
  let selected = null;
  let hovered = null;
  let matches = [];
  let matchCursor = -1;
  let pathTarget = null;
  const role = new Uint8Array(count);
  const ROLE_SELECTED = 1;
  const ROLE_PREREQUISITE = 2;
  const ROLE_DEPENDENT = 3;
  const ROLE_RELATED = 4;
  const step = new Int32Array(count);
  const matched = new Uint8Array(count);
  let dimming = false;
  let pathIsPartial = false;

  function edgeCurve(path, points, arrows) {
    // Through dagre's bend points: straight to the first midpoint, then
    // quadratic curves from midpoint to midpoint, straight to the end.
    if (points.length < 2) return;
    path.moveTo(points[0].x, points[0].y);
    for (let k = 1; k < points.length - 1; k++) {
      const middleX = (points[k].x + points[k + 1].x) / 2;
      const middleY = (points[k].y + points[k + 1].y) / 2;
      path.quadraticCurveTo(points[k].x, points[k].y, middleX, middleY);
    }
    const end = points[points.length - 1];
    const before = points[points.length - 2];
    path.lineTo(end.x, end.y);
    if (arrows) {
      const angle = Math.atan2(end.y - before.y, end.x - before.x);
      arrows.moveTo(end.x, end.y);
      arrows.lineTo(end.x - 8 * Math.cos(angle - 0.45), end.y - 8 * Math.sin(angle - 0.45));
      arrows.lineTo(end.x - 8 * Math.cos(angle + 0.45), end.y - 8 * Math.sin(angle + 0.45));
      arrows.closePath();
    }
  }

  function strokePath(path, colour, lineWidth, alpha, dash) {
    ctx.globalAlpha = alpha;
    ctx.strokeStyle = colour;
    ctx.lineWidth = Math.max(lineWidth, 1 / view.scale);
    ctx.setLineDash(dash ? dash.map((length) => length / Math.max(view.scale, 0.25)) : []);
    ctx.stroke(path);
  }

  function drawEdges(world, withArrows) {
    const groups = {};
    for (const name of ["base", "path", "in", "out"]) {
      groups[name] = [new Path2D(), withArrows ? new Path2D() : null];
    }
    for (const [source, target, points] of mapEdges) {
      let x0 = Infinity;
      let y0 = Infinity;
      let x1 = -Infinity;
      let y1 = -Infinity;
      for (const point of points) {
        x0 = Math.min(x0, point.x);
        y0 = Math.min(y0, point.y);
        x1 = Math.max(x1, point.x);
        y1 = Math.max(y1, point.y);
      }
      if (!boxVisible(world, x0, y0, x1, y1)) continue;
      let group = groups.base;
      if (selected !== null && target === selected) group = groups.in;
      else if (selected !== null && source === selected) group = groups.out;
      else if (pathIsPartial && step[source] && step[target]) group = groups.path;
      edgeCurve(group[0], points, group[1]);
    }
    const baseAlpha = dimming ? 0.2 : 0.75;
    const styles = [
      [groups.base, COLOURS.edge, 1.2, baseAlpha],
      [groups.path, COLOURS.path, 3.5, 1],
      [groups.in, COLOURS.prerequisite, 2.5, 1],
      [groups.out, COLOURS.dependent, 2.5, 1],
    ];
    for (const [group, colour, line, alpha] of styles) strokePath(group[0], colour, line, alpha);
    if (withArrows) {
      for (const [group, colour, , alpha] of styles) {
        ctx.globalAlpha = alpha;
        ctx.fillStyle = colour;
        ctx.fill(group[1]);
      }
    }
    // Related links are shown only for the selected concept.
    if (selected !== null && related[selected].length) {
      const links = new Path2D();
      for (const j of related[selected]) {
        if (!inMap[j]) continue;
        const x1 = left[selected] + width[selected] / 2;
        const y1 = top[selected] + height[selected] / 2;
        const x2 = left[j] + width[j] / 2;
        const y2 = top[j] + height[j] / 2;
        const length = Math.hypot(x2 - x1, y2 - y1) || 1;
        const bulge = Math.min(60, length / 4);
        links.moveTo(x1, y1);
        links.quadraticCurveTo(
          (x1 + x2) / 2 + ((y2 - y1) / length) * bulge,
          (y1 + y2) / 2 - ((x2 - x1) / length) * bulge,
          x2,
          y2,
        );
      }
      strokePath(links, COLOURS.relatedSelected, 2, 0.9, [6, 4]);
    }
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
    return [progress ? bandColour[i] : data.domains[nodes[i].domain].stroke, 1.5];
  }

  function emphasised(i) {
    return !dimming || role[i] || matched[i] || (step[i] && selected === null);
  }

  function drawNode(i, withText, outlined) {
    const x = left[i];
    const y = top[i];
    const h = height[i];
    const w = width[i];
    ctx.globalAlpha = emphasised(i) ? 1 : 0.22;
    if (!outlined) {
      ctx.fillStyle = matched[i] ? COLOURS.match : bandColour[i];
      ctx.fillRect(x, y, w, h);
      return;
    }
    if (matched[i]) {
      ctx.fillStyle = COLOURS.match;
      ctx.beginPath();
      roundedRect(x - 6, y - 6, w + 12, h + 12, 12);
      ctx.fill();
    }
    if (i === data.target) {
      ctx.strokeStyle = COLOURS.path;
      ctx.lineWidth = Math.max(2, 2 / view.scale);
      ctx.beginPath();
      roundedRect(x - 5, y - 5, w + 10, h + 10, 11);
      ctx.stroke();
    }
    ctx.save();
    ctx.beginPath();
    roundedRect(x, y, w, h, 7);
    ctx.fillStyle = fillColour[i];
    ctx.fill();
    ctx.clip();
    ctx.fillStyle = bandColour[i];
    ctx.fillRect(x, y, STRIP, h);
    ctx.restore();
    const [stroke, lineWidth] = nodeOutline(i);
    ctx.beginPath();
    roundedRect(x, y, w, h, 7);
    ctx.strokeStyle = stroke;
    ctx.lineWidth = Math.max(lineWidth, 1 / view.scale);
    ctx.stroke();
    if (!withText) return;

    const { en, zh } = labels[i];
    let baseline = y + PADDING + LINE_HEIGHT - 4;
    const textX = x + STRIP + PADDING;
    ctx.fillStyle = COLOURS.text;
    ctx.font = EN_FONT;
    for (const line of en) {
      ctx.fillText(line, textX, baseline);
      baseline += LINE_HEIGHT;
    }
    ctx.fillStyle = COLOURS.textZh;
    ctx.font = ZH_FONT;
    for (const line of zh) {
      ctx.fillText(line, textX, baseline);
      baseline += LINE_HEIGHT;
    }
    if (step[i]) {
      const badge = String(step[i]);
      ctx.font = BADGE_FONT;
      const radius = Math.max(8, ctx.measureText(badge).width / 2 + 3);
      ctx.fillStyle = COLOURS.path;
      ctx.beginPath();
      ctx.arc(x + w - radius - 4, y - 1, radius, 0, 2 * Math.PI);
      ctx.fill();
      ctx.fillStyle = COLOURS.text;
      ctx.textAlign = "center";
      ctx.fillText(badge, x + w - radius - 4, y + 2.5);
      ctx.textAlign = "left";
    }
  }

  // How much a concept deserves a readable label when the map is zoomed out:
  // the selected one and the target first, then search matches, what is due
  // and the next to learn (with progress), then the most built-on.
  function importance(i) {
    if (i === selected || i === data.target) return 1e12;
    let score = nodes[i].weight;
    if (matched[i]) score += 1e10;
    if (role[i]) score += 1e9;
    if (progress) {
      const state = stateOf(i);
      if (state === "due") score += 1e8;
      if (state === "ready") score += 2e8 - progress.rank[i];
    }
    return score;
  }

  let overlayOrder = null; // mapped indices by importance; recomputed when highlights change

  function drawOverlayLabels() {
    // In screen space: full terms, wrapped, for the most important concepts
    // whose labels do not overlap one already placed.
    ctx.setTransform(pixelRatio, 0, 0, pixelRatio, 0, 0);
    overlayOrder ||= [...mapped].sort((a, b) => importance(b) - importance(a));
    const placed = [];
    const widthPx = canvas.clientWidth;
    const heightPx = canvas.clientHeight;
    let shown = 0;
    for (const i of overlayOrder) {
      if (shown >= OVERLAY_MAX) break;
      if (dimming && !emphasised(i)) continue;
      const cx = view.x + (left[i] + width[i] / 2) * view.scale;
      const cy = view.y + (top[i] + height[i] / 2) * view.scale;
      if (cx < 0 || cx > widthPx || cy < 0 || cy > heightPx) continue;
      ctx.font = OVERLAY_EN_FONT;
      const en = wrap(nodes[i].term_en, OVERLAY_WIDTH);
      ctx.font = OVERLAY_ZH_FONT;
      const zh = nodes[i].term_zh ? wrap(nodes[i].term_zh, OVERLAY_WIDTH) : [];
      let textWidth = 0;
      ctx.font = OVERLAY_EN_FONT;
      for (const line of en) textWidth = Math.max(textWidth, ctx.measureText(line).width);
      ctx.font = OVERLAY_ZH_FONT;
      for (const line of zh) textWidth = Math.max(textWidth, ctx.measureText(line).width);
      const boxWidth = textWidth + 14;
      const boxHeight = (en.length + zh.length) * 15 + 8;
      const x = Math.min(Math.max(2, cx - boxWidth / 2), widthPx - boxWidth - 2);
      const y = Math.min(Math.max(2, cy - boxHeight / 2), heightPx - boxHeight - 2);
      const box = [x - 3, y - 3, x + boxWidth + 3, y + boxHeight + 3];
      if (placed.some((p) => box[0] < p[2] && p[0] < box[2] && box[1] < p[3] && p[1] < box[3])) {
        continue;
      }
      placed.push(box);
      shown++;
      ctx.globalAlpha = 0.95;
      ctx.fillStyle = "#ffffff";
      ctx.beginPath();
      roundedRect(x, y, boxWidth, boxHeight, 5);
      ctx.fill();
      ctx.globalAlpha = 1;
      ctx.lineWidth = i === selected ? 2.5 : 1.5;
      ctx.strokeStyle = i === selected ? COLOURS.selected : bandColour[i];
      ctx.stroke();
      let baseline = y + 15;
      ctx.fillStyle = COLOURS.text;
      ctx.font = OVERLAY_EN_FONT;
      for (const line of en) {
        ctx.fillText(line, x + 7, baseline);
        baseline += 15;
      }
      ctx.fillStyle = COLOURS.textZh;
      ctx.font = OVERLAY_ZH_FONT;
      for (const line of zh) {
        ctx.fillText(line, x + 7, baseline);
        baseline += 15;
      }
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
    drawEdges(world, view.scale >= 0.3);
    ctx.textBaseline = "alphabetic";
    drawnNodes = 0;
    for (const i of mapped) {
      if (!boxVisible(world, left[i], top[i], left[i] + width[i], top[i] + height[i])) continue;
      drawNode(i, withText, outlined);
      drawnNodes++;
    }
    ctx.globalAlpha = 1;
    if (!withText) drawOverlayLabels();
  }

  // ---- View -----------------------------------------------------------------

  function visibleWidth() {
    const covered = !panel.hidden && window.innerWidth >= NARROW ? panel.offsetWidth : 0;
    return canvas.clientWidth - covered;
  }

  function fit(indices) {
    const chosen = (indices || []).filter((i) => inMap[i]);
    const around = chosen.length ? chosen : mapped;
    if (!around.length) return;
    let x0 = Infinity;
    let y0 = Infinity;
    let x1 = -Infinity;
    let y1 = -Infinity;
    for (const i of around) {
      x0 = Math.min(x0, left[i]);
      y0 = Math.min(y0, top[i]);
      x1 = Math.max(x1, left[i] + width[i]);
      y1 = Math.max(y1, top[i] + height[i]);
    }
    const room = Math.max(1, visibleWidth() - 2 * FIT_MARGIN);
    const note = $("map-note");
    const reserved = note.hidden ? 0 : note.offsetHeight + 8; // room for the note above the map
    const h = Math.max(1, canvas.clientHeight - reserved - 2 * FIT_MARGIN);
    view.scale = Math.min(room / (x1 - x0), h / (y1 - y0), 1.2);
    view.x = (visibleWidth() - (x1 - x0) * view.scale) / 2 - x0 * view.scale;
    view.y = reserved + (canvas.clientHeight - reserved - (y1 - y0) * view.scale) / 2 - y0 * view.scale;
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
    view.x = visibleWidth() / 2 - (left[i] + width[i] / 2) * view.scale;
    view.y = canvas.clientHeight / 2 - (top[i] + height[i] / 2) * view.scale;
    requestDraw();
  }

  function keepInView(i) {
    const right = view.x + (left[i] + width[i]) * view.scale;
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
    for (const i of mapped) {
      if (x >= left[i] && x <= left[i] + width[i] && y >= top[i] && y <= top[i] + height[i]) {
        return i;
      }
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
    pathIsPartial = path.length > 0 && path.length < mapped.length;
    dimming = selected !== null || matches.length > 0 || pathIsPartial;
    overlayOrder = null;
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

  // ---- Panel: details, progress and the list of concepts ---------------------

  function swatch(i) {
    const element = document.createElement("span");
    element.className = "swatch";
    element.style.background = fillColour[i];
    element.style.borderColor = bandColour[i];
    return element;
  }

  function domainSwatch(domainIndex) {
    const element = document.createElement("span");
    element.className = "swatch";
    element.style.background = data.domains[domainIndex].fill;
    element.style.borderColor = data.domains[domainIndex].stroke;
    return element;
  }

  function stateSwatch(state) {
    const element = document.createElement("span");
    element.className = "swatch";
    element.style.background = mix(progress.colours[state], 0.45);
    element.style.borderColor = progress.colours[state];
    return element;
  }

  function conceptButton(i, note) {
    const button = document.createElement("button");
    button.type = "button";
    button.dataset.index = String(i);
    if (progress) button.dataset.state = stateOf(i);
    const en = document.createElement("span");
    en.textContent = nodes[i].term_en;
    const zh = document.createElement("span");
    zh.className = "zh";
    zh.textContent = nodes[i].term_zh;
    button.append(swatch(i), en, zh);
    if (note) {
      const extra = document.createElement("small");
      extra.textContent = note;
      button.append(extra);
    }
    return button;
  }

  function fillLinks(listId, countId, indices, note) {
    $(listId).replaceChildren(
      ...indices.map((i) => {
        const item = document.createElement("li");
        item.append(conceptButton(i, note ? note(i) : ""));
        return item;
      }),
    );
    if (countId) $(countId).textContent = `(${indices.length})`;
  }

  function setText(id, text) {
    $(id).textContent = text;
    // A heading and its text are hidden together when there is no text.
    for (const element of document.querySelectorAll(`[data-for="${id}"]`)) element.hidden = !text;
    $(id).hidden = !text;
  }

  function renderFormula(element, latex) {
    element.replaceChildren();
    if (!latex) return;
    try {
      katex.render(latex, element, { output: "mathml", throwOnError: true, displayMode: true });
    } catch {
      element.textContent = latex; // KaTeX cannot read it: show the LaTeX as written
      element.classList.add("raw");
      return;
    }
    element.classList.remove("raw");
  }

  function stateLine(i) {
    if (!progress) return "";
    const parts = [STATE_NAMES[stateOf(i)]];
    const strength = progress.retrievability[i];
    if (strength !== null) parts.push(`recall ${Math.round(strength * 100)}% · 记忆保持率`);
    if (progress.due_now[i]) parts.push(`${progress.due_now[i]} card(s) due now`);
    else if (progress.next_due[i]) parts.push(`next review ${progress.next_due[i].slice(0, 16).replace("T", " ")} UTC`);
    return parts.join(" · ");
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
    setText("details-state", stateLine(i));
    if (progress) $("details-state").style.borderColor = bandColour[i];
    $("details-definition-en").textContent = node.definition_en;
    $("details-definition-zh").textContent = node.definition_zh;
    renderFormula($("details-formula"), node.formula);
    for (const element of document.querySelectorAll('[data-for="details-formula"]')) {
      element.hidden = !node.formula;
    }
    $("details-formula").hidden = !node.formula;
    setText("details-legend-en", node.legend_en);
    setText("details-legend-zh", node.legend_zh);
    setText("details-example-en", node.example_en);
    setText("details-example-zh", node.example_zh);
    setText("details-worked-en", node.worked_example_en);
    setText("details-worked-zh", node.worked_example_zh);
    setText("details-notes-en", node.notes_en);
    setText("details-notes-zh", node.notes_zh);
    const references = $("details-references");
    references.replaceChildren(
      ...node.references.map((reference) => {
        const item = document.createElement("li");
        item.textContent = reference;
        return item;
      }),
    );
    for (const element of document.querySelectorAll('[data-for="details-references"]')) {
      element.hidden = !node.references.length;
    }
    references.hidden = !node.references.length;
    $("details-tags").textContent = node.tags.length ? node.tags.join(", ") : "–";
    $("details-engine").textContent = node.engine || "–";
    fillLinks("details-prerequisites", "details-prerequisites-count", prerequisites[i]);
    fillLinks("details-dependents", "details-dependents-count", dependents[i]);
    // Related, less what is already a prerequisite or a dependent.
    const linked = new Set([...prerequisites[i], ...dependents[i]]);
    fillLinks("details-related", "details-related-count", related[i].filter((j) => !linked.has(j)));
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
    if (i !== null && !inMap[i]) mapFor(neighbourhood(i), i);
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
      item.append(conceptButton(i, progress ? STATE_NAMES[stateOf(i)].split(" · ")[0] : ""));
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
      item.append(domainSwatch(index), name);
      legend.append(item);
    }
    if (!progress) return;
    const states = $("legend-states");
    states.hidden = false;
    const counts = {};
    for (let i = 0; i < count; i++) counts[stateOf(i)] = (counts[stateOf(i)] || 0) + 1;
    for (const state of progress.order) {
      const item = document.createElement("li");
      item.dataset.state = state;
      const name = document.createElement("span");
      name.textContent = `${STATE_NAMES[state]} (${counts[state] || 0})`;
      item.append(stateSwatch(state), name);
      states.append(item);
    }
  }

  function buildProgress() {
    if (!progress) return;
    $("progress").hidden = false;
    $("progress-made").textContent = `Snapshot of ${progress.source}, ${progress.made} · 快照`;
    fillLinks("progress-due", "progress-due-count", progress.due, (i) => `${progress.due_now[i]} due`);
    fillLinks("progress-next", "progress-next-count", progress.next.slice(0, progress.next_shown));
    const table = $("progress-domains");
    const rows = data.domains.map((domain) => ({ name: domain.name, total: 0, learned: 0, due: 0, ready: 0 }));
    for (let i = 0; i < count; i++) {
      const row = rows[nodes[i].domain];
      const state = stateOf(i);
      row.total++;
      if (state === "learned" || state === "known") row.learned++;
      if (state === "due") row.due++;
      if (state === "ready") row.ready++;
    }
    for (const [index, row] of rows.entries()) {
      const line = document.createElement("tr");
      const name = document.createElement("th");
      name.append(domainSwatch(index), document.createTextNode(row.name));
      line.append(name);
      for (const value of [`${row.learned}/${row.total}`, row.due, row.ready]) {
        const cell = document.createElement("td");
        cell.textContent = String(value);
        line.append(cell);
      }
      table.append(line);
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
    const visible = matches.filter((i) => inMap[i]);
    if (matches.length && !visible.length) mapFor(neighbourhood(matches[0]), matches[0]);
    if (matches.length) centreOn(matches.find((i) => inMap[i]));
    updateHighlights();
  }

  function nextMatch() {
    if (!matches.length) return;
    select(matches[matchCursor], true);
    matchCursor = (matchCursor + 1) % matches.length;
  }

  // ---- Views: map or list -----------------------------------------------------

  function setView(listView) {
    document.body.classList.toggle("list-view", listView);
    $("toggle-view").textContent = listView ? "Map · 图" : "List · 列表";
    if (listView) setPanel(true);
    else {
      if (window.innerWidth < NARROW) setPanel(false); // the panel would cover the whole map
      resize();
      if (!moved) fit(data.target !== null ? data.path : null);
      requestDraw();
    }
  }

  // ---- Events ---------------------------------------------------------------

  let press = null;
  let dragged = false;
  const pointers = new Map();
  let pinch = null;

  canvas.addEventListener("pointerdown", (event) => {
    pointers.set(event.pointerId, { x: event.clientX, y: event.clientY });
    if (pointers.size === 2) {
      const [a, b] = [...pointers.values()];
      pinch = { distance: Math.hypot(a.x - b.x, a.y - b.y), scale: view.scale };
    }
    press = { x: event.clientX, y: event.clientY, viewX: view.x, viewY: view.y };
    dragged = false;
    canvas.setPointerCapture(event.pointerId);
  });

  canvas.addEventListener("pointermove", (event) => {
    if (pointers.has(event.pointerId)) pointers.set(event.pointerId, { x: event.clientX, y: event.clientY });
    if (pinch && pointers.size === 2) {
      const [a, b] = [...pointers.values()];
      const bounds = canvas.getBoundingClientRect();
      const factor = (pinch.scale * Math.hypot(a.x - b.x, a.y - b.y)) / pinch.distance / view.scale;
      zoomAt((a.x + b.x) / 2 - bounds.left, (a.y + b.y) / 2 - bounds.top, factor);
      dragged = true;
      return;
    }
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

  function endPress(event) {
    pointers.delete(event.pointerId);
    if (pointers.size < 2) pinch = null;
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
    $("tooltip-domain").textContent =
      `${data.domains[nodes[i].domain].name} · ${nodes[i].id}` + (progress ? ` · ${STATE_NAMES[stateOf(i)]}` : "");
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
  $("fit").addEventListener("click", () => fit(null));
  $("toggle-panel").addEventListener("click", () => setPanel(panel.hidden));
  $("toggle-view").addEventListener("click", () =>
    setView(!document.body.classList.contains("list-view")),
  );
  $("close-panel").addEventListener("click", () => {
    setPanel(false);
    if (document.body.classList.contains("list-view")) setView(false);
  });
  $("details-path").addEventListener("click", () => {
    pathTarget = pathTarget === selected ? null : selected;
    if (pathTarget !== null && !whole) mapFor(learningPath(pathTarget).slice(-FOCUS_ANCESTORS), pathTarget);
    showDetails(selected);
    updateHighlights();
    if (pathTarget !== null) fit(learningPath(pathTarget));
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
    else if (event.key === "0") fit(null);
    else if (event.key === "Escape") {
      if (selected !== null) select(null, false);
      else setPanel(false);
    }
  });

  // Until the reader moves the map, a change of size (a rotated phone, the
  // toolbar wrapping once fonts load) fits it again.
  let moved = false;
  for (const type of ["wheel", "pointerdown"]) canvas.addEventListener(type, () => (moved = true));
  new ResizeObserver(() => {
    resize();
    if (!moved && selected === null) fit(data.target !== null ? data.path : null);
    draw();
  }).observe(canvas);

  // ---- Test hook ------------------------------------------------------------

  // Used by tests/kg/export/test_html.py through headless Chromium's
  // --dump-dom: with "#selftest" in the URL, the page samples the colour of each
  // mapped concept's band (its state or domain colour), renders every formula,
  // clicks its first mapped concept on the canvas as a user would, and writes a
  // JSON report into <pre id="selftest">.
  function selftest(firstFrameMs, firstFrameNodes) {
    const bands = {};
    view.scale = 1;
    for (const i of mapped.slice(0, 300)) {
      view.x = 20 - left[i];
      view.y = 20 - top[i];
      draw();
      const pixel = ctx.getImageData(
        Math.round((20 + STRIP / 2) * pixelRatio),
        Math.round((20 + height[i] / 2) * pixelRatio),
        1,
        1,
      ).data;
      bands[nodes[i].id] = [pixel[0], pixel[1], pixel[2]];
    }
    let formulas = 0;
    const failed = [];
    const scratch = document.createElement("div");
    for (const node of nodes) {
      if (!node.formula) continue;
      formulas++;
      try {
        katex.render(node.formula, scratch, { output: "mathml", throwOnError: true });
      } catch (error) {
        failed.push(`${node.id}: ${error.message}`);
      }
    }
    const first = mapped[0];
    centreOn(first);
    draw();
    const bounds = canvas.getBoundingClientRect();
    canvas.dispatchEvent(
      new MouseEvent("click", {
        bubbles: true,
        clientX: bounds.left + view.x + (left[first] + width[first] / 2) * view.scale,
        clientY: bounds.top + view.y + (top[first] + height[first] / 2) * view.scale,
      }),
    );
    const report = {
      errors,
      render_ms: Math.round(firstFrameMs),
      layout_ms: Math.round(layoutMs),
      concepts: count,
      mapped: mapped.length,
      drawn: firstFrameNodes,
      listed: list.querySelectorAll("li").length,
      path_steps: step.filter((position) => position > 0).length,
      selected: selected === null ? null : nodes[selected].id,
      details: details.hidden ? "" : details.innerText,
      formula_shown: $("details-formula").hidden ? "" : $("details-formula").innerHTML,
      formulas,
      formula_failures: failed,
      bands,
      boxes: Object.fromEntries(mapped.map((i) => [nodes[i].id, [left[i], top[i], width[i], height[i]]])),
      list_states: progress
        ? Object.fromEntries([...list.querySelectorAll("button")].map((b) => [nodes[b.dataset.index].id, b.dataset.state]))
        : null,
      resources: performance.getEntriesByType("resource").length,
    };
    const output = $("selftest");
    output.textContent = JSON.stringify(report);
    output.hidden = false;
  }

  // ---- Start ----------------------------------------------------------------

  const title = `${data.title.en} · ${data.title.zh}`;
  $("title").textContent =
    data.target === null
      ? title
      : `Learning path to ${nodes[data.target].term_en} · ${nodes[data.target].term_zh}`;
  $("summary").textContent =
    `${count} concepts · ${data.edges.length} prerequisites · ${data.related.length} related` +
    (progress ? ` · progress at ${progress.made}` : "");
  buildLegend();
  buildProgress();
  buildList();
  resize();
  const narrow = window.innerWidth < NARROW;
  if (!narrow && progress) setPanel(true);
  if (data.target !== null) pathTarget = data.target;
  layOut(whole ? nodes.map((_, i) => i) : overview());
  updateMapNote();
  updateHighlights();
  fit(data.target !== null ? data.path : null);
  draw();
  const firstFrameMs = performance.now() - started;
  const firstFrameNodes = drawnNodes;
  if (narrow) setView(true);
  let wanted = "";
  try {
    wanted = decodeURIComponent(window.location.hash.slice(1));
  } catch {
    // A malformed link: show the graph as it is.
  }
  if (wanted === "map") setView(false); // a link to the map itself, even on a narrow screen
  else if (wanted === "list") setView(true);
  else if (wanted === "selftest") selftest(firstFrameMs, firstFrameNodes);
  else if (indexById.has(wanted)) select(indexById.get(wanted), true);
})();
