'use strict';
// ZapLoop live view: reads the binary and JSON messages of /ws (LIVE-VIEW.md) and draws them on canvases.
(() => {
  const MAP = 1, FRAME = 2, TRACE = 3;
  // Both geometries image the same ZAPBench brain, 831 x 539 x 288 µm: the side view keeps that z : x ratio.
  const Z_TO_X = 288 / 831;
  const CONDITIONS = ['gain', 'dots', 'flash', 'taxis', 'turning', 'position', 'open loop', 'rotation', 'dark'];
  const CONDITION_COLOURS = ['#4e79a7', '#f28e2b', '#e15759', '#76b7b2', '#59a14f', '#edc948', '#b07aa1', '#ff9da7', '#9c755f'];
  const FORECAST_COLOURS = ['#f08020', '#4cc38a', '#6aa0ff', '#e15759', '#c58af9'];
  const FAN_KEPT = 8;
  const $ = id => document.getElementById(id);

  const state = {
    map: null,           // {n, width, height, depth, ids, x, y, z}
    views: [],           // per canvas: {canvas, ctx, image, pixels(Uint32), maxq(Uint8), at(Int32 per neuron), project}
    frame: null,         // newest FRAME not yet drawn: {frame, acquisitionNs, partial, lo, hi, q}
    lut: new Uint32Array(256), lutRange: null,
    selection: null,     // {token, neurons, label, view, rect}
    token: 0,
    trace: null,         // {token, first, values: Map frame -> value}
    fans: new Map(),     // forecaster -> [{frame, values}] newest last
    timeline: [], condition: null, stimulus: null,
    drawn: 0, skipped: 0, lastFrame: -1, drawTimes: [], drawMs: [],
  };

  // ------------------------------------------------------------------ colours
  const STOPS = [[0, [40, 70, 170]], [0.12, [22, 24, 34]], [0.35, [170, 30, 90]], [0.65, [240, 128, 32]], [1, [255, 255, 170]]];
  function buildLut(lo, hi) {
    const little = new Uint8Array(new Uint32Array([1]).buffer)[0] === 1;
    const pack = (r, g, b) => little ? (255 << 24 | b << 16 | g << 8 | r) >>> 0 : (r << 24 | g << 16 | b << 8 | 255) >>> 0;
    state.lut[0] = pack(8, 9, 12);
    for (let k = 1; k < 256; k++) {
      const t = (k - 1) / 254;
      let i = 1; while (i < STOPS.length - 1 && STOPS[i][0] < t) i++;
      const [t0, c0] = STOPS[i - 1], [t1, c1] = STOPS[i];
      const f = Math.min(1, Math.max(0, (t - t0) / (t1 - t0)));
      state.lut[k] = pack(...[0, 1, 2].map(j => Math.round(c0[j] + f * (c1[j] - c0[j]))));
    }
    state.lutRange = [lo, hi];
    const bar = $('bar').getContext('2d'), img = bar.createImageData(256, 10), px = new Uint32Array(img.data.buffer);
    for (let y = 0; y < 10; y++) for (let x = 0; x < 256; x++) px[y * 256 + x] = state.lut[Math.max(1, x)];
    bar.putImageData(img, 0, 0);
    $('barlo').textContent = lo.toFixed(2); $('barhi').textContent = hi.toFixed(2);
  }

  // ------------------------------------------------------------------ map and frames
  function makeView(canvas, project) {
    const ctx = canvas.getContext('2d');
    const image = ctx.createImageData(canvas.width, canvas.height);
    return { canvas, ctx, image, pixels: new Uint32Array(image.data.buffer), maxq: new Uint8Array(canvas.width * canvas.height),
      at: null, sx: null, sy: null, project };
  }

  function onMap(buf) {
    const dv = new DataView(buf);
    const n = dv.getUint32(4, true);
    const m = { n, width: dv.getUint16(8, true), height: dv.getUint16(10, true), depth: dv.getUint16(12, true),
      version: Number(dv.getBigInt64(16, true)),
      ids: new Int32Array(buf, 24, n), x: new Float32Array(buf, 24 + 4 * n, n),
      y: new Float32Array(buf, 24 + 8 * n, n), z: new Float32Array(buf, 24 + 12 * n, n) };
    state.map = m;
    const top = $('top'), side = $('side');
    top.height = Math.round(top.width * m.height / m.width);
    side.height = Math.round(side.width * Z_TO_X);
    state.views = [
      makeView(top, i => [m.x[i] / m.width * top.width, m.y[i] / m.height * top.height]),
      makeView(side, i => [m.x[i] / m.width * side.width, (m.z[i] + 0.5) / m.depth * side.height]),
    ];
    for (const v of state.views) {
      v.at = new Int32Array(n); v.sx = new Float32Array(n); v.sy = new Float32Array(n);
      const w = v.canvas.width, h = v.canvas.height;
      for (let i = 0; i < n; i++) {
        const [px, py] = v.project(i);
        v.sx[i] = px; v.sy[i] = py;
        v.at[i] = Math.min(h - 2, Math.max(0, Math.floor(py))) * w + Math.min(w - 2, Math.max(0, Math.floor(px)));
      }
    }
    state.selection = null; state.trace = null; state.fans.clear();
    $('selection').textContent = 'nothing selected';
    $('neurons').textContent = n.toLocaleString();
  }

  function onFrame(buf) {
    const dv = new DataView(buf);
    const n = dv.getUint32(4, true);
    if (state.frame) state.skipped++; // a newer frame came before the last was drawn: only the newest is drawn
    state.frame = { frame: Number(dv.getBigInt64(8, true)), acquisitionNs: Number(dv.getBigInt64(16, true)),
      partial: (dv.getUint8(2) & 1) !== 0, lo: dv.getFloat32(24, true), hi: dv.getFloat32(28, true),
      q: new Uint8Array(buf, 32, n) };
    requestAnimationFrame(draw);
  }

  function draw() {
    const f = state.frame;
    if (!f || !state.map || f.q.length !== state.map.n) return;
    state.frame = null;
    const started = performance.now();
    if (!state.lutRange || state.lutRange[0] !== f.lo || state.lutRange[1] !== f.hi) buildLut(f.lo, f.hi);
    const q = f.q, n = q.length, lut = state.lut;
    for (const v of state.views) {
      const w = v.canvas.width, maxq = v.maxq, px = v.pixels, at = v.at;
      maxq.fill(0);
      // Maximum projection: each neuron is a 2 x 2 splat, the brightest neuron wins a pixel.
      for (let i = 0; i < n; i++) {
        const k = q[i], p = at[i];
        if (k > maxq[p]) maxq[p] = k;
        if (k > maxq[p + 1]) maxq[p + 1] = k;
        if (k > maxq[p + w]) maxq[p + w] = k;
        if (k > maxq[p + w + 1]) maxq[p + w + 1] = k;
      }
      for (let p = 0; p < px.length; p++) px[p] = lut[maxq[p]];
      v.ctx.putImageData(v.image, 0, 0);
      drawSelection(v);
    }
    state.drawn++; state.lastFrame = f.frame;
    const now = performance.now(); state.drawTimes.push(now);
    state.drawMs.push(now - started); if (state.drawMs.length > 20) state.drawMs.shift();
    while (state.drawTimes.length && now - state.drawTimes[0] > 10000) state.drawTimes.shift();
    $('frame').textContent = f.frame + (f.partial ? ' (partial)' : '');
    $('fps').textContent = (state.drawTimes.length / Math.min(10, Math.max(1, (now - state.drawTimes[0]) / 1000))).toFixed(1);
  }

  /** The last frame again with the current selection marked (the pixels are still in each view's ImageData). */
  function repaint() {
    if (state.drawn === 0) return;
    for (const v of state.views) { v.ctx.putImageData(v.image, 0, 0); drawSelection(v); }
  }

  function drawSelection(v) {
    const s = state.selection;
    if (!s) return;
    const c = v.ctx;
    c.strokeStyle = '#ffffff'; c.lineWidth = 1;
    if (s.rect && s.view === v) {
      c.strokeRect(s.rect[0], s.rect[1], s.rect[2] - s.rect[0], s.rect[3] - s.rect[1]);
    } else if (s.neurons.length <= 200) {
      for (const i of s.neurons) { c.beginPath(); c.arc(v.sx[i] + 1, v.sy[i] + 1, 5, 0, 2 * Math.PI); c.stroke(); }
    }
  }

  // ------------------------------------------------------------------ selecting
  function canvasPoint(v, e) {
    const r = v.canvas.getBoundingClientRect();
    return [(e.clientX - r.left) * v.canvas.width / r.width, (e.clientY - r.top) * v.canvas.height / r.height];
  }

  function nearest(v, x, y, within) {
    let best = -1, bestD = within * within;
    for (let i = 0; i < state.map.n; i++) {
      const dx = v.sx[i] - x, dy = v.sy[i] - y, d = dx * dx + dy * dy;
      if (d < bestD) { bestD = d; best = i; }
    }
    return best;
  }

  function select(neurons, label, view, rect) {
    state.token++;
    state.selection = { token: state.token, neurons, label, view, rect };
    state.trace = { token: state.token, values: new Map() };
    state.fans.clear();
    $('selection').textContent = label;
    repaint();
    send({ type: 'select', token: state.token, neurons: Array.from(neurons) });
    drawTrace();
  }

  function attachSelection(canvas, index) {
    let start = null;
    canvas.addEventListener('mousedown', e => { if (state.map) start = canvasPoint(state.views[index], e); });
    canvas.addEventListener('mouseup', e => {
      if (!start || !state.map) return;
      const v = state.views[index];
      const end = canvasPoint(v, e), s = start; start = null;
      if (Math.abs(end[0] - s[0]) < 4 && Math.abs(end[1] - s[1]) < 4) {
        const i = nearest(v, end[0], end[1], 10);
        if (i >= 0) select([i], 'neuron ' + state.map.ids[i] + ' (x ' + state.map.x[i].toFixed(0) + ', y '
          + state.map.y[i].toFixed(0) + ', z ' + state.map.z[i].toFixed(0) + ')', v, null);
        return;
      }
      const r = [Math.min(s[0], end[0]), Math.min(s[1], end[1]), Math.max(s[0], end[0]), Math.max(s[1], end[1])];
      const picked = [];
      for (let i = 0; i < state.map.n && picked.length < 20000; i++) {
        if (v.sx[i] >= r[0] && v.sx[i] <= r[2] && v.sy[i] >= r[1] && v.sy[i] <= r[3]) picked.push(i);
      }
      if (picked.length) select(picked, 'ensemble of ' + picked.length.toLocaleString() + ' neurons (mean)', v, r);
    });
  }

  // ------------------------------------------------------------------ trace and forecast fan
  function onTrace(buf) {
    const dv = new DataView(buf);
    const count = dv.getUint32(4, true), first = Number(dv.getBigInt64(8, true)), token = dv.getInt32(20, true);
    if (!state.trace || token !== state.trace.token) return;
    const values = new Float32Array(buf, 24, count);
    for (let k = 0; k < count; k++) state.trace.values.set(first + k, values[k]);
    const keep = 256;
    for (const f of state.trace.values.keys()) if (f < first + count - keep) state.trace.values.delete(f);
    drawTrace();
  }

  function onForecast(m) {
    if (!state.trace || m.token !== state.trace.token) return;
    const list = state.fans.get(m.forecaster) || [];
    list.push({ frame: m.frame, values: m.values });
    while (list.length > FAN_KEPT) list.shift();
    state.fans.set(m.forecaster, list);
    drawTrace();
  }

  function drawTrace() {
    const c = $('trace'), g = c.getContext('2d'), w = c.width, h = c.height;
    g.fillStyle = '#08090c'; g.fillRect(0, 0, w, h);
    const t = state.trace;
    if (!t || t.values.size === 0) {
      state.tracePoints = 0;
      g.fillStyle = '#5a6273'; g.fillText(t ? 'waiting for frames…' : 'click a neuron or drag over an ensemble', 12, 20);
      return;
    }
    const frames = [...t.values.keys()];
    let last = Math.max(...frames), horizon = 0;
    for (const list of state.fans.values()) for (const f of list) horizon = Math.max(horizon, f.frame + f.values.length - last);
    // The newest 120 frames at most, at least 20 frames wide, then the forecast horizon.
    const x0 = Math.min(last - 19, Math.max(Math.min(...frames), last - 119)), x1 = last + Math.max(horizon, 0);
    let lo = Infinity, hi = -Infinity;
    const see = v => { if (Number.isFinite(v)) { lo = Math.min(lo, v); hi = Math.max(hi, v); } };
    for (const [f, v] of t.values) if (f >= x0) see(v);
    for (const list of state.fans.values()) for (const f of list) f.values.forEach(see);
    if (hi - lo < 0.1) { const mid = (hi + lo) / 2; lo = mid - 0.05; hi = mid + 0.05; }
    const pad = (hi - lo) * 0.1; lo -= pad; hi += pad;
    const X = f => 40 + (f - x0) / Math.max(1, x1 - x0) * (w - 50), Y = v => h - 20 - (v - lo) / (hi - lo) * (h - 30);
    g.strokeStyle = '#262c38'; g.fillStyle = '#8a93a6'; g.lineWidth = 1;
    for (const v of [lo + pad, (lo + hi) / 2, hi - pad]) { g.beginPath(); g.moveTo(40, Y(v)); g.lineTo(w - 10, Y(v)); g.stroke(); g.fillText(v.toFixed(2), 4, Y(v) + 4); }
    g.beginPath(); g.moveTo(X(last), 10); g.lineTo(X(last), h - 20); g.stroke();
    g.fillText('frame ' + last, X(last) - 30, h - 6);
    // The forecast fan: the newest forecasts of each forecaster, older ones fainter.
    let ci = 0;
    const legend = [];
    for (const [name, list] of state.fans) {
      const colour = FORECAST_COLOURS[ci++ % FORECAST_COLOURS.length];
      legend.push('<span><i style="background:' + colour + '"></i>' + name + '</span>');
      list.forEach((f, k) => {
        g.strokeStyle = colour; g.globalAlpha = 0.25 + 0.75 * (k + 1) / list.length; g.beginPath();
        g.moveTo(X(f.frame), Y(t.values.get(f.frame) ?? f.values[0]));
        f.values.forEach((v, s) => g.lineTo(X(f.frame + 1 + s), Y(v)));
        g.stroke();
      });
      g.globalAlpha = 1;
    }
    $('legend').innerHTML = '<span><i style="background:#fff"></i>ΔF/F</span>' + legend.join('');
    g.strokeStyle = '#ffffff'; g.lineWidth = 1.5; g.beginPath();
    let pen = false;
    for (let f = x0; f <= last; f++) {
      const v = t.values.get(f);
      if (!Number.isFinite(v)) { pen = false; continue; }
      if (pen) g.lineTo(X(f), Y(v)); else g.moveTo(X(f), Y(v));
      pen = true;
    }
    g.stroke();
    state.tracePoints = [...t.values.values()].filter(Number.isFinite).length;
  }

  // ------------------------------------------------------------------ stimulus timeline
  function onStimulus(entries, condition, stimulus) {
    state.timeline.push(...entries);
    if (state.timeline.length > 2000) state.timeline.splice(0, state.timeline.length - 2000);
    state.condition = condition; state.stimulus = stimulus;
    $('condition').textContent = condition == null ? '–' : condition + ' ' + CONDITIONS[condition];
    $('stimulus').textContent = stimulus || '–';
    drawTimeline();
  }

  function drawTimeline() {
    const c = $('timeline'), g = c.getContext('2d'), w = c.width, h = c.height, now = Date.now(), span = 120000;
    g.fillStyle = '#08090c'; g.fillRect(0, 0, w, h);
    const X = t => (t - (now - span)) / span * w;
    let cond = null, from = now - span;
    for (const e of state.timeline) {
      if (e.condition != null && e.condition !== cond) {
        if (cond != null) { g.fillStyle = CONDITION_COLOURS[cond]; g.fillRect(X(from), 4, X(e.tMs) - X(from), 22); }
        cond = e.condition; from = e.tMs;
      }
    }
    if (cond != null) { g.fillStyle = CONDITION_COLOURS[cond]; g.fillRect(X(from), 4, w - X(from), 22); }
    for (const e of state.timeline) {
      if (e.tMs < now - span) continue;
      g.fillStyle = e.kind === 'command' ? '#ffffff' : e.kind === 'command_ack' ? '#4cc38a' : '#f0b020';
      g.fillRect(X(e.tMs), e.kind === 'command' ? 32 : 48, 2, 12);
    }
    g.fillStyle = '#8a93a6';
    g.fillText('commands', 4, 42); g.fillText('rig', 4, 58); g.fillText('−2 min', 4, h - 1); g.fillText('now', w - 24, h - 1);
    const lastCmd = [...state.timeline].reverse().find(e => e.kind === 'command');
    $('timeline-now').textContent = (state.condition == null ? 'no condition yet' : 'condition ' + state.condition + ' (' + CONDITIONS[state.condition] + ')')
      + (lastCmd ? ' · last command #' + lastCmd.seq + ': ' + lastCmd.stimulus + (lastCmd.params && Object.keys(lastCmd.params).length ? ' ' + JSON.stringify(lastCmd.params) : '') + ' by ' + lastCmd.policy : '');
  }

  // ------------------------------------------------------------------ status
  function onStatus(s) {
    $('session').textContent = s.session;
    if (s.vigor != null) $('vigor').textContent = s.vigor.toFixed(2) + (s.swimming ? ' swimming' : '');
    const rows = Object.entries(s.stages || {}).map(([name, st]) =>
      '<tr><td>' + name + '</td><td><span class="dot ' + st.state + '"></span> <span class="' + st.state + '">' + st.state + '</span></td>'
      + '<td>' + st.records + '</td><td>' + (st.ageS == null ? '–' : st.ageS + ' s ago') + '</td>'
      + ['lastMs', 'p50Ms', 'p99Ms'].map(k => '<td>' + (st[k] == null ? '–' : st[k] + ' ms') + '</td>').join('') + '</tr>');
    document.querySelector('#stages tbody').innerHTML = rows.join('');
    state.status = s;
    drawTimeline();
  }

  // ------------------------------------------------------------------ socket
  let ws = null;
  function send(m) { if (ws && ws.readyState === 1) ws.send(JSON.stringify(m)); }

  function connect() {
    ws = new WebSocket((location.protocol === 'https:' ? 'wss://' : 'ws://') + location.host + '/ws');
    ws.binaryType = 'arraybuffer';
    ws.onopen = () => { $('conn').textContent = 'connected'; $('conn').className = 'ok'; if (state.selection) select(state.selection.neurons, state.selection.label, state.selection.view, state.selection.rect); };
    ws.onclose = () => { $('conn').textContent = 'disconnected, retrying…'; $('conn').className = 'bad'; setTimeout(connect, 1000); };
    ws.onmessage = e => {
      if (typeof e.data !== 'string') {
        const type = new DataView(e.data).getUint8(0);
        if (type === MAP) onMap(e.data); else if (type === FRAME) onFrame(e.data); else if (type === TRACE) onTrace(e.data);
        return;
      }
      const m = JSON.parse(e.data);
      if (m.type === 'status') onStatus(m);
      else if (m.type === 'stimulus') onStimulus([m.entry], m.condition, m.stimulus);
      else if (m.type === 'timeline') { state.timeline = []; onStimulus(m.entries, m.condition, m.stimulus); }
      else if (m.type === 'forecast') onForecast(m);
      else if (m.type === 'error') console.warn('live view:', m.message);
    };
  }

  attachSelection($('top'), 0);
  attachSelection($('side'), 1);
  drawTrace();
  connect();

  // For tests and curious people: what has been drawn, and where a neuron is on the page.
  window.zaploop = {
    state,
    drawn: () => state.drawn,
    skipped: () => state.skipped,
    lastFrame: () => state.lastFrame,
    neurons: () => state.map ? state.map.n : 0,
    tracePoints: () => state.tracePoints || 0,
    drawMs: () => state.drawMs.length ? state.drawMs.reduce((a, b) => a + b, 0) / state.drawMs.length : NaN,
    forecasters: () => [...state.fans.keys()],
    topChecksum: () => { let h = 0; for (const p of state.views[0].pixels) h = (h * 31 + p) | 0; return h; },
    pagePositionOf: i => { const v = state.views[0], r = v.canvas.getBoundingClientRect();
      return { x: r.left + (v.sx[i] + 1) * r.width / v.canvas.width, y: r.top + (v.sy[i] + 1) * r.height / v.canvas.height }; },
  };
})();
