/* dateline web page: events table, timeline, map, commitments and their evidence, contested
 * claims, article view and paste box.
 *
 * Plain JavaScript, no framework, no network beyond this server. Article text is untrusted:
 * every piece of it reaches the page through textContent / setAttribute / Text nodes, never
 * through innerHTML, so a story containing "<script>" or "onerror=" is shown as text.
 */
'use strict';

const PLOVER_TYPES = [
  'AGREE', 'CONSULT', 'SUPPORT', 'CONCEDE', 'COOPERATE', 'AID', 'RETREAT', 'REQUEST', 'ACCUSE',
  'REJECT', 'THREATEN', 'PROTEST', 'SANCTION', 'MOBILIZE', 'COERCE', 'ASSAULT',
];
const STATUSES = ['occurred', 'planned', 'hypothetical', 'negated'];
const FILTERS = ['type', 'status', 'country', 'place', 'actor', 'since', 'until'];
/* Fixed colours per type (conflict in warm tones, cooperation in cool), so a chart reads the
 * same whatever the filter; types outside PLOVER take the spare colours in order. */
const TYPE_COLORS = {
  ASSAULT: '#d62728', COERCE: '#ff7f0e', THREATEN: '#e377c2', PROTEST: '#8c564b',
  MOBILIZE: '#e6a817', SANCTION: '#bcbd22', ACCUSE: '#9467bd', REJECT: '#7b4173',
  REQUEST: '#17becf', CONSULT: '#1f77b4', AGREE: '#2ca02c', SUPPORT: '#98c46b',
  COOPERATE: '#393b79', AID: '#637939', CONCEDE: '#c49c3b', RETREAT: '#7f7f7f',
};
const SPARE_COLORS = ['#3182bd', '#e6550d', '#31a354', '#756bb1', '#636363', '#fd8d3c'];
const SVG_NS = 'http://www.w3.org/2000/svg';

/* ---------- small DOM helpers (text only, never HTML) ---------- */

function el(tag, attrs, ...children) {
  const node = document.createElement(tag);
  setAttrs(node, attrs);
  for (const child of children.flat()) {
    if (child !== null && child !== undefined && child !== false) node.append(child);
  }
  return node;
}

function svg(tag, attrs, ...children) {
  const node = document.createElementNS(SVG_NS, tag);
  setAttrs(node, attrs);
  for (const child of children.flat()) if (child) node.append(child);
  return node;
}

function setAttrs(node, attrs) {
  for (const [key, value] of Object.entries(attrs || {})) {
    if (value === null || value === undefined || value === false) continue;
    if (key === 'text') node.textContent = value;
    /* Through the CSSOM, not a style attribute: the Content-Security-Policy (style-src
     * 'self') refuses inline style attributes but not properties set from a script. */
    else if (key === 'style') node.style.cssText = value;
    else if (key.startsWith('on')) node.addEventListener(key.slice(2), value);
    else node.setAttribute(key, value);
  }
}

function setStatus(message, isError) {
  const status = document.getElementById('status');
  status.textContent = message || '';
  status.classList.toggle('error', !!isError);
}

async function api(path, options) {
  const response = await fetch(path, options);
  const body = await response.json().catch(() => ({}));
  if (!response.ok) {
    const detail = typeof body.detail === 'string' ? body.detail : JSON.stringify(body.detail || body);
    throw new Error(`${response.status}: ${detail}`);
  }
  return body;
}

