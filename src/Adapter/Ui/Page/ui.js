// Headroom's live page: polls /debug/workloads (the values now) and /debug/history (new points since the last poll),
// and draws each workload as a card of values and inline SVG charts. Text only ever goes in through textContent.
"use strict";

(() => {
  const REFRESH_MS = 3000;
  const SVG = "http://www.w3.org/2000/svg";
  const CHART = { width: 340, wide: 700, height: 140, left: 46, right: 8, top: 8, bottom: 20 };

  // Per workload key: its points, oldest first. The newest point's "at" is where the next poll resumes.
  const series = new Map();
  let lastAt = null;
  let windowSeconds = 3600;
  let resolutionSeconds = 5;

  const key = (ns, name, role) => (role ? `${ns}/${name}/${role}` : `${ns}/${name}`);

  function el(tag, attrs, ...children) {
    const node = document.createElement(tag);
    for (const [name, value] of Object.entries(attrs || {})) node.setAttribute(name, value);
    for (const child of children) node.append(child);
    return node;
  }

  function svgEl(tag, attrs) {
    const node = document.createElementNS(SVG, tag);
    for (const [name, value] of Object.entries(attrs || {})) node.setAttribute(name, String(value));
    return node;
  }

  // Three significant figures or so, never an exponent: the decimals shown say how close the number is.
  function decimals(v) {
    if (Number.isInteger(v)) return 0;
    const a = Math.abs(v);
    return a >= 100 ? 0 : a >= 10 ? 1 : 2;
  }

  function format(v, scale = 1) {
    if (v === null || v === undefined || !Number.isFinite(v)) return "—";
    const x = v * scale;
    return x.toLocaleString("en-US", { minimumFractionDigits: decimals(x), maximumFractionDigits: decimals(x) });
  }

  async function getJson(url) {
    const response = await fetch(url, { credentials: "same-origin", cache: "no-store" });
    const body = await response.json().catch(() => null);
    if (!response.ok) {
      const why = body && body.message ? body.message : response.statusText;
      throw new Error(`${url}: ${response.status} ${why}`);
    }
    return body;
  }

  function mergeHistory(history) {
    windowSeconds = history.windowSeconds;
    resolutionSeconds = history.resolutionSeconds;
    const published = new Set();
    for (const w of history.workloads) {
      const k = key(w.namespace, w.workload, w.role);
      published.add(k);
      const points = series.get(k) || [];
      for (const p of w.points) points.push(Object.assign({}, p, { t: Date.parse(p.at) }));
      if (points.length > 0) {
        const newest = points[points.length - 1];
        if (lastAt === null || newest.t > Date.parse(lastAt)) lastAt = newest.at;
        const oldest = newest.t - windowSeconds * 1000;
        while (points.length > 0 && points[0].t < oldest) points.shift();
      }
      series.set(k, points);
    }
    for (const k of [...series.keys()]) if (!published.has(k)) series.delete(k);
  }

  // A value cell: the number as read from /debug/workloads in data-value, shown formatted, with its unit.
  function setValue(card, field, value, { scale = 1, unit = "", note = "" } = {}) {
    const cell = card.querySelector(`[data-field="${field}"]`);
    cell.dataset.value = value === null || value === undefined ? "" : String(value);
    cell.querySelector(".number").textContent = format(value, scale);
    cell.querySelector(".unit").textContent = value === null || value === undefined ? "" : unit;
    cell.querySelector(".note").textContent = note;
  }

  const VALUE_ROWS = [
    ["prompt-demand", "prompt demand"],
    ["demand", "generated demand"],
    ["forecast", "forecast, one lead time ahead"],
    ["forecast-band", "forecast band"],
    ["ready", "ready replicas"],
    ["starting", "starting replicas"],
    ["desired", "desired replicas"],
    ["queue", "queue"],
    ["kv", "KV cache"],
    ["gpu", "GPU duty"],
    ["prefill-capacity", "prefill capacity per replica"],
    ["decode-capacity", "decode capacity per replica"],
    ["cold-start", "cold start (learned quantile)"],
  ];

  // Name, title, legend, whether it spans two columns. The forecast is of generated tokens, one lead time ahead, so
  // it is drawn that far to the right of the instant it was made.
  const CHARTS = [
    ["demand", "Generated tokens/s: demand, and the forecast made one lead time earlier", [["generated", "demand"], ["forecast", "forecast (served quantile)"], ["point", "point forecast"], ["band", "band"]], true],
    ["prompt", "Prompt tokens/s: demand", [["prompt", "demand"]], false],
    ["replicas", "Replicas", [["ready", "ready"], ["starting", "ready + starting"], ["desired", "desired"]], false],
    ["queue", "Queue (requests waiting)", [["queue", "queue"]], false],
    ["utilisation", "KV cache and GPU duty (%)", [["kv", "KV cache"], ["gpu", "GPU duty"]], false],
  ];

  function newCard(w) {
    const values = el("dl", { class: "values" });
    for (const [field, label] of VALUE_ROWS) {
      values.append(el("dt", {}, label),
        el("dd", { "data-field": field }, el("span", { class: "number" }), " ", el("span", { class: "unit" }), el("span", { class: "note" })));
    }
    const charts = el("div", { class: "charts" });
    for (const [name, title, legend, wide] of CHARTS) {
      const keys = el("div", { class: "legend" });
      for (const [cls, label] of legend) keys.append(el("span", { class: `key ${cls}` }, label));
      const width = wide ? CHART.wide : CHART.width;
      const svg = svgEl("svg", { viewBox: `0 0 ${width} ${CHART.height}`, class: "chart", "data-chart": name, role: "img", "aria-label": title });
      charts.append(el("figure", { class: wide ? "wide" : "" }, el("figcaption", {}, title), keys, svg));
    }
    return el("section", { class: "workload", "data-namespace": w.namespace, "data-workload": w.workload, "data-role": w.role || "" },
      el("div", { class: "head" },
        el("h2", {}, w.role ? `${w.namespace}/${w.workload} · ${w.role}` : `${w.namespace}/${w.workload}`),
        el("span", { class: "observed", "data-field": "observed-at" }),
        el("span", { class: "flag" })),
      el("p", { class: "reason", "data-field": "reason" }),
      el("p", { class: "error-line" }),
      el("div", { class: "body" }, values, charts));
  }

  function reasonOf(d) {
    if (!d) return "No decision yet: demand or the queue is not known.";
    const why = {
      prefill: "prefill (time to first token) needs the most replicas",
      compute: "prefill and decode together need the most GPU time",
      decode: "decode needs the most replicas",
      "kv-cache": "the KV caches need the most replicas",
      queue: "draining the queue needs the most replicas",
      held: "scale-down waits out the stabilization window",
      idle: "there is no demand",
    }[d.boundBy] || d.boundBy;
    return `Desired ${d.desired}: ${why}. Needs now or one lead time ahead: prefill ${d.forPrefill}, compute ${d.forCompute}, decode ${d.forDecode}, ` +
      `KV cache ${d.forKvCache}, queue ${d.forQueue}; needed ${d.needed}, held ${d.held}.`;
  }

  function updateCard(card, w) {
    const d = w.decision || null;
    const v = w.values || {};
    card.querySelector('[data-field="observed-at"]').dataset.value = w.observedAt || "";
    card.querySelector('[data-field="observed-at"]').textContent = w.observedAt
      ? `observed ${w.observedAt} (${format(w.ageSeconds)} s ago)` : "not observed yet";
    const flag = card.querySelector(".flag");
    flag.textContent = w.stale ? "stale: answers refused, the HPA holds" : "";
    card.classList.toggle("stale", !!w.stale);
    card.querySelector(".error-line").textContent = w.lastError ? `Last observation failed: ${w.lastError}` : "";
    const reason = card.querySelector('[data-field="reason"]');
    reason.dataset.value = d ? d.boundBy : "";
    reason.textContent = reasonOf(d);

    setValue(card, "prompt-demand", d ? d.promptDemand : null, { unit: "tokens/s" });
    setValue(card, "demand", d ? d.demand : null, { unit: "tokens/s" });
    setValue(card, "forecast", d ? d.forecastDemand : null,
      { unit: "tokens/s", note: d ? `${d.forecastModel}, ${format(d.leadTimeSeconds)} s ahead` : "" });
    const band = d && d.forecastBand ? d.forecastBand : null;
    const bandCell = card.querySelector('[data-field="forecast-band"]');
    bandCell.dataset.low = band ? String(band.low) : "";
    bandCell.dataset.high = band ? String(band.high) : "";
    setValue(card, "forecast-band", band ? band.point : null,
      { unit: "tokens/s", note: band ? `point; ${format(band.low)} to ${format(band.high)}` : "none yet: needs a fitted model (an hour of history)" });
    setValue(card, "ready", d ? d.readyReplicas : w.readyPods);
    setValue(card, "starting", d ? d.startingReplicas : null);
    setValue(card, "desired", d ? d.desired : null);
    setValue(card, "queue", v.headroom_queue_depth, { unit: "requests" });
    setValue(card, "kv", v.headroom_kv_cache_utilization, { scale: 100, unit: "%" });
    setValue(card, "gpu", v.headroom_gpu_duty_cycle, { scale: 100, unit: "%" });
    setValue(card, "prefill-capacity", d ? d.prefillCapacityPerReplica : null,
      { unit: "tokens/s", note: d ? (d.prefillCapacityLearned ? "learned" : "configured prior") : "" });
    setValue(card, "decode-capacity", d ? d.decodeCapacityPerReplica : null,
      { unit: "tokens/s", note: d ? (d.decodeCapacityLearned ? "learned" : "configured prior") : "" });
    setValue(card, "cold-start", v.headroom_cold_start_seconds, { unit: "s" });

    drawCharts(card, series.get(key(w.namespace, w.workload, w.role)) || []);
  }

  // A "nice" upper bound for an axis: 1, 2 or 5 times a power of ten.
  function niceMax(v) {
    if (!(v > 0)) return 1;
    const power = Math.pow(10, Math.floor(Math.log10(v)));
    for (const m of [1, 2, 5, 10]) if (m * power >= v) return m * power;
    return 10 * power;
  }

  // How far apart points must be for observations to have stopped between them: three times the usual spacing, which
  // is the resolution or the signal interval, whichever is longer.
  function gapOf(points) {
    const spacings = points.slice(1).map((p, i) => p.t - points[i].t).sort((a, b) => a - b);
    const usual = spacings.length > 0 ? spacings[Math.floor(spacings.length / 2)] : 0;
    return 3 * Math.max(usual, resolutionSeconds * 1000);
  }

  // Runs of points with a value, split where a value is missing or observations stopped for a while.
  function runs(points, gap, value, shift) {
    const out = [];
    let run = [];
    let previous = null;
    for (const p of points) {
      const y = value(p);
      const t = p.t + (shift ? shift(p) : 0);
      if (y === null || y === undefined || !Number.isFinite(y) || (previous !== null && p.t - previous > gap)) {
        if (run.length > 0) out.push(run);
        run = [];
      }
      if (y !== null && y !== undefined && Number.isFinite(y)) run.push([t, y]);
      previous = p.t;
    }
    if (run.length > 0) out.push(run);
    return out;
  }

  function drawCharts(card, points) {
    const now = points.length > 0 ? points[points.length - 1].t : Date.now();
    const lead = points.reduce((m, p) => Math.max(m, p.leadSeconds || 0), 0) * 1000;
    const x0 = now - windowSeconds * 1000;
    const x1 = now + lead;
    const leadShift = (p) => (p.leadSeconds || 0) * 1000;
    const gap = gapOf(points);

    chart(card, "demand", x0, x1, now, [
      { cls: "band", area: true, lines: runs(points, gap, (p) => p.forecastLow, leadShift), upper: runs(points, gap, (p) => p.forecastHigh, leadShift) },
      { cls: "generated", lines: runs(points, gap, (p) => p.demand) },
      { cls: "point", lines: runs(points, gap, (p) => p.forecastPoint, leadShift) },
      { cls: "forecast", lines: runs(points, gap, (p) => p.forecast, leadShift) },
    ]);
    chart(card, "prompt", x0, x1, now, [{ cls: "prompt", lines: runs(points, gap, (p) => p.promptDemand) }]);
    chart(card, "replicas", x0, x1, now, [
      { cls: "starting", step: true, lines: runs(points, gap, (p) => (p.ready ?? null) === null ? null : p.ready + (p.starting || 0)) },
      { cls: "ready", step: true, lines: runs(points, gap, (p) => p.ready) },
      { cls: "desired", step: true, lines: runs(points, gap, (p) => p.desired) },
    ]);
    chart(card, "queue", x0, x1, now, [{ cls: "queue", lines: runs(points, gap, (p) => p.queue) }]);
    chart(card, "utilisation", x0, x1, now, [
      { cls: "kv", lines: runs(points, gap, (p) => p.kvCache === undefined ? null : p.kvCache * 100) },
      { cls: "gpu", lines: runs(points, gap, (p) => p.gpuDuty === undefined ? null : p.gpuDuty * 100) },
    ], 100);
  }

  function chart(card, name, x0, x1, now, layers, fixedMax) {
    const svg = card.querySelector(`svg[data-chart="${name}"]`);
    svg.replaceChildren();
    const width = svg.viewBox.baseVal.width;
    const { height, left, right, top, bottom } = CHART;
    let max = 0;
    for (const layer of layers) for (const run of [...layer.lines, ...(layer.upper || [])]) for (const [, y] of run) max = Math.max(max, y);
    const yMax = fixedMax || niceMax(max);
    const x = (t) => left + ((t - x0) / (x1 - x0)) * (width - left - right);
    const y = (v) => top + (1 - v / yMax) * (height - top - bottom);

    for (const fraction of [0, 0.5, 1]) {
      const v = yMax * fraction;
      svg.append(svgEl("line", { class: "grid", x1: left, x2: width - right, y1: y(v), y2: y(v) }));
      const label = svgEl("text", { class: "axis", x: left - 4, y: y(v) + 4, "text-anchor": "end" });
      label.textContent = format(v);
      svg.append(label);
    }
    for (let minutes = 0; minutes * 60000 <= now - x0; minutes += 15) {
      const t = now - minutes * 60000;
      if (x(t) < left + 16) continue;
      const label = svgEl("text", { class: "axis", x: x(t), y: height - 6, "text-anchor": "middle" });
      label.textContent = minutes === 0 ? "now" : `−${minutes} min`;
      svg.append(label);
    }
    svg.append(svgEl("line", { class: "now", x1: x(now), x2: x(now), y1: top, y2: height - bottom }));

    for (const layer of layers) {
      let count = 0;
      let d = "";
      if (layer.area) {
        // The band between two runs that share their instants: along the upper edge, back along the lower.
        for (let i = 0; i < Math.min(layer.lines.length, layer.upper.length); i++) {
          const low = layer.lines[i];
          const high = layer.upper[i];
          if (low.length < 2 || high.length !== low.length) continue;
          d += high.map(([t, v], j) => `${j === 0 ? "M" : "L"}${x(t).toFixed(1)},${y(v).toFixed(1)}`).join("");
          d += [...low].reverse().map(([t, v]) => `L${x(t).toFixed(1)},${y(v).toFixed(1)}`).join("") + "Z";
          count += low.length;
        }
      } else {
        for (const run of layer.lines) {
          run.forEach(([t, v], j) => {
            if (j === 0) d += `M${x(t).toFixed(1)},${y(v).toFixed(1)}`;
            else if (layer.step) d += `H${x(t).toFixed(1)}V${y(v).toFixed(1)}`;
            else d += `L${x(t).toFixed(1)},${y(v).toFixed(1)}`;
          });
          // A lone point is still drawn, as a short dash.
          if (run.length === 1) d += "h2";
          count += run.length;
        }
      }
      svg.append(svgEl("path", { class: `series ${layer.cls}`, d: d || "M0,0", "data-series": layer.cls, "data-points": count }));
    }
  }

  function render(workloads) {
    const main = document.getElementById("workloads");
    const cards = new Map([...main.querySelectorAll("section.workload")].map((c) => [key(c.dataset.namespace, c.dataset.workload, c.dataset.role), c]));
    const order = [];
    for (const w of workloads) {
      const card = cards.get(key(w.namespace, w.workload, w.role)) || newCard(w);
      updateCard(card, w);
      order.push(card);
    }
    // Cards of workloads no longer published go; the others keep their place in the answer's order.
    main.replaceChildren(...order);
    if (workloads.length === 0) main.append(el("p", { class: "empty" }, "No workloads are configured."));
  }

  function setStatus(text, failed) {
    const status = document.getElementById("status");
    status.textContent = text;
    status.classList.toggle("failed", failed);
  }

  async function tick() {
    try {
      const historyUrl = lastAt === null ? "debug/history" : `debug/history?after=${encodeURIComponent(lastAt)}`;
      const [workloads, history] = await Promise.all([getJson("debug/workloads"), getJson(historyUrl)]);
      mergeHistory(history);
      render(workloads);
      setStatus(`updated ${new Date().toLocaleTimeString("en-GB")}, every ${REFRESH_MS / 1000} s`, false);
    } catch (error) {
      // Shown, not thrown: the page keeps its last values and tries again.
      setStatus(`not updated: ${error.message}; retrying every ${REFRESH_MS / 1000} s`, true);
    }
    setTimeout(tick, REFRESH_MS);
  }

  tick();
})();
