// The cdnsim dashboard: polls /api/state once a second and redraws the map, charts and tables from it.
// Plain SVG, no libraries, no network beyond the dashboard's own server.
'use strict';

const SVG = 'http://www.w3.org/2000/svg';
const MAX_SAMPLES = 300;         // as many as the server keeps
const CHART_SECONDS = 120;       // the charts show the last two minutes
const SMOOTH = 5;                // ratios over a window of this many samples
const PALETTE = ['#f0883e', '#58a6ff', '#3fb950', '#d2a8ff', '#ffa198', '#e3b341', '#79c0ff', '#56d4dd'];
const MAP = { width: 1000, height: 389, north: 80, south: -60 };

const view = { history: [], lastTimestamp: null, polls: 0, colors: new Map(), state: null };

// ---------- helpers ----------

function esc(text) {
  return String(text).replace(/[&<>"']/g, c => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' }[c]));
}

function el(name, attrs, parent) {
  const node = document.createElementNS(SVG, name);
  for (const [k, v] of Object.entries(attrs || {})) node.setAttribute(k, v);
  if (parent) parent.appendChild(node);
  return node;
}

function text(parent, x, y, content, attrs) {
  const t = el('text', Object.assign({ x, y }, attrs || {}), parent);
  t.textContent = content;
  return t;
}

function percent(ratio) {
  return ratio == null || Number.isNaN(ratio) ? '–' : (ratio * 100).toFixed(1) + '%';
}

function number(x, digits) {
  return x == null ? '–' : x.toFixed(digits === undefined ? 0 : digits);
}

function bytes(n) {
  const units = ['B', 'KiB', 'MiB', 'GiB', 'TiB'];
  let i = 0;
  while (n >= 1024 && i < units.length - 1) { n /= 1024; i++; }
  return n.toFixed(i === 0 ? 0 : 1) + ' ' + units[i];
}

function colorOf(id) {
  if (!view.colors.has(id)) view.colors.set(id, PALETTE[view.colors.size % PALETTE.length]);
  return view.colors.get(id);
}

function project(location) {
  const x = (location.lon + 180) / 360 * MAP.width;
  const y = (MAP.north - location.lat) / (MAP.north - MAP.south) * MAP.height;
  return [x, y];
}

/** A weighted ratio over the last SMOOTH samples up to index i: sum(ratio * weight) / sum(weight). */
function smoothed(samples, i, ratioOf, weightOf) {
  let num = 0, den = 0;
  for (let j = Math.max(0, i - SMOOTH + 1); j <= i; j++) {
    const r = ratioOf(samples[j]);
    const w = weightOf(samples[j]);
    if (r == null || !w) continue;
    num += r * w;
    den += w;
  }
  return den === 0 ? null : num / den;
}

// ---------- map ----------

function drawLand() {
  const land = document.getElementById('map-land');
  for (let lon = -180; lon <= 180; lon += 30) {
    const [x] = project({ lat: 0, lon });
    el('line', { class: 'graticule', x1: x, y1: 0, x2: x, y2: MAP.height }, land);
  }
  for (let lat = -60; lat <= 80; lat += 20) {
    const [, y] = project({ lat, lon: 0 });
    el('line', { class: 'graticule', x1: 0, y1: y, x2: MAP.width, y2: y }, land);
  }
  for (const ring of WORLD) {
    const points = ring.map(([lon, lat]) => project({ lat, lon }).map(v => v.toFixed(1)).join(',')).join(' ');
    el('polygon', { class: 'land', points }, land);
  }
}

/** A gently curved path from a to b, so that flows in both directions and long hauls stay apart. */
function arc(a, b) {
  const [x1, y1] = a, [x2, y2] = b;
  const dx = x2 - x1, dy = y2 - y1;
  const bend = 0.18;
  const cx = (x1 + x2) / 2 - dy * bend, cy = (y1 + y2) / 2 + dx * bend;
  return `M${x1.toFixed(1)},${y1.toFixed(1)} Q${cx.toFixed(1)},${cy.toFixed(1)} ${x2.toFixed(1)},${y2.toFixed(1)}`;
}

function flowWidth(rate, max) {
  return max > 0 ? 1.5 + 9 * rate / max : 1.5;
}

function drawMap(state, latest) {
  const flows = document.getElementById('map-flows');
  const markers = document.getElementById('map-markers');
  flows.replaceChildren();
  markers.replaceChildren();
  const placed = state.nodes.filter(n => n.location);
  const edges = placed.filter(n => n.kind === 'EDGE');
  const origins = placed.filter(n => n.kind === 'ORIGIN');
  const edgeAt = new Map(edges.map(e => [e.id, project(e.location)]));

  // Origin replicas of one site share a marker.
  const sites = new Map();
  for (const o of origins) {
    const key = o.location.lat.toFixed(2) + ',' + o.location.lon.toFixed(2);
    if (!sites.has(key)) sites.set(key, { at: project(o.location), replicas: [] });
    sites.get(key).replicas.push(o);
  }

  // Users are drawn a little below a node that stands on the same spot, so their flow shows.
  const taken = [...edgeAt.values(), ...[...sites.values()].map(s => s.at)];
  const regionAt = new Map(state.regions.map(r => {
    const [x, y] = project(r.location);
    const crowded = taken.some(([tx, ty]) => Math.hypot(tx - x, ty - y) < 14);
    return [r.id, crowded ? [x - 16, y + 26] : [x, y]];
  }));

  const regionRate = id => (latest && latest.regions[id]) ? latest.regions[id].requestsPerSecond : 0;
  const originRate = id => (latest && latest.edges[id]) ? latest.edges[id].originRequestsPerSecond : 0;
  const flowsNow = latest ? latest.flows : [];
  const maxUsers = Math.max(0, ...flowsNow.map(f => f.requestsPerSecond));
  const maxOrigin = Math.max(0, ...edges.map(e => originRate(e.id)));

  // Where users went in the last second; users who sent nothing get a faint line to their nearest edge.
  for (const f of flowsNow) {
    if (!regionAt.has(f.region) || !edgeAt.has(f.edge)) continue;
    el('path', {
      class: 'flow users live', d: arc(regionAt.get(f.region), edgeAt.get(f.edge)),
      'stroke-width': flowWidth(f.requestsPerSecond, maxUsers).toFixed(1), 'data-from': f.region, 'data-to': f.edge,
    }, flows);
  }
  for (const r of state.regions) {
    if (flowsNow.some(f => f.region === r.id) || !r.nearestEdge || !edgeAt.has(r.nearestEdge)) continue;
    el('path', {
      class: 'flow users idle', d: arc(regionAt.get(r.id), edgeAt.get(r.nearestEdge)), 'stroke-width': 1.5,
      'data-from': r.id, 'data-to': r.nearestEdge,
    }, flows);
  }
  for (const e of edges) {
    const rate = originRate(e.id);
    for (const site of sites.values()) {
      el('path', {
        class: 'flow origin ' + (rate > 0 ? 'live' : 'idle'), d: arc(edgeAt.get(e.id), site.at),
        'stroke-width': flowWidth(rate / sites.size, maxOrigin).toFixed(1), 'data-from': e.id,
      }, flows);
    }
  }

  for (const site of sites.values()) {
    const up = site.replicas.some(o => o.running);
    const g = el('g', { class: 'marker origin ' + (up ? 'up' : 'down'), 'data-id': site.replicas.map(o => o.id).join(' ') }, markers);
    const [x, y] = site.at;
    el('rect', { class: 'shape', x: x - 7, y: y - 7, width: 14, height: 14, transform: `rotate(45 ${x} ${y})` }, g);
    const running = site.replicas.filter(o => o.running).length;
    text(g, x + 12, y - 4, 'origin');
    text(g, x + 12, y + 9, `${running}/${site.replicas.length} replicas up`, { class: 'sub' });
  }
  for (const e of edges) {
    const [x, y] = edgeAt.get(e.id);
    const g = el('g', { class: 'marker edge edge-marker ' + (e.running ? 'up' : 'down'), 'data-id': e.id }, markers);
    el('rect', { class: 'shape', x: x - 7, y: y - 7, width: 14, height: 14, rx: 2 }, g);
    const rate = latest && latest.edges[e.id];
    text(g, x + 11, y - 3, e.id);
    const smoothedHit = edgeHitRatio(view.history.length - 1, e.id);
    text(g, x + 11, y + 10, e.running ? `hit ${percent(smoothedHit)} · ${number(rate ? rate.requestsPerSecond : 0)}/s` : 'stopped', { class: 'sub' });
  }
  for (const r of state.regions) {
    const [x, y] = regionAt.get(r.id);
    const g = el('g', { class: 'marker region', 'data-id': r.id }, markers);
    el('circle', { class: 'shape', cx: x, cy: y, r: 5 }, g);
    text(g, x - 8, y + 16, `${r.id} users · ${number(regionRate(r.id))}/s`, { class: 'sub', 'text-anchor': 'middle' });
  }
}

// ---------- charts ----------

function edgeHitRatio(i, id) {
  return smoothed(view.history, i, s => s.edges[id] ? s.edges[id].hitRatio : null,
    s => s.edges[id] ? s.edges[id].requestsPerSecond * s.seconds : 0);
}

function offloadAt(i) {
  return smoothed(view.history, i, s => s.offload,
    s => Object.values(s.edges).reduce((sum, e) => sum + e.requestsPerSecond * s.seconds, 0));
}

/**
 * Draws lines of [timestamp, value] points (null values leave gaps) over the last CHART_SECONDS, y from 0 to yMax.
 * series: [{ id, color, points }]
 */
function lineChart(svg, series, yMax, yLabel) {
  svg.replaceChildren();
  const W = 420, H = svg.viewBox.baseVal.height || 200, left = 36, right = 8, top = 8, bottom = 22;
  const now = view.history.length ? view.history[view.history.length - 1].timestamp : Date.now();
  const t0 = now - CHART_SECONDS * 1000;
  const x = t => left + (t - t0) / (now - t0) * (W - left - right);
  const y = v => top + (1 - Math.min(v, yMax) / yMax) * (H - top - bottom);
  for (let k = 0; k <= 4; k++) {
    const v = yMax * k / 4;
    el('line', { class: k === 0 ? 'axis' : 'grid', x1: left, x2: W - right, y1: y(v), y2: y(v) }, svg);
    text(svg, left - 4, y(v) + 3, yLabel(v), { 'text-anchor': 'end' });
  }
  for (const s of [120, 90, 60, 30, 0]) {
    text(svg, x(now - s * 1000), H - 6, s === 0 ? 'now' : `-${s}s`, { 'text-anchor': 'middle' });
  }
  for (const s of series) {
    let d = '', pen = false;
    for (const [t, v] of s.points) {
      if (t < t0 || v == null) { pen = false; continue; }
      d += (pen ? 'L' : 'M') + x(t).toFixed(1) + ',' + y(v).toFixed(1);
      pen = true;
    }
    el('path', { class: 'series', d, stroke: s.color, 'data-series': s.id }, svg);
  }
}

function drawHitRatio(state) {
  const edges = state.edges.map(e => e.id);
  const series = edges.map(id => ({
    id, color: colorOf(id), points: view.history.map((s, i) => [s.timestamp, edgeHitRatio(i, id)]),
  }));
  lineChart(document.getElementById('hit-ratio-chart'), series, 1, v => (v * 100).toFixed(0) + '%');
  document.getElementById('hit-ratio-legend').innerHTML = edges.map(id =>
    `<span><i class="key" style="background:${colorOf(id)}"></i>${esc(id)} <b>${percent(edgeHitRatio(view.history.length - 1, id))}</b></span>`).join('');
}

/** The smallest of 1, 2, 5 times a power of ten at or above x, so axis labels stay round. */
function niceCeiling(x) {
  const power = Math.pow(10, Math.floor(Math.log10(x)));
  return [1, 2, 5, 10].map(m => m * power).find(v => v >= x);
}

function drawOffload() {
  const points = view.history.map((s, i) => [s.timestamp, offloadAt(i)]);
  lineChart(document.getElementById('offload-chart'), [{ id: 'offload', color: '#d2a8ff', points }], 1,
    v => (v * 100).toFixed(0) + '%');
  const origin = view.history.map(s => [s.timestamp, s.originRequestsPerSecond]);
  const from = origin.length ? origin[origin.length - 1][0] - CHART_SECONDS * 1000 : 0;
  const peak = Math.max(1, ...origin.filter(([t]) => t >= from).map(([, v]) => v));
  lineChart(document.getElementById('origin-chart'), [{ id: 'origin', color: '#d2a8ff', points: origin }],
    niceCeiling(peak), v => v.toFixed(0));
  const latest = view.history[view.history.length - 1];
  document.getElementById('offload-legend').innerHTML =
    `<span><i class="key origin"></i>offload <b>${percent(offloadAt(view.history.length - 1))}</b></span>` +
    `<span>origin <b>${number(latest ? latest.originRequestsPerSecond : null, 1)}</b> req/s</span>`;
}

function drawLatency(state) {
  const svg = document.getElementById('latency-chart');
  svg.replaceChildren();
  const W = 420, H = 200, left = 70, right = 78, top = 6;
  const regions = state.regions;
  const max = Math.max(1, ...regions.map(r => Math.max(r.latency.p99Millis, r.direct.p99Millis)));
  const scale = v => v / max * (W - left - right);
  const rowH = Math.min(54, (H - top - 6) / Math.max(1, regions.length));
  const bars = [['p50', 'p50Millis', 0.95], ['p95', 'p95Millis', 0.65], ['p99', 'p99Millis', 0.4]];
  regions.forEach((r, i) => {
    const y0 = top + i * rowH;
    text(svg, left - 6, y0 + rowH / 2, r.id, { 'text-anchor': 'end', class: 'bar-label' });
    bars.forEach(([label, key, opacity], b) => {
      const h = (rowH - 10) / 3, y = y0 + b * h;
      const w = scale(r.latency[key]), direct = scale(r.direct[key]);
      // The outline is the same requests had they gone straight to the origin: what the CDN saves.
      el('rect', { class: 'direct', x: left, y: y + 0.5, width: Math.max(0, direct).toFixed(1), height: h - 3,
        'data-region': r.id, 'data-direct': label }, svg);
      el('rect', { x: left, y, width: Math.max(0, w).toFixed(1), height: h - 2, fill: colorOf(mainEdge(r.id) || r.nearestEdge || r.id),
        opacity, 'data-region': r.id, 'data-percentile': label }, svg);
      text(svg, left + Math.max(w, direct) + 4, y + h - 4, `${label} ${number(r.latency[key], 0)} / ${number(r.direct[key], 0)}`);
    });
  });
  document.querySelector('#regions tbody').innerHTML = regions.map(r => {
    const rate = latestSample() && latestSample().regions[r.id];
    return `<tr><td>${esc(r.id)}</td><td>${esc(servedBy(r.id) || '–')}</td>` +
      `<td class="num">${number(rate ? rate.requestsPerSecond : null, 1)}</td>` +
      `<td class="num">${number(rate ? rate.errorsPerSecond : null, 1)}</td>` +
      `<td class="num">${number(r.latency.p50Millis, 1)}</td><td class="num">${number(r.latency.p95Millis, 1)}</td>` +
      `<td class="num">${number(r.latency.p99Millis, 1)}</td></tr>`;
  }).join('');
}

/** The edge that served most of a region's requests in the last second. */
function mainEdge(region) {
  const latest = latestSample();
  const flows = latest ? latest.flows.filter(f => f.region === region) : [];
  flows.sort((a, b) => b.requestsPerSecond - a.requestsPerSecond);
  return flows.length ? flows[0].edge : null;
}

/** The edges that served a region in the last second, with their shares when there are several. */
function servedBy(region) {
  const latest = latestSample();
  const flows = latest ? latest.flows.filter(f => f.region === region) : [];
  if (flows.length <= 1) return flows.length ? flows[0].edge : null;
  const total = flows.reduce((s, f) => s + f.requestsPerSecond, 0);
  return flows.map(f => `${f.edge} ${Math.round(100 * f.requestsPerSecond / total)}%`).join(', ');
}

// ---------- tables and buttons ----------

function drawNodes(state) {
  const body = document.querySelector('#nodes tbody');
  body.innerHTML = state.nodes.map(n => {
    const action = n.running ? 'stop' : 'start';
    return `<tr data-node="${esc(n.id)}" data-running="${n.running}"><td><span class="dot ${n.running ? 'up' : 'down'}"></span></td>` +
      `<td><span class="kind">${esc(n.kind.toLowerCase())}</span>${esc(n.id)}${balancersNote(n)}${dnsNote(n)}</td>` +
      `<td>${esc(n.address)}</td>` +
      `<td><button class="${action}" data-id="${esc(n.id)}" data-action="${action}">${action}</button></td></tr>`;
  }).join('');
}

/** For an origin replica: whether the edges' balancers send it requests (their health checks' view, not ours). */
function balancersNote(n) {
  if (!n.balancers) return '';
  const { up, edges } = n.balancers;
  const note = up === edges ? `used by ${up}/${edges} edges` : `out at ${edges - up}/${edges} edges`;
  return ` <span class="view-note ${up === edges ? 'up' : 'down'}">${note}</span>`;
}

/** For an edge: whether the geo-DNS names it in its answers (its health checks' view, not ours). */
function dnsNote(n) {
  if (n.inDnsAnswers === undefined) return '';
  const note = n.inDnsAnswers ? 'in DNS answers' : 'out of DNS answers';
  return ` <span class="view-note ${n.inDnsAnswers ? 'up' : 'down'}">${note}</span>`;
}

function drawEdges(state) {
  const latest = latestSample();
  document.querySelector('#edges tbody').innerHTML = state.edges.map(e => {
    const rate = latest && latest.edges[e.id];
    return `<tr><td><i class="key" style="background:${colorOf(e.id)}"></i>${esc(e.id)}</td>` +
      `<td class="num">${e.requests}</td><td class="num">${percent(e.hitRatio)}</td>` +
      `<td class="num">${number(rate ? rate.requestsPerSecond : null, 1)}</td>` +
      `<td class="num">${number(rate ? rate.originRequestsPerSecond : null, 1)}</td>` +
      `<td class="num">${bytes(e.bytesServed)}</td></tr>`;
  }).join('');
}

function drawTotals(state) {
  const latest = latestSample();
  const rps = latest ? Object.values(latest.edges).reduce((s, e) => s + e.requestsPerSecond, 0) : null;
  const requests = state.edges.reduce((s, e) => s + e.requests, 0);
  const hits = state.edges.reduce((s, e) => s + e.hits, 0);
  document.getElementById('total-rps').textContent = number(rps);
  document.getElementById('total-hit').textContent = requests ? percent(hits / requests) : '–';
  document.getElementById('total-offload').textContent = percent(offloadAt(view.history.length - 1));
  document.getElementById('origin-rps').textContent = number(latest ? latest.originRequestsPerSecond : null, 1);
}

async function post(url, body) {
  const response = await fetch(url, { method: 'POST', body, headers: { 'Content-Type': 'text/plain' } });
  const json = await response.json().catch(() => ({ error: response.statusText }));
  if (!response.ok) throw new Error(json.error || response.statusText);
  return json;
}

document.getElementById('nodes').addEventListener('click', async event => {
  const button = event.target.closest('button[data-action]');
  if (!button) return;
  button.disabled = true;
  try {
    await post(`/api/nodes/${encodeURIComponent(button.dataset.id)}/${button.dataset.action}`, '');
  } catch (e) {
    showStatus(`${button.dataset.action} ${button.dataset.id}: ${e.message}`, true);
  }
  poll();
});

document.getElementById('purge-form').addEventListener('submit', async event => {
  event.preventDefault();
  const result = document.getElementById('purge-result');
  const path = document.getElementById('purge-path').value.trim();
  result.textContent = 'purging…';
  try {
    const answer = await post('/api/purge', path);
    result.innerHTML = `${esc(answer.path)}: ` + answer.edges.map(e => e.error
      ? `<span class="bad">${esc(e.edge)}: ${esc(e.error)}</span>`
      : `${esc(e.edge)}: ${e.purged} purged`).join(' · ');
  } catch (e) {
    result.innerHTML = `<span class="bad">${esc(e.message)}</span>`;
  }
});

// ---------- polling ----------

function latestSample() {
  return view.history.length ? view.history[view.history.length - 1] : null;
}

function showStatus(message, error) {
  const status = document.getElementById('status');
  status.textContent = message;
  status.classList.toggle('error', !!error);
}

let timer = null;

async function poll() {
  clearTimeout(timer);
  try {
    const since = view.lastTimestamp == null ? '' : `?since=${view.lastTimestamp}`;
    const response = await fetch('/api/state' + since, { cache: 'no-store' });
    if (!response.ok) throw new Error(`HTTP ${response.status}`);
    const state = await response.json();
    view.history.push(...state.history);
    if (view.history.length > MAX_SAMPLES) view.history.splice(0, view.history.length - MAX_SAMPLES);
    if (view.history.length) view.lastTimestamp = view.history[view.history.length - 1].timestamp;
    view.state = state;
    view.polls++;
    document.body.dataset.polls = view.polls;
    render(state);
    showStatus('live · ' + new Date(state.timestamp).toLocaleTimeString());
  } catch (e) {
    showStatus('no answer from the dashboard: ' + e.message, true);
  } finally {
    timer = setTimeout(poll, 1000);
  }
}

function render(state) {
  drawMap(state, latestSample());
  drawHitRatio(state);
  drawOffload();
  drawLatency(state);
  drawNodes(state);
  drawEdges(state);
  drawTotals(state);
}

drawLand();
poll();