function parseHash() {
  const raw = location.hash.replace(/^#\/?/, '');
  const [path, query] = raw.split('?');
  return { parts: path.split('/').filter(Boolean).map(decodeURIComponent),
           params: new URLSearchParams(query || '') };
}

/* ---------- routing ---------- */

async function route() {
  const { parts, params } = parseHash();
  const view = parts[0] || 'events';
  for (const link of document.querySelectorAll('nav a[data-view]')) {
    link.classList.toggle('active', link.dataset.view === view);
  }
  const main = document.getElementById('main');
  main.replaceChildren();
  setStatus('');
  try {
    if (view === 'article' && parts[1]) await showArticle(main, parts[1], params);
    else if (view === 'articles') await showArticles(main, params);
    else if (view === 'commitments') await showCommitments(main, params);
    else if (view === 'disputes') await showDisputes(main, params);
    else if (view === 'paste') showPaste(main);
    else await showEvents(main, params);
  } catch (err) {
    setStatus(err.message, true);
    main.append(el('p', { class: 'error', text: `Could not load: ${err.message}` }));
  }
}

/* Rows and list items that act on click also act on Enter / Space for keyboard users. */
document.addEventListener('keydown', (event) => {
  const target = event.target;
  if ((event.key === 'Enter' || event.key === ' ') && target.matches && target.matches('[data-clickable]')) {
    event.preventDefault();
    target.click();
  }
});

window.addEventListener('hashchange', route);
window.addEventListener('DOMContentLoaded', route);

/* ---------- events view ---------- */

function filterQuery(params) {
  const query = new URLSearchParams();
  for (const name of FILTERS) {
    const value = params.get(name);
    if (value) query.set(name, value);
  }
  return query;
}

function filterForm(params) {
  const typeOptions = [el('option', { value: '', text: 'any type' }),
    ...PLOVER_TYPES.map((t) => el('option', { value: t, text: t }))];
  const statusOptions = [el('option', { value: '', text: 'any status' }),
    ...STATUSES.map((s) => el('option', { value: s, text: s }))];
  const field = (label, input) => el('label', {}, label, input);
  const form = el('form', { class: 'filters panel', id: 'filters' },
    field('type', el('select', { name: 'type' }, typeOptions)),
    field('status', el('select', { name: 'status' }, statusOptions)),
    field('country', el('input', { type: 'text', name: 'country', placeholder: 'AFG' })),
    field('place', el('input', { type: 'text', name: 'place', placeholder: 'place name' })),
    field('actor', el('input', { type: 'text', name: 'actor', placeholder: 'actor name' })),
    field('since', el('input', { type: 'date', name: 'since' })),
    field('until', el('input', { type: 'date', name: 'until' })),
    el('button', { type: 'submit', class: 'primary', text: 'Filter' }),
    el('button', { type: 'button', text: 'Clear', onclick: () => { location.hash = '#/events'; } }));
  for (const name of FILTERS) form.elements[name].value = params.get(name) || '';
  form.addEventListener('submit', (event) => {
    event.preventDefault();
    const query = new URLSearchParams();
    for (const name of FILTERS) {
      const value = form.elements[name].value.trim();
      if (value) query.set(name, value);
    }
    location.hash = `#/events?${query}`;
  });
  return form;
}

async function showEvents(main, params) {
  const query = filterQuery(params);
  main.append(el('h1', { text: 'Events' }), filterForm(params));
  const charts = el('div', { class: 'charts' });
  const timeline = el('div', { class: 'panel', id: 'timeline' }, el('h2', { text: 'Events over time, by type' }));
  const map = el('div', { class: 'panel', id: 'map' }, el('h2', { text: 'Where (circle size: fatalities)' }));
  charts.append(timeline, map);
  const qs = query.toString();
  const csv = el('a', { class: 'button', id: 'download-csv', href: `/export/events.csv?${qs}`,
                        download: 'events.csv', text: 'Download CSV' });
  const jsonl = el('a', { class: 'button', href: `/export/events.jsonl?${qs}`,
                          download: 'events.jsonl', text: 'JSONL' });
  const count = el('span', { class: 'muted', id: 'event-count' });
  const table = new EventTable();
  const more = el('button', { id: 'load-more', text: 'Load more', hidden: true });
  main.append(charts, el('div', { class: 'toolbar' }, count, csv, jsonl), table.node, more);

  let cursor = null;
  const loadPage = async () => {
    const page = new URLSearchParams(query);
    page.set('limit', '200');
    if (cursor) page.set('cursor', cursor);
    const data = await api(`/events?${page}`);
    table.add(data.items);
    cursor = data.next_cursor;
    more.hidden = !cursor;
    count.textContent = `${table.rows.length} event${table.rows.length === 1 ? '' : 's'} shown` +
      (cursor ? ' (more available)' : '');
  };
  more.addEventListener('click', () => loadPage().catch((err) => setStatus(err.message, true)));
  const [summary] = await Promise.all([api(`/events/summary?${qs}`), loadPage(), worldShapes()]);
  drawTimeline(timeline, summary);
  drawMap(map, summary);
}

/* Table columns: [key, label, value(row)] over the API's canonical-event rows. */
const EVENT_COLUMNS = [
  ['date', 'Date', (r) => r.event_date || ''],
  ['type', 'Type', (r) => r.type || ''],
  ['status', 'Status', (r) => r.status || ''],
  ['country', 'Country', (r) => r.country || ''],
  ['place', 'Place', (r) => r.location || ''],
  ['actors', 'Actors', (r) => (r.actors || []).join(', ')],
  ['targets', 'Targets', (r) => (r.targets || []).join(', ')],
  ['fatalities', 'Fatalities', (r) => (r.fatalities_best === null || r.fatalities_best === undefined
    ? '' : r.fatalities_best)],
  ['evidence', 'Evidence', (r) => (r.evidence && r.evidence.trigger) || ''],
  ['article', 'Article', (r) => (r.evidence && (r.evidence.title || `article ${r.evidence.article_id}`)) || ''],
];
const COLUMN_VALUE = new Map(EVENT_COLUMNS.map(([key, , value]) => [key, value]));

class EventTable {
  constructor() {
    this.rows = [];
    this.sortKey = null;
    this.sortDir = 1;
    this.body = el('tbody');
    this.head = el('tr', {}, EVENT_COLUMNS.map(([key, label]) =>
      el('th', { 'data-key': key, text: label, onclick: () => this.sortBy(key) })));
    this.node = el('table', { class: 'grid', id: 'events-table' }, el('thead', {}, this.head), this.body);
  }

  add(items) {
    this.rows.push(...items);
    this.render();
  }

  sortBy(key) {
    this.sortDir = this.sortKey === key ? -this.sortDir : 1;
    this.sortKey = key;
    this.render();
  }

  render() {
    const rows = [...this.rows];
    if (this.sortKey) {
      const value = COLUMN_VALUE.get(this.sortKey);
      rows.sort((a, b) => compare(value(a), value(b), this.sortDir));
    }
    for (const th of this.head.children) {
      th.classList.toggle('sorted-asc', th.dataset.key === this.sortKey && this.sortDir > 0);
      th.classList.toggle('sorted-desc', th.dataset.key === this.sortKey && this.sortDir < 0);
    }
    this.body.replaceChildren(...rows.map(eventRow));
    if (!rows.length) {
      this.body.append(el('tr', {}, el('td', { colspan: EVENT_COLUMNS.length, class: 'muted',
                                                 text: 'No events match these filters.' })));
    }
  }
}

/* Order two cell values; empty cells stay at the bottom whichever way the column is sorted. */
function compare(a, b, dir) {
  if (a === '' || b === '') return (a === '') - (b === '');
  if (typeof a === 'number' && typeof b === 'number') return (a - b) * dir;
  return String(a).localeCompare(String(b)) * dir;
}

function eventRow(row) {
  const evidence = row.evidence;
  const open = () => {
    if (!evidence) return;
    location.hash = `#/article/${encodeURIComponent(evidence.article_id)}` +
      `?event=${encodeURIComponent(evidence.event)}`;
  };
  const cells = EVENT_COLUMNS.map(([key, , value]) => {
    const text = String(value(row));
    if (key === 'type') return el('td', {}, el('span', { class: 'tag', text }));
    if (key === 'status') return el('td', {}, el('span', { class: `tag st-${text}`, text }));
    return el('td', { text });
  });
  return el('tr', { 'data-event': row.id, title: row.notes || null, onclick: open, tabindex: 0,
                    'data-clickable': '' }, cells);
}

/* ---------- timeline: stacked bars of counts by type per period ---------- */

function typeColors(types) {
  const colors = new Map();
  let spare = 0;
  for (const type of types) {
    colors.set(type, TYPE_COLORS[type] || SPARE_COLORS[spare++ % SPARE_COLORS.length]);
  }
  return colors;
}

function drawTimeline(panel, summary) {
  const buckets = summary.timeline || [];
  if (!buckets.length) {
    panel.append(el('p', { class: 'muted', text: 'No dated events for these filters.' }));
    return;
  }
  const periods = fillPeriods([...new Set(buckets.map((b) => b.period))].sort());
  const types = [...new Set(buckets.map((b) => b.type))].sort();
  const colors = typeColors(types);
  const totals = new Map(periods.map((p) => [p, 0]));
  for (const b of buckets) totals.set(b.period, totals.get(b.period) + b.count);
  const maxTotal = Math.max(...totals.values());
  const W = 640, H = 240, left = 34, bottom = 40, top = 8;
  const plotW = W - left - 8, plotH = H - bottom - top;
  const step = plotW / periods.length;
  const barW = Math.max(1, Math.min(40, step * 0.8));
  const chart = svg('svg', { viewBox: `0 0 ${W} ${H}`, width: '100%', role: 'img',
                             'aria-label': 'event counts by type over time', id: 'timeline-chart' });
  chart.append(svg('line', { x1: left, y1: top + plotH, x2: W - 8, y2: top + plotH, stroke: '#999' }));
  for (const tick of niceTicks(maxTotal)) {
    const y = top + plotH - (tick / maxTotal) * plotH;
    chart.append(svg('line', { x1: left, y1: y, x2: W - 8, y2: y, stroke: '#eee' }),
                 svg('text', { x: left - 4, y: y + 4, 'text-anchor': 'end', text: String(tick) }));
  }
  const stacked = new Map(periods.map((p) => [p, 0]));
  const labelEvery = Math.ceil(periods.length / 8);
  periods.forEach((period, i) => {
    const x = left + i * step + (step - barW) / 2;
    for (const type of types) {
      const bucket = buckets.find((b) => b.period === period && b.type === type);
      if (!bucket) continue;
      const h = (bucket.count / maxTotal) * plotH;
      const y = top + plotH - stacked.get(period) - h;
      stacked.set(period, stacked.get(period) + h);
      chart.append(svg('rect', { x, y, width: barW, height: h, fill: colors.get(type), class: 'bar',
                                 'data-type': type, 'data-period': period },
        svg('title', { text: `${period} ${type}: ${bucket.count}` })));
    }
    if (i % labelEvery === 0) {
      chart.append(svg('text', { x: x + barW / 2, y: H - bottom + 16, 'text-anchor': 'middle', text: period }));
    }
  });
  panel.append(chart, legend(types, colors));
  if (summary.truncated) {
    panel.append(el('p', { class: 'muted', text: `Counted the first ${summary.counted} matching events.` }));
  }
}

/* Every period from the first to the last (days, months or years, as the server bucketed
 * them), so that empty stretches of time show as gaps instead of vanishing. */
function fillPeriods(periods) {
  if (periods.length < 2) return periods;
  const first = periods[0], last = periods[periods.length - 1];
  const out = [];
  if (first.length === 4) {
    for (let y = +first; y <= +last; y++) out.push(String(y));
  } else if (first.length === 7) {
    let [y, m] = first.split('-').map(Number);
    for (let p = first; p <= last && out.length < 2000; ) {
      out.push(p);
      m += 1; if (m > 12) { m = 1; y += 1; }
      p = `${y}-${String(m).padStart(2, '0')}`;
    }
  } else {
    const day = new Date(`${first}T00:00:00Z`);
    for (let p = first; p <= last && out.length < 2000; ) {
      out.push(p);
      day.setUTCDate(day.getUTCDate() + 1);
      p = day.toISOString().slice(0, 10);
    }
  }
  return out;
}

function niceTicks(max) {
  const step = Math.max(1, Math.pow(10, Math.floor(Math.log10(max || 1))));
  const ticks = [];
  for (let t = step; t <= max; t += step) ticks.push(t);
  return ticks.length > 6 ? ticks.filter((_, i) => i % 2 === 1) : ticks;
}

function legend(types, colors) {
  return el('div', { class: 'legend' }, types.map((type) =>
    el('span', {}, el('i', { style: `background:${colors.get(type)}` }), type)));
}

/* ---------- map: Natural Earth countries (TopoJSON) + bubbles ---------- */

let worldPromise = null;

function worldShapes() {
  if (!worldPromise) {
    worldPromise = fetch('/static/countries-110m.json').then((r) => r.json()).then(topoPaths)
      .catch(() => []);
  }
  return worldPromise;
}

const MAP = { W: 720, north: 84, south: -58 };
MAP.H = MAP.W * (MAP.north - MAP.south) / 360;

function project(lon, lat) {
  return [((lon + 180) / 360) * MAP.W, ((MAP.north - lat) / (MAP.north - MAP.south)) * MAP.H];
}

/* Decode TopoJSON (quantized, delta-encoded arcs) into one SVG path string per country.
 * Rings that cross the antimeridian (Russia, Fiji) are unwrapped so they stay continuous,
 * then drawn a second time shifted by one world width; the viewBox clips the overhang. */
function topoPaths(topo) {
  const [sx, sy] = topo.transform ? topo.transform.scale : [1, 1];
  const [tx, ty] = topo.transform ? topo.transform.translate : [0, 0];
  const arcs = topo.arcs.map((arc) => {
    let x = 0, y = 0;
    return arc.map(([dx, dy]) => {
      x += dx; y += dy;
      return [x * sx + tx, y * sy + ty];
    });
  });
  const ringPoints = (indexes) => {
    const points = [];
    for (const index of indexes) {
      const arc = index < 0 ? [...arcs[~index]].reverse() : arcs[index];
      points.push(...(points.length ? arc.slice(1) : arc));
    }
    let shift = 0;
    return points.map(([lon, lat], i) => {
      if (i > 0) {
        const jump = lon + shift - (points[i - 1][0] + shift);
        if (jump > 180) shift -= 360; else if (jump < -180) shift += 360;
      }
      return project(lon + shift, lat);
    });
  };
  const pathOf = (points, dx) =>
    'M' + points.map(([x, y]) => `${(x + dx).toFixed(1)},${y.toFixed(1)}`).join('L') + 'Z';
  const ring = (indexes) => {
    const points = ringPoints(indexes);
    const xs = points.map(([x]) => x);
    let d = pathOf(points, 0);
    if (Math.max(...xs) > MAP.W) d += pathOf(points, -MAP.W);
    if (Math.min(...xs) < 0) d += pathOf(points, MAP.W);
    return d;
  };
  const object = Object.values(topo.objects)[0];
  return object.geometries.map((g) => {
    const polygons = g.type === 'Polygon' ? [g.arcs] : g.type === 'MultiPolygon' ? g.arcs : [];
    return { name: (g.properties || {}).name || '', d: polygons.map((p) => p.map(ring).join('')).join('') };
  });
}

async function drawMap(panel, summary) {
  const shapes = await worldShapes();
  const chart = svg('svg', { viewBox: `0 0 ${MAP.W} ${MAP.H.toFixed(0)}`, width: '100%', role: 'img',
                             'aria-label': 'map of events', id: 'map-chart' });
  chart.append(svg('rect', { width: MAP.W, height: MAP.H, fill: '#f4f8fb' }));
  for (const shape of shapes) {
    chart.append(svg('path', { d: shape.d, class: 'country' }, svg('title', { text: shape.name })));
  }
  const places = (summary.places || []).filter((p) => p.lat !== null && p.lon !== null);
  places.sort((a, b) => b.fatalities - a.fatalities);
  for (const place of places) {
    const [x, y] = project(place.lon, place.lat);
    const r = Math.min(28, 3 + 2.5 * Math.sqrt(place.fatalities || 0));
    chart.append(svg('circle', { cx: x.toFixed(1), cy: y.toFixed(1), r: r.toFixed(1),
                                 class: place.fatalities ? 'bubble' : 'bubble none' },
      svg('title', { text: `${place.name}: ${place.events} event(s), ${place.fatalities} fatalities` })));
  }
  panel.append(chart);
  if (!places.length) panel.append(el('p', { class: 'muted', text: 'No located events for these filters.' }));
}

/* ---------- articles list ---------- */

async function showArticles(main, params) {
  main.append(el('h1', { text: 'Articles' }));
  const body = el('tbody');
  const more = el('button', { text: 'Load more', hidden: true });
  main.append(el('table', { class: 'grid', id: 'articles-table' },
    el('thead', {}, el('tr', {}, ['Published', 'Title', 'Outlet', 'Events']
      .map((label) => el('th', { text: label })))), body), more);
  let cursor = params.get('cursor');
  const load = async () => {
    const query = new URLSearchParams({ limit: '100' });
    if (cursor) query.set('cursor', cursor);
    const data = await api(`/articles?${query}`);
    for (const a of data.items) {
      body.append(el('tr', { onclick: () => { location.hash = `#/article/${encodeURIComponent(a.id)}`; },
                             tabindex: 0, 'data-clickable': '' },
        el('td', { text: a.published || '' }), el('td', { text: a.title || a.source || String(a.id) }),
        el('td', { text: a.outlet || '' }), el('td', { text: String(a.n_events ?? '') })));
    }
    cursor = data.next_cursor;
    more.hidden = !cursor;
  };
  more.addEventListener('click', () => load().catch((err) => setStatus(err.message, true)));
  await load();
}

/* ---------- article view ---------- */

async function showArticle(main, id, params) {
  const [data, disputes] = await Promise.all([
    api(`/articles/${encodeURIComponent(id)}`),
    api(`/disputes?article_id=${encodeURIComponent(id)}&limit=1000`).catch(() => ({ items: [] })),
  ]);
  const view = renderArticle(data, null, disputes.items);
  main.append(view.node);
  const focus = params.get('event') || params.get('quote');
  if (focus) view.select(params.get('event') ? 'event' : 'quote', focus);
}

function nameOf(id, entities, places) {
  if (!id) return null;
  const found = entities.get(id) || places.get(id);
  return found ? found.name : id;
}

/* Collect every span to show: highlights (class + hover title) and evidence keys. */
function annotations(data, entities, places) {
  const out = [];
  const add = (start, end, cls, title, key) => {
    if (Number.isInteger(start) && Number.isInteger(end) && end > start) out.push({ start, end, cls, title, key });
  };
  for (const span of data.document.boilerplate || []) add(span.start, span.end, 'boiler', null, null);
  for (const e of data.entities || []) {
    for (const m of e.mentions || []) add(m.start, m.end, 'ent', `${e.type}: ${e.name}`, `ent:${e.id}`);
  }
  for (const p of data.places || []) {
    const where = [p.name, p.admin1, p.country].filter(Boolean).join(', ');
    for (const m of p.mentions || []) add(m.start, m.end, 'place', `Place: ${where}`, `place:${p.id}`);
  }
  for (const t of data.times || []) add(t.start, t.end, 'time', `Time: ${t.value || t.text}`, null);
  for (const q of data.quotes || []) {
    const speaker = q.speaker_name || nameOf(q.speaker, entities, places) || 'unknown speaker';
    add(q.start, q.end, 'quote', `Quote (${q.kind || 'quote'}), speaker: ${speaker}`, `quote:${q.id}`);
  }
  for (const ev of data.events || []) {
    if (ev.sentence) add(ev.sentence.start, ev.sentence.end, null, null, `event:${ev.id}`);
    if (ev.trigger) add(ev.trigger.start, ev.trigger.end, 'trig', `Event: ${ev.type} (${ev.status})`, `trigger:${ev.id}`);
  }
  return out;
}

/* Split the text at every annotation boundary; each piece is one span carrying all classes
 * that cover it. Returns the element plus an index from evidence key to its pieces. */
function annotatedText(text, anns) {
  const cuts = new Set([0, text.length]);
  for (const a of anns) {
    cuts.add(Math.min(a.start, text.length));
    cuts.add(Math.min(a.end, text.length));
  }
  const points = [...cuts].sort((a, b) => a - b);
  const byStart = [...anns].sort((a, b) => a.start - b.start);
  const container = el('div', { class: 'article-text', id: 'article-text' });
  const index = new Map();
  let active = [];
  let next = 0;
  for (let i = 0; i + 1 < points.length; i++) {
    const [from, to] = [points[i], points[i + 1]];
    while (next < byStart.length && byStart[next].start <= from) active.push(byStart[next++]);
    active = active.filter((a) => a.end > from);
    const covering = active.filter((a) => a.start <= from && a.end >= to);
    const piece = text.slice(from, to);
    if (!covering.length) {
      container.append(document.createTextNode(piece));
      continue;
    }
    const classes = [...new Set(covering.map((a) => a.cls).filter(Boolean))];
    const titles = [...new Set(covering.map((a) => a.title).filter(Boolean))];
    const span = el('span', { class: classes.join(' ') || null, title: titles.join('\n') || null,
                              'data-start': from, 'data-end': to });
    span.textContent = piece;
    for (const a of covering) {
      if (!a.key) continue;
      if (!index.has(a.key)) index.set(a.key, []);
      index.get(a.key).push(span);
    }
    container.append(span);
  }
  return { container, index };
}

/* The disputes with a claim from this article's event ``eventId``. */
function disputesOfEvent(disputes, articleId, eventId) {
  return (disputes || []).filter((d) => (d.claims || []).some(
    (c) => String(c.article_id) === String(articleId) && c.event === eventId));
}

function renderArticle(data, fallbackTitle, disputes) {
  const doc = data.document || {};
  const text = doc.text || '';
  const entities = new Map((data.entities || []).map((e) => [e.id, e]));
  const places = new Map((data.places || []).map((p) => [p.id, p]));
  const { container, index } = annotatedText(text, annotations(data, entities, places));
  const meta = [doc.published && `published ${doc.published}`, doc.outlet, doc.url].filter(Boolean).join(' · ');
  const keys = el('div', { class: 'keys' },
    el('span', { class: 'ent', style: 'background:var(--ent)', text: 'entity' }),
    el('span', { style: 'background:var(--place)', text: 'place' }),
    el('span', { style: 'background:var(--quote)', text: 'quote (hover: speaker)' }),
    el('span', { style: 'background:var(--trig)', text: 'event trigger' }),
    el('span', { class: 'time-key', text: 'time' }),
    el('span', { style: 'color:#9aa3ad', text: 'boilerplate' }));
  const eventList = el('ol', { id: 'event-list' });
  const quoteList = el('ol', { id: 'quote-list' });
  const claimsPanel = el('div', { class: 'panel', id: 'event-claims', hidden: true });
  const side = el('aside', { class: 'side' },
    el('div', { class: 'panel' }, el('h2', { text: `Events (${(data.events || []).length})` }), eventList),
    claimsPanel,
    el('div', { class: 'panel' }, el('h2', { text: `Quotes (${(data.quotes || []).length})` }), quoteList));
  const node = el('div', { class: 'article' },
    el('h1', { text: doc.title || fallbackTitle || doc.source || 'Article' }), el('div', { class: 'muted', text: meta }), keys,
    el('div', { class: 'article-layout' }, container, side));

  const items = new Map();
  const select = (kind, id) => {
    for (const span of container.querySelectorAll('.evidence')) span.classList.remove('evidence');
    for (const li of side.querySelectorAll('li.selected')) li.classList.remove('selected');
    const pieces = [...(index.get(`${kind}:${id}`) || []), ...(index.get(`trigger:${id}`) || [])];
    for (const span of pieces) span.classList.add('evidence');
    const item = items.get(`${kind}:${id}`);
    if (item) item.classList.add('selected');
    const contested = kind === 'event' ? disputesOfEvent(disputes, data.id, id) : [];
    claimsPanel.hidden = !contested.length;
    claimsPanel.replaceChildren(el('h2', { text: 'Competing claims' }),
      ...contested.map((d) => disputeCard(d, { articleId: data.id, eventId: id })));
    if (pieces.length) pieces[0].scrollIntoView({ block: 'center' });
  };
  for (const ev of data.events || []) {
    const who = (ev.actors || []).map((a) => nameOf(a, entities, places)).join(', ');
    const whom = (ev.targets || []).map((a) => nameOf(a, entities, places)).join(', ');
    const where = nameOf(ev.place, entities, places);
    const when = ev.date && (ev.date.value || [ev.date.earliest, ev.date.latest].filter(Boolean).join('…'));
    const fatal = ev.fatalities ? `${ev.fatalities.value} killed` : null;
    const li = el('li', { 'data-event': ev.id, onclick: () => select('event', ev.id), tabindex: 0,
                          'data-clickable': '' },
      el('div', {}, el('span', { class: 'what', text: ev.type }), ' ',
        el('span', { class: `tag st-${ev.status}`, text: ev.status }), ' ',
        disputesOfEvent(disputes, data.id, ev.id).length
          ? el('span', { class: 'tag disputed', text: 'disputed' }) : null, ' ',
        el('q', { text: ev.trigger ? ev.trigger.text : '' })),
      el('div', { class: 'muted', text: [who && whom ? `${who} → ${whom}` : who || whom,
        where && `in ${where}`, when, fatal]
        .filter(Boolean).join(' ') }));
    items.set(`event:${ev.id}`, li);
    eventList.append(li);
  }
  for (const q of data.quotes || []) {
    const speaker = q.speaker_name || nameOf(q.speaker, entities, places) || 'unknown speaker';
    const quoted = q.text || text.slice(q.start, q.end);
    const li = el('li', { 'data-quote': q.id, onclick: () => select('quote', q.id), tabindex: 0,
                          'data-clickable': '' },
      el('div', { class: 'what', text: speaker }),
      el('div', { text: quoted.length > 160 ? `${quoted.slice(0, 160)}…` : quoted }));
    items.set(`quote:${q.id}`, li);
    quoteList.append(li);
  }
  if (!eventList.children.length) eventList.append(el('li', { class: 'muted', text: 'none found' }));
  if (!quoteList.children.length) quoteList.append(el('li', { class: 'muted', text: 'none found' }));
  return { node, select };
}

/* ---------- paste box ---------- */

function showPaste(main) {
  const area = el('textarea', { id: 'paste-text', placeholder: 'Paste the text (or HTML) of a news article here' });
  const published = el('input', { type: 'date', id: 'paste-published' });
  const asHtml = el('input', { type: 'checkbox', id: 'paste-html' });
  const result = el('div', { id: 'paste-result' });
  const button = el('button', { class: 'primary', id: 'paste-go', text: 'Annotate' });
  button.addEventListener('click', async () => {
    result.replaceChildren(el('p', { class: 'muted', text: 'Reading the article…' }));
    const body = { published: published.value || null };
    body[asHtml.checked ? 'html' : 'text'] = area.value;
    try {
      const data = await api('/extract', { method: 'POST', headers: { 'Content-Type': 'application/json' },
                                          body: JSON.stringify(body) });
      result.replaceChildren(renderArticle(data, 'Pasted article').node);
    } catch (err) {
      result.replaceChildren(el('p', { class: 'error', text: err.message }));
    }
  });
  main.append(el('h1', { text: 'Paste an article' }),
    el('div', { class: 'panel paste' }, area,
      el('div', { class: 'toolbar' }, el('label', {}, 'published ', published),
        el('label', {}, asHtml, ' this is HTML'), button)),
    result);
}

/* ---------- commitments: each pledge on a timeline with the events bearing on it ---------- */

const COMMITMENT_STATUSES = ['open', 'met', 'broken', 'expired', 'unclear'];
const STATUS_COLORS = { open: '#1f6feb', met: '#2ca02c', broken: '#d62728', expired: '#8c564b',
                        unclear: '#9aa3ad' };
const EFFECT_COLORS = { breaks: '#d62728', meets: '#2ca02c', bears: '#e6a817' };

function eventLink(articleId, eventId) {
  return `#/article/${encodeURIComponent(articleId)}?event=${encodeURIComponent(eventId)}`;
}

async function showCommitments(main, params) {
  const status = params.get('status') || '';
  const select = el('select', { name: 'status' }, el('option', { value: '', text: 'any status' }),
    COMMITMENT_STATUSES.map((s) => el('option', { value: s, text: s })));
  select.value = status;
  const form = el('form', { class: 'filters panel', id: 'commitment-filters' },
    el('label', {}, 'status', select),
    el('button', { type: 'submit', class: 'primary', text: 'Filter' }));
  form.addEventListener('submit', (event) => {
    event.preventDefault();
    location.hash = select.value ? `#/commitments?status=${encodeURIComponent(select.value)}` : '#/commitments';
  });
  const query = new URLSearchParams({ limit: '1000' });
  if (status) query.set('status', status);
  const data = await api(`/commitments?${query}`);
  const items = data.items || [];
  const qs = status ? `?status=${encodeURIComponent(status)}` : '';
  const timeline = el('div', { class: 'panel', id: 'commitments-timeline' },
    el('h2', { text: 'Pledges and their deadlines' }));
  const list = el('ol', { class: 'commitments', id: 'commitments-list' });
  main.append(el('h1', { text: 'Commitments' }), form,
    el('div', { class: 'toolbar' },
      el('span', { class: 'muted', id: 'commitment-count',
                   text: `${items.length} commitment${items.length === 1 ? '' : 's'}` }),
      el('a', { class: 'button', id: 'download-commitments', href: `/export/commitments.csv${qs}`,
                download: 'commitments.csv', text: 'Download CSV' })),
    timeline, list);
  if (!items.length) {
    timeline.append(el('p', { class: 'muted', text: 'No commitments match.' }));
    return;
  }
  drawCommitmentTimeline(timeline, items);
  for (const c of items) list.append(commitmentItem(c));
}

function dayNumber(iso) {
  return Date.parse(`${iso}T00:00:00Z`) / 86400000;
}

function commitmentDays(c) {
  const days = [c.made_on, c.deadline, c.changed_on, ...(c.evidence || []).map((e) => e.day)];
  return days.filter((d) => typeof d === 'string' && /^\d{4}-\d{2}-\d{2}$/.test(d));
}

/* One row per pledge: a bar from the day it was made to its deadline (or on to the end of
 * the axis when it has none), a tick at the deadline, and a dot per event bearing on it,
 * coloured by its effect; the bar's colour is the status. Days are even along the axis. */
function drawCommitmentTimeline(panel, items) {
  const all = items.flatMap(commitmentDays).map(dayNumber);
  if (!all.length) {
    panel.append(el('p', { class: 'muted', text: 'No dated commitments.' }));
    return;
  }
  const first = Math.min(...all), last = Math.max(...all, first + 1);
  const W = 900, left = 210, right = 16, rowH = 26, top = 8, axis = 30;
  const H = top + rowH * items.length + axis;
  const x = (iso) => left + ((dayNumber(iso) - first) / (last - first)) * (W - left - right);
  const chart = svg('svg', { viewBox: `0 0 ${W} ${H}`, width: '100%', role: 'img', id: 'commitment-chart',
                             'aria-label': 'commitments with their deadlines and evidence' });
  items.forEach((c, i) => {
    const y = top + i * rowH + rowH / 2;
    const row = svg('g', { class: `pledge st-${c.status}`, 'data-commitment': c.id });
    const label = `${c.party || 'unknown party'}: ${c.kind || 'pledge'}`;
    row.append(svg('text', { x: left - 8, y: y + 4, 'text-anchor': 'end', class: 'pledge-label',
                             text: label.length > 34 ? `${label.slice(0, 33)}…` : label }));
    if (c.made_on) {
      const end = c.deadline ? x(c.deadline) : W - right;
      row.append(svg('line', { x1: x(c.made_on), y1: y, x2: end, y2: y, class: 'period',
                               stroke: STATUS_COLORS[c.status] || '#999', 'stroke-width': 6,
                               'stroke-dasharray': c.deadline ? null : '4 3' },
        svg('title', { text: `${c.status}: made ${c.made_on}` +
          (c.deadline ? `, deadline ${c.deadline}` : ', no deadline') })));
    }
    if (c.deadline) {
      row.append(svg('line', { x1: x(c.deadline), y1: y - 9, x2: x(c.deadline), y2: y + 9,
                               class: 'deadline', stroke: '#1d232a', 'stroke-width': 2 },
        svg('title', { text: `deadline ${c.deadline}` })));
    }
    for (const e of c.evidence || []) {
      if (!e.day) continue;
      row.append(svg('circle', { cx: x(e.day).toFixed(1), cy: y, r: 5, class: `ev ev-${e.effect}`,
                                 fill: EFFECT_COLORS[e.effect] || '#999', stroke: '#fff' },
        svg('title', { text: evidenceText(e) })));
    }
    chart.append(row);
  });
  const yAxis = top + rowH * items.length + 4;
  chart.append(svg('line', { x1: left, y1: yAxis, x2: W - right, y2: yAxis, stroke: '#999' }));
  const span = last - first;
  const step = Math.max(1, Math.ceil(span / 6));
  for (let d = first; d <= last + 0.5; d += step) {
    const iso = new Date(d * 86400000).toISOString().slice(0, 10);
    chart.append(svg('text', { x: x(iso), y: yAxis + 16, 'text-anchor': 'middle', text: iso }));
  }
  panel.append(chart, el('div', { class: 'legend' },
    COMMITMENT_STATUSES.map((s) => el('span', {}, el('i', { style: `background:${STATUS_COLORS[s]}` }), s)),
    Object.entries(EFFECT_COLORS).map(([effect, color]) =>
      el('span', {}, el('i', { class: 'dot', style: `background:${color}` }), `event ${effect} it`))));
}

function evidenceText(e) {
  const how = [e.certain ? e.effect : `possibly ${e.effect}`];
  if (e.party) how.push(`by ${e.party}`);
  if (e.source) how.push(`per ${e.source}`);
  return `${[e.type, e.day, e.location].filter(Boolean).join(' ')} (${how.join(', ')})`;
}

function commitmentItem(c) {
  const dates = [c.made_on && `made ${c.made_on}`, c.deadline ? `deadline ${c.deadline}` : 'no deadline',
    c.status !== 'open' && c.changed_on && `${c.status} on ${c.changed_on}`].filter(Boolean).join(' · ');
  const why = c.why || {};
  const evidence = el('ul', { class: 'evidence-list' }, (c.evidence || []).map((e) =>
    el('li', { 'data-event': e.event, class: `ev-${e.effect}`, tabindex: 0, 'data-clickable': '',
               onclick: () => { location.hash = eventLink(e.article_id, e.event); } },
      el('span', { class: `tag ev-${e.effect}`, text: e.certain ? e.effect : `possibly ${e.effect}` }), ' ',
      el('span', { text: evidenceText(e) }), ' ',
      el('span', { class: 'muted', text: [e.outlet, e.published, e.title].filter(Boolean).join(' · ') }))));
  if (!(c.evidence || []).length) {
    evidence.append(el('li', { class: 'muted', text: 'no stored event bears on it' }));
  }
  return el('li', { class: 'commitment', 'data-commitment': c.id, 'data-status': c.status },
    el('div', {},
      el('span', { class: `tag cs-${c.status}`, text: c.status }), ' ',
      el('span', { class: 'what', text: c.party || 'unknown party' }), ' ',
      el('span', { class: 'tag', text: c.kind || 'unmonitored' }), ' ',
      el('span', { class: 'muted', text: dates })),
    el('blockquote', { class: 'pledge-text', text: c.text || '' }),
    el('div', { class: 'muted' }, `rule: ${why.rule || ''}`,
      why.late_days ? ` (${why.late_days} days late)` : '',
      ' · ', el('a', { href: `#/article/${encodeURIComponent(c.article_id)}`,
                       text: [c.outlet, c.published, c.title].filter(Boolean).join(' · ') || 'article' })),
    evidence);
}

/* ---------- disputes: each contested fact with its claims side by side ---------- */

const DISPUTE_FACTS = ['fatalities', 'injured', 'actor', 'place', 'date', 'status'];

async function showDisputes(main, params) {
  const fact = params.get('fact') || '';
  const select = el('select', { name: 'fact' }, el('option', { value: '', text: 'any fact' }),
    DISPUTE_FACTS.map((f) => el('option', { value: f, text: f })));
  select.value = fact;
  const form = el('form', { class: 'filters panel', id: 'dispute-filters' },
    el('label', {}, 'fact', select), el('button', { type: 'submit', class: 'primary', text: 'Filter' }));
  form.addEventListener('submit', (event) => {
    event.preventDefault();
    location.hash = select.value ? `#/disputes?fact=${encodeURIComponent(select.value)}` : '#/disputes';
  });
  const query = new URLSearchParams({ limit: '1000' });
  if (fact) query.set('fact', fact);
  const data = await api(`/disputes?${query}`);
  const items = data.items || [];
  const list = el('div', { id: 'disputes-list' }, items.map((d) => disputeCard(d)));
  if (!items.length) list.append(el('p', { class: 'muted', text: 'No disputes match.' }));
  main.append(el('h1', { text: 'Contested claims' }), form,
    el('div', { class: 'toolbar' },
      el('span', { class: 'muted', text: `${items.length} dispute${items.length === 1 ? '' : 's'}` }),
      el('a', { class: 'button', href: `/export/claims.csv${fact ? `?fact=${encodeURIComponent(fact)}` : ''}`,
                download: 'claims.csv', text: 'Download CSV' })),
    list);
}

/* One dispute: what is disputed, then one card per claim, side by side: the value, who
 * made it (or the outlet's own report), the outlet and day, and a link to its sentence. */
function disputeCard(d, here) {
  const head = [d.fact, d.event_type, d.event_date, d.location,
    `${d.kind}, ${d.scope === 'across' ? 'across articles' : 'within one article'}`].filter(Boolean).join(' · ');
  const claims = el('div', { class: 'claims' }, (d.claims || []).map((c) => {
    const isHere = here && String(c.article_id) === String(here.articleId) && c.event === here.eventId;
    return el('div', { class: isHere ? 'claim here' : 'claim', 'data-claimant': c.claimant || '' },
      el('div', { class: 'claim-value', text: c.shown || String(c.value) }),
      el('div', { class: 'claimant', text: c.attributed ? `said ${c.claimant}` : `reported by ${c.claimant}` }),
      el('div', { class: 'muted', text: [c.outlet, c.published].filter(Boolean).join(' · ') }),
      el('a', { href: eventLink(c.article_id, c.event), text: c.title || `article ${c.article_id}` }));
  }));
  return el('div', { class: 'panel dispute', 'data-dispute': d.id, 'data-fact': d.fact },
    el('div', { class: 'what', text: head }), claims);
}
