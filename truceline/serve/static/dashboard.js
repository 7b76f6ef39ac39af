// Truceline dashboard (docs/dashboard.md): map, timeline, incidents and their claims, ceasefires.
//
// Security: every value shown comes from the API and may carry text from an article (untrusted).
// The page is built with createElement / textContent only: no innerHTML, no inline handlers, no
// style attributes (the server's Content-Security-Policy forbids inline scripts and styles).
// Leaflet popups, tooltips and icons get DOM elements, never HTML strings.
(function () {
  "use strict";

  // ------------------------------------------------------------------ constants
  var FILTERS = ["date_from", "date_to", "admin1", "event_type", "sub_event_type", "side", "outlet",
    "alignment", "min_fatalities", "contradicted", "agreement"];
  var LIST_FILTERS = { admin1: 1, event_type: 1, sub_event_type: 1, side: 1, outlet: 1, alignment: 1 };
  var PAGE = 25;
  var MAP_MAX = 20000;
  var SVG_NS = "http://www.w3.org/2000/svg";
  var TYPE_COLORS = {
    "Battles": "#c62828",
    "Explosions/Remote violence": "#ef6c00",
    "Violence against civilians": "#6a1b9a",
    "Protests": "#1565c0",
    "Riots": "#2e7d32",
    "Strategic developments": "#546e7a"
  };
  var SIDE_COLORS = {
    "SYRIA_GOV": "#c62828",
    "RUSSIA": "#6a1b9a",
    "IRAN_AXIS": "#4e342e",
    "OPPOSITION": "#2e7d32",
    "TURKEY": "#00838f",
    "SDF_KURDS": "#f9a825",
    "US_COALITION": "#1565c0",
    "IS": "#212121",
    "ISRAEL": "#3949ab",
    "CIVILIANS": "#90a4ae",
    "OTHER": "#8d6e63",
    "UNKNOWN": "#b0bec5"
  };
  var SIDE_LABELS = {
    "SYRIA_GOV": "Syrian government", "RUSSIA": "Russia", "IRAN_AXIS": "Iran and allies",
    "OPPOSITION": "Opposition", "TURKEY": "Turkey", "SDF_KURDS": "SDF / Kurdish forces",
    "US_COALITION": "US-led coalition", "IS": "Islamic State", "ISRAEL": "Israel",
    "CIVILIANS": "Civilians", "OTHER": "Other", "UNKNOWN": "Unknown", "": "No side"
  };
  var SPARE = ["#5d4037", "#0277bd", "#ad1457", "#558b2f", "#ff8f00", "#37474f", "#7b1fa2", "#00695c"];

  // ------------------------------------------------------------------ state
  var state = {
    filters: {}, view: "map", color: "type", bucket: "month", cfBucket: "month", cfAgreement: "",
    incident: "", event: "", sort: "event_date", order: "desc", offset: 0
  };
  var vocab = null;
  var agreementNames = {};
  var map = null, cluster = null, govLayer = null, markers = [];
  var requestSeq = 0;

  // ------------------------------------------------------------------ DOM helpers
  function $(id) { return document.getElementById(id); }

  // el("td", {className: "num", title: "..."}, "text", childNode, ...): strings become text nodes
  function el(tag, attrs) {
    var node = document.createElement(tag);
    setAttrs(node, attrs);
    for (var i = 2; i < arguments.length; i++) append(node, arguments[i]);
    return node;
  }

  function svg(tag, attrs) {
    var node = document.createElementNS(SVG_NS, tag);
    if (attrs) {
      Object.keys(attrs).forEach(function (k) {
        if (attrs[k] !== null && attrs[k] !== undefined) node.setAttribute(k, String(attrs[k]));
      });
    }
    for (var i = 2; i < arguments.length; i++) append(node, arguments[i]);
    return node;
  }

  function setAttrs(node, attrs) {
    if (!attrs) return;
    Object.keys(attrs).forEach(function (k) {
      var v = attrs[k];
      if (v === null || v === undefined || v === false) return;
      if (k === "className") node.className = v;
      else if (k === "text") node.textContent = String(v);
      else if (k === "href") { var safe = safeUrl(v); if (safe) node.setAttribute("href", safe); }
      else if (k.indexOf("on") === 0) throw new Error("no inline handlers: " + k);
      else if (k === "style") throw new Error("no style attributes");
      else node.setAttribute(k, v === true ? "" : String(v));
    });
  }

  function append(node, child) {
    if (child === null || child === undefined || child === false) return;
    if (Array.isArray(child)) { child.forEach(function (c) { append(node, c); }); return; }
    node.appendChild(typeof child === "object" ? child : document.createTextNode(String(child)));
  }

  function clear(node) { while (node.firstChild) node.removeChild(node.firstChild); return node; }

  // only http(s) links and same-origin paths: a "javascript:" URL from an article is dropped
  function safeUrl(u) {
    if (typeof u !== "string" || !u) return "";
    try {
      var parsed = new URL(u, window.location.origin);
      if (parsed.protocol === "http:" || parsed.protocol === "https:") return parsed.href;
    } catch (e) { /* not a URL */ }
    return "";
  }

  function fmt(n) { return (n === null || n === undefined || n === "") ? "–" : String(n); }

  function setStatus(text, isError) {
    var s = $("status");
    s.textContent = text || "";
    s.className = "status" + (isError ? " error" : "");
  }

  function colorOf(table, key, spareIndex) {
    if (table[key]) return table[key];
    var h = 0;
    for (var i = 0; i < key.length; i++) h = (h * 31 + key.charCodeAt(i)) >>> 0;
    return SPARE[(spareIndex !== undefined ? spareIndex : h) % SPARE.length];
  }

  function sideLabel(s) { return SIDE_LABELS[s] || s; }

  // offsets from the API count code points (Python); JavaScript strings count UTF-16 units
  function cpSlice(text, start, end) {
    if (!/[\uD800-\uDFFF]/.test(text)) return [text.slice(0, start), text.slice(start, end), text.slice(end)];
    var cps = Array.from(text);
    return [cps.slice(0, start).join(""), cps.slice(start, end).join(""), cps.slice(end).join("")];
  }

  function isRtl(lang, text) {
    if (lang === "ar") return true;
    return !lang && /[\u0600-\u06FF]/.test((text || "").slice(0, 200));
  }

  // ------------------------------------------------------------------ API
  function api(path, params) {
    var url = path + (params && params.toString() ? "?" + params.toString() : "");
    return fetch(url, { headers: { "Accept": "application/json" }, credentials: "same-origin" })
      .then(function (r) {
        if (!r.ok) {
          return r.json().catch(function () { return {}; }).then(function (body) {
            var d = body && body.detail;
            throw new Error(r.status + " " + (typeof d === "string" ? d : JSON.stringify(d || r.statusText)));
          });
        }
        return r.json();
      });
  }

  function filterParams() {
    var p = new URLSearchParams();
    FILTERS.forEach(function (k) {
      var v = state.filters[k];
      if (v === undefined || v === null || v === "" || (Array.isArray(v) && !v.length)) return;
      (Array.isArray(v) ? v : [v]).forEach(function (x) { p.append(k, x); });
    });
    return p;
  }

  function withParams(extra) {
    var p = filterParams();
    Object.keys(extra || {}).forEach(function (k) { p.set(k, extra[k]); });
    return p;
  }

  // ------------------------------------------------------------------ URL <-> state
  function readUrl() {
    var q = new URLSearchParams(window.location.search);
    var f = {};
    FILTERS.forEach(function (k) {
      if (LIST_FILTERS[k]) {
        var all = q.getAll(k).filter(function (x) { return x; });
        if (all.length) f[k] = all;
      } else if (q.get(k)) {
        f[k] = q.get(k);
      }
    });
    state.filters = f;
    state.view = q.get("view") === "ceasefire" ? "ceasefire" : "map";
    state.color = q.get("color") === "side" ? "side" : "type";
    state.bucket = ["day", "week", "month", "year"].indexOf(q.get("bucket")) >= 0 ? q.get("bucket") : "month";
    state.incident = q.get("incident") || "";
    state.event = state.incident ? "" : (q.get("event") || "");
    state.cfAgreement = q.get("cf_agreement") || "";
    state.offset = 0;
  }

  function writeUrl(push) {
    var p = filterParams();
    if (state.view !== "map") p.set("view", state.view);
    if (state.color !== "type") p.set("color", state.color);
    if (state.bucket !== "month") p.set("bucket", state.bucket);
    if (state.cfAgreement && state.view === "ceasefire") p.set("cf_agreement", state.cfAgreement);
    if (state.incident) p.set("incident", state.incident);
    else if (state.event) p.set("event", state.event);
    var s = p.toString();
    var url = window.location.pathname + (s ? "?" + s : "");
    if (url === window.location.pathname + window.location.search) return;
    if (push) window.history.pushState(null, "", url);
    else window.history.replaceState(null, "", url);
  }

  function formToState() {
    var f = {};
    FILTERS.forEach(function (k) {
      var input = $("f-" + k);
      if (!input) return;
      var v = input.type === "checkbox" ? (input.checked ? "true" : "") : input.value.trim();
      if (!v) return;
      f[k] = LIST_FILTERS[k] ? [v] : v;
    });
    // values of the URL the single selects cannot show (several governorates...) are kept
    Object.keys(LIST_FILTERS).forEach(function (k) {
      var old = state.filters[k];
      if (old && old.length > 1 && $("f-" + k).value === "__several") f[k] = old;
    });
    state.filters = f;
  }

  function stateToForm() {
    FILTERS.forEach(function (k) {
      var input = $("f-" + k);
      if (!input) return;
      var v = state.filters[k];
      if (input.type === "checkbox") { input.checked = v === "true"; return; }
      if (LIST_FILTERS[k]) {
        var several = input.querySelector("option[value='__several']");
        if (several) input.removeChild(several);
        if (v && v.length > 1) {
          input.appendChild(el("option", { value: "__several", text: v.length + " selected: " + v.join(", ") }));
          input.value = "__several";
          return;
        }
        v = v && v.length ? v[0] : "";
        ensureOption(input, v);
      } else if (input.tagName === "SELECT") {
        ensureOption(input, v || "");
      }
      input.value = v || "";
    });
    $("bucket").value = state.bucket;
    $("bucket-name").textContent = state.bucket;
  }

  // a value from the URL that the vocabulary does not list still shows (and still filters)
  function ensureOption(select, value) {
    if (!value) return;
    var found = Array.prototype.some.call(select.options, function (o) { return o.value === value; });
    if (!found) select.appendChild(el("option", { value: value, text: value }));
  }

  // ------------------------------------------------------------------ vocabulary and form
  function fillSelect(id, values, label) {
    var s = $(id);
    values.forEach(function (v) {
      var value = typeof v === "object" ? v.id : v;
      var text = typeof v === "object" ? v.name : (label ? label(v) : v);
      s.appendChild(el("option", { value: value, text: text }));
    });
  }

  function loadVocabulary() {
    return api("/api/vocabulary").then(function (v) {
      vocab = v;
      fillSelect("f-admin1", v.admin1 || []);
      fillSelect("f-event_type", v.event_types || []);
      fillSelect("f-sub_event_type", v.sub_event_types || []);
      fillSelect("f-side", v.sides || [], sideLabel);
      fillSelect("f-outlet", v.outlets || []);
      fillSelect("f-alignment", v.alignments || []);
      fillSelect("f-agreement", v.agreements || []);
      (v.agreements || []).forEach(function (a) { agreementNames[a.id] = a.name; });
    });
  }

  // ------------------------------------------------------------------ map
  var AttributionControl = L.Control.extend({
    options: { position: "bottomright" },
    onAdd: function () {
      return el("div", { className: "leaflet-control tl-attribution" },
        "Boundaries: Natural Earth (public domain) · ",
        el("a", { href: "https://leafletjs.com", target: "_blank", rel: "noopener noreferrer" }, "Leaflet"));
    }
  });

  function initMap() {
    map = L.map("map", {
      attributionControl: false, zoomSnap: 0.25, minZoom: 5, maxZoom: 14,
      maxBounds: L.latLngBounds([30.5, 33.0], [39.0, 44.5]), worldCopyJump: false
    });
    map.fitBounds(L.latLngBounds([32.3, 35.6], [37.4, 42.4]));
    new AttributionControl().addTo(map);
    L.control.scale({ imperial: false, position: "bottomleft" }).addTo(map);
    map.createPane("governorates");
    map.getPane("governorates").style.zIndex = 250;
    cluster = L.markerClusterGroup({
      showCoverageOnHover: false, maxClusterRadius: 38, spiderfyOnMaxZoom: true,
      spiderLegPolylineOptions: { weight: 1.5, color: "#37474f", opacity: 0.6 },
      iconCreateFunction: clusterIcon
    });
    map.addLayer(cluster);
    return fetch("/static/vendor/syria_admin1.geojson").then(function (r) {
      if (!r.ok) throw new Error("governorate boundaries: HTTP " + r.status + " (run python -m truceline.serve.build)");
      return r.json();
    }).then(function (gj) {
      govLayer = L.geoJSON(gj, {
        pane: "governorates",
        style: govStyle,
        onEachFeature: function (feature, layer) {
          var p = feature.properties || {};
          layer.bindTooltip(el("span", { className: "gov-tip" }, p.name || p.admin1,
            p.name_ar ? el("span", { className: "ar", lang: "ar", dir: "rtl", text: " " + p.name_ar }) : null),
          { sticky: true, direction: "top", className: "tl-tooltip" });
          layer.on("click", function () { toggleGovernorate(p.admin1 || p.name); });
        }
      }).addTo(map);
      labelGovernorates(gj);
    });
  }

  function govStyle(feature) {
    var sel = state.filters.admin1 || [];
    var on = sel.indexOf(feature.properties.admin1) >= 0;
    return {
      className: "gov" + (on ? " gov-on" : ""), color: on ? "#1e88e5" : "#8d8a80", weight: on ? 2.2 : 1,
      fillColor: on ? "#e3f2fd" : "#f4f1e8", fillOpacity: 1, opacity: 1
    };
  }

  function labelGovernorates(gj) {
    gj.features.forEach(function (f) {
      var p = f.properties;
      var c = p.label_lat !== undefined ? L.latLng(p.label_lat, p.label_lon) : L.geoJSON(f).getBounds().getCenter();
      var label = L.marker(c, {
        interactive: false, keyboard: false, pane: "governorates",
        icon: L.divIcon({ className: "gov-label", html: el("span", { text: p.name }), iconSize: null })
      });
      label.addTo(map);
    });
  }

  function toggleGovernorate(name) {
    if (!name) return;
    var cur = state.filters.admin1 || [];
    state.filters.admin1 = (cur.length === 1 && cur[0] === name) ? [] : [name];
    state.offset = 0;
    stateToForm();
    writeUrl(true);
    refresh();
  }

  function markerColor(props) {
    if (state.color === "side") return colorOf(SIDE_COLORS, props.side1 || "UNKNOWN");
    return colorOf(TYPE_COLORS, props.event_type || "");
  }

  function markerKey(props) { return state.color === "side" ? (props.side1 || "UNKNOWN") : (props.event_type || ""); }

  function clusterIcon(c) {
    var children = c.getAllChildMarkers();
    var counts = {};
    children.forEach(function (m) {
      var k = markerColor(m.options.tl);
      counts[k] = (counts[k] || 0) + 1;
    });
    var n = children.length;
    var stops = [], acc = 0;
    Object.keys(counts).sort().forEach(function (col) {
      var a = acc / n * 360, b = (acc + counts[col]) / n * 360;
      stops.push(col + " " + a.toFixed(1) + "deg " + b.toFixed(1) + "deg");
      acc += counts[col];
    });
    var size = n < 10 ? 34 : n < 100 ? 42 : 50;
    var ring = el("div", { className: "tl-cluster-ring" });
    ring.style.background = "conic-gradient(" + stops.join(", ") + ")";   // CSSOM: allowed by the CSP
    ring.appendChild(el("span", { className: "tl-cluster-n", text: n }));
    return L.divIcon({ html: ring, className: "tl-cluster", iconSize: L.point(size, size) });
  }

  function eventTooltip(p) {
    return el("div", { className: "ev-tip" },
      el("strong", { text: p.sub_event_type || p.event_type }),
      el("div", { text: (p.location || "?") + (p.admin1 ? " (" + p.admin1 + ")" : "") + " · " + fmt(p.event_date) }),
      el("div", { text: "deaths " + fmt(p.fatalities) + " · " + (p.claimant || p.outlet || "") }),
      el("div", { className: "muted", text: "click for the claims" }));
  }

  // every event of the filters, page by page (at most MAP_MAX on the map)
  function loadEventRows(seq) {
    var rows = [];
    function page(offset) {
      return api("/api/events", withParams({ limit: 1000, offset: offset, sort: "event_date", order: "desc" }))
        .then(function (r) {
          if (seq !== requestSeq) return null;
          rows = rows.concat(r.items);
          $("total-events").textContent = r.total + (r.total_capped ? "+" : "");
          $("total-events").dataset.total = r.total;
          var more = r.total_capped || rows.length < r.total;   // a capped total: more than COUNT_CAP match
          if (r.items.length === 1000 && more && rows.length < MAP_MAX) return page(offset + r.items.length);
          return { rows: rows, total: r.total, capped: r.total_capped };
        });
    }
    return page(0);
  }

  function drawEvents(res) {
    cluster.clearLayers();
    markers = [];
    var placed = 0;
    res.rows.forEach(function (p) {
      if (p.latitude === null || p.longitude === null || p.latitude === undefined) return;
      placed++;
      var r = 6 + Math.min(8, Math.sqrt(p.fatalities || 0) * 1.6);
      var m = L.circleMarker([p.latitude, p.longitude], {
        radius: r, color: "#ffffff", weight: 1.5, fillColor: markerColor(p), fillOpacity: 0.92,
        className: "ev-marker"
      });
      m.options.tl = p;
      m.bindTooltip(eventTooltip(p), { direction: "top", className: "tl-tooltip", offset: [0, -r] });
      m.on("click", function () {
        if (p.incident_id) openIncident(p.incident_id, true);
        else openEvent(p.id, true);
      });
      markers.push(m);
    });
    cluster.addLayers(markers);
    var note = $("map-note");
    var unplaced = res.rows.length - placed;
    var partial = res.capped ? res.rows.length >= MAP_MAX : res.rows.length < res.total;
    var shown = "the map shows the latest " + res.rows.length + (res.capped ? " events; more match" : " of " + res.total + " events");
    note.textContent = (partial ? shown : "") +
      (unplaced ? (partial ? "; " : "") + unplaced + " without a place are not on the map" : "");
    note.hidden = !note.textContent;
    drawLegend(res.rows);
    if (markers.length && !drawEvents.fitted) {
      drawEvents.fitted = true;
      var b = L.latLngBounds(markers.map(function (m) { return m.getLatLng(); }));
      map.fitBounds(b.pad(0.35), { maxZoom: 10 });
    }
  }

  function recolor() {
    markers.forEach(function (m) { m.setStyle({ fillColor: markerColor(m.options.tl) }); });
    cluster.refreshClusters();
    drawLegend(markers.map(function (m) { return m.options.tl; }));
    ["type", "side"].forEach(function (c) { $("color-" + c).setAttribute("aria-pressed", String(state.color === c)); });
  }

  function drawLegend(rows) {
    var counts = {};
    rows.forEach(function (p) { var k = markerKey(p); counts[k] = (counts[k] || 0) + 1; });
    var keys = state.color === "side" ? (vocab.sides || []).slice() : (vocab.event_types || []).slice();
    Object.keys(counts).forEach(function (k) { if (keys.indexOf(k) < 0) keys.push(k); });
    var box = clear($("legend"));
    box.appendChild(el("p", { className: "legend-title", text: state.color === "side" ? "Side of actor 1" : "Event type" }));
    var list = el("ul");
    keys.forEach(function (k) {
      var sw = el("span", { className: "dot" });
      sw.style.background = state.color === "side" ? colorOf(SIDE_COLORS, k) : colorOf(TYPE_COLORS, k);
      list.appendChild(el("li", { className: counts[k] ? "" : "absent", "data-key": k }, sw,
        state.color === "side" ? sideLabel(k) : k, el("span", { className: "n", text: counts[k] || 0 })));
    });
    box.appendChild(list);
    box.appendChild(el("p", { className: "legend-note", text: "circle size: deaths claimed" }));
  }

  // ------------------------------------------------------------------ timeline
  function periods(first, last, bucket) {
    var out = [], d = new Date(first + "T00:00:00Z"), end = new Date(last + "T00:00:00Z");
    var guard = 0;
    while (d <= end && guard++ < 5000) {
      out.push(d.toISOString().slice(0, 10));
      if (bucket === "day") d.setUTCDate(d.getUTCDate() + 1);
      else if (bucket === "week") d.setUTCDate(d.getUTCDate() + 7);
      else if (bucket === "month") d.setUTCMonth(d.getUTCMonth() + 1);
      else d.setUTCFullYear(d.getUTCFullYear() + 1);
    }
    return out;
  }

  function periodEnd(p, bucket) {
    var d = new Date(p + "T00:00:00Z");
    if (bucket === "day") return p;
    if (bucket === "week") d.setUTCDate(d.getUTCDate() + 6);
    else if (bucket === "month") { d.setUTCMonth(d.getUTCMonth() + 1); d.setUTCDate(0); }
    else { d.setUTCFullYear(d.getUTCFullYear() + 1); d.setUTCDate(0); }
    return d.toISOString().slice(0, 10);
  }

  var MONTHS = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"];
  function periodLabel(p, bucket) {
    var y = p.slice(0, 4), m = +p.slice(5, 7), d = +p.slice(8, 10);
    if (bucket === "year") return y;
    if (bucket === "month") return MONTHS[m - 1] + " " + y;
    return d + " " + MONTHS[m - 1] + " " + y;
  }

  // a round top for an axis and its tick step (1, 2 or 5 times a power of ten; integers stay integers)
  function scale(v, maxTicks) {
    maxTicks = maxTicks || 4;
    if (!(v > 0)) return { top: 1, step: 1 };
    var raw = v / maxTicks, e = Math.pow(10, Math.floor(Math.log10(raw))), step = 10 * e;
    [1, 2, 5, 10].some(function (k) { if (k * e >= raw) { step = k * e; return true; } return false; });
    if (step < 1) step = 1;
    return { top: step * Math.ceil(v / step), step: step };
  }

  function axisTicks(sc) {
    var out = [];
    for (var v = 0; v <= sc.top + 1e-9; v += sc.step) out.push(v);
    return out;
  }

  // items: [{period, count, fatalities}] -> SVG bars (count) and a line (fatalities)
  function drawTimeline(data) {
    var box = clear($("timeline"));
    var items = data.items || [];
    if (!items.length) { box.appendChild(el("p", { className: "empty", text: "No dated events match the filters." })); return; }
    var bucket = data.bucket;
    var byP = {};
    items.forEach(function (it) { byP[it.period] = it; });
    var ps = periods(items[0].period, items[items.length - 1].period, bucket);
    if (ps.length > 2000) ps = items.map(function (it) { return it.period; });
    var W = Math.max(520, box.clientWidth || 900), H = 210;
    var m = { l: 44, r: 48, t: 14, b: 34 };
    var iw = W - m.l - m.r, ih = H - m.t - m.b;
    var sN = scale(Math.max.apply(null, items.map(function (i) { return i.count; })));
    var sF = scale(Math.max.apply(null, items.map(function (i) { return i.fatalities || 0; })));
    var maxN = sN.top, maxF = sF.top;
    var step = iw / ps.length, bw = Math.max(1, Math.min(46, step * 0.72));
    var root = svg("svg", { viewBox: "0 0 " + W + " " + H, width: W, height: H, role: "img", "class": "tl-svg",
      "aria-label": "Events and fatalities per " + bucket });
    var g = svg("g", { transform: "translate(" + m.l + "," + m.t + ")" });
    root.appendChild(g);
    axisTicks(sN).forEach(function (v) {
      var y = ih - ih * v / maxN;
      g.appendChild(svg("line", { x1: 0, x2: iw, y1: y, y2: y, "class": "grid-line" }));
      g.appendChild(svg("text", { x: -8, y: y + 4, "class": "axis axis-left", "text-anchor": "end" }, fmtTick(v)));
    });
    axisTicks(sF).forEach(function (v) {
      var y = ih - ih * v / maxF;
      g.appendChild(svg("text", { x: iw + 8, y: y + 4, "class": "axis axis-right", "text-anchor": "start" }, fmtTick(v)));
    });
    g.appendChild(svg("text", { x: -34, y: -4, "class": "axis-title" }, "events"));
    g.appendChild(svg("text", { x: iw + 48, y: -4, "class": "axis-title", "text-anchor": "end" }, "deaths"));
    var labelEvery = Math.max(1, Math.ceil(ps.length / Math.floor(iw / 70)));
    var pts = [];
    ps.forEach(function (p, i) {
      var it = byP[p] || { period: p, count: 0, fatalities: 0 };
      var x = i * step + step / 2;
      var h = ih * it.count / maxN;
      var bar = svg("rect", { x: x - bw / 2, y: ih - h, width: bw, height: Math.max(0, h), rx: 1.5,
        "class": "tl-bar" + (it.count ? "" : " tl-bar-empty"), "data-period": p, "data-count": it.count,
        "data-fatalities": it.fatalities });
      bar.appendChild(svg("title", null, periodLabel(p, bucket) + ": " + it.count + " events, " + it.fatalities +
        " deaths claimed (click to filter)"));
      bar.addEventListener("click", function () {
        state.filters.date_from = p; state.filters.date_to = periodEnd(p, bucket);
        state.offset = 0; stateToForm(); writeUrl(true); refresh();
      });
      // a wide transparent hit area, so that a period with few events is easy to click
      var hit = svg("rect", { x: x - step / 2, y: 0, width: step, height: ih, "class": "tl-hit" });
      hit.appendChild(svg("title", null, periodLabel(p, bucket) + ": " + it.count + " events, " + it.fatalities + " deaths"));
      hit.addEventListener("click", function () { bar.dispatchEvent(new MouseEvent("click")); });
      g.appendChild(hit);
      g.appendChild(bar);
      pts.push([x, ih - ih * (it.fatalities || 0) / maxF, it]);
      if ((ps.length - 1 - i) % labelEvery === 0) {   // counted from the end: the latest period is labelled
        g.appendChild(svg("text", { x: x, y: ih + 18, "class": "axis axis-x", "text-anchor": "middle" }, periodLabel(p, bucket)));
      }
    });
    g.appendChild(svg("line", { x1: 0, x2: iw, y1: ih, y2: ih, "class": "baseline" }));
    g.appendChild(svg("polyline", { points: pts.map(function (q) { return q[0].toFixed(1) + "," + q[1].toFixed(1); }).join(" "),
      "class": "tl-line" }));
    pts.forEach(function (q) {
      if (!q[2].fatalities) return;
      var dot = svg("circle", { cx: q[0], cy: q[1], r: 3.5, "class": "tl-dot" });
      dot.appendChild(svg("title", null, q[2].fatalities + " deaths claimed"));
      g.appendChild(dot);
    });
    box.appendChild(root);
  }

  function fmtTick(v) { return (Math.round(v * 10) / 10).toString(); }

  // ------------------------------------------------------------------ incidents table
  function drawIncidents(page) {
    var tb = clear($("incidents").querySelector("tbody"));
    if (!page.items.length) {
      tb.appendChild(el("tr", null, el("td", { colspan: 8, className: "empty", text: "No incident matches the filters." })));
    }
    page.items.forEach(function (it) {
      var tr = el("tr", { "data-id": it.id, tabindex: 0, className: it.id === state.incident ? "selected" : "" },
        el("td", { className: "nowrap", text: fmt(it.event_date) + (it.date_end && it.date_end !== it.event_date ? " – " + it.date_end : "") }),
        el("td", null, el("span", { className: "type-dot type-" + slug(it.event_type) }), it.sub_event_type || it.event_type),
        el("td", { text: it.location || "–" }),
        el("td", { text: it.admin1 || "–" }),
        el("td", { className: "actors", text: [it.actor1, it.actor2].filter(Boolean).join(" vs ") || "–" }),
        el("td", { className: "num", text: fmt(it.fatalities_low) + " / " + fmt(it.fatalities_best) + " / " + fmt(it.fatalities_high) }),
        el("td", { className: "num", text: it.n_claims + (it.n_sources ? " (" + it.n_sources + " src)" : "") }),
        el("td", null, it.contradicted ? it.contradiction_kinds.map(function (k) {
          return el("span", { className: "badge badge-warn", text: k });
        }) : el("span", { className: "muted", text: "–" })));
      tr.addEventListener("click", function () { openIncident(it.id, true); });
      tr.addEventListener("keydown", function (e) { if (e.key === "Enter") openIncident(it.id, true); });
      tb.appendChild(tr);
    });
    var from = page.total ? page.offset + 1 : 0, to = page.offset + page.items.length;
    $("page-info").textContent = from + "–" + to + " of " + page.total + (page.total_capped ? "+" : "");
    $("prev").disabled = page.offset <= 0;
    $("next").disabled = to >= page.total;
    Array.prototype.forEach.call($("incidents").querySelectorAll("th[data-sort]"), function (th) {
      th.setAttribute("aria-sort", th.dataset.sort === state.sort ? (state.order === "asc" ? "ascending" : "descending") : "none");
    });
  }

  function slug(s) { return String(s || "").toLowerCase().replace(/[^a-z0-9]+/g, "-"); }

  // ------------------------------------------------------------------ refresh
  function refresh() {
    var seq = ++requestSeq;
    setStatus("loading…");
    var p = filterParams();
    $("dl-events-csv").setAttribute("href", "/api/events.csv" + (p.toString() ? "?" + p : ""));
    $("dl-events-geojson").setAttribute("href", "/api/events.geojson" + (p.toString() ? "?" + p : ""));
    $("dl-incidents-csv").setAttribute("href", "/api/incidents.csv" + (p.toString() ? "?" + p : ""));
    if (govLayer) {
      govLayer.eachLayer(function (layer) {
        layer.setStyle(govStyle(layer.feature));
        var path = layer.getElement && layer.getElement();
        if (path) path.classList.toggle("gov-on", (state.filters.admin1 || []).indexOf(layer.feature.properties.admin1) >= 0);
      });
    }
    var jobs = [
      loadEventRows(seq).then(function (res) { if (res && seq === requestSeq) drawEvents(res); }),
      api("/api/incidents", withParams({ limit: PAGE, offset: state.offset, sort: state.sort, order: state.order }))
        .then(function (r) {
          if (seq !== requestSeq) return;
          $("total-incidents").textContent = r.total + (r.total_capped ? "+" : "");
          $("total-incidents").dataset.total = r.total;
          drawIncidents(r);
        }),
      api("/api/timeline", withParams({ bucket: state.bucket, of: "events" }))
        .then(function (r) { if (seq === requestSeq) drawTimeline(r); })
    ];
    if (state.view === "ceasefire") jobs.push(loadCeasefire());
    return Promise.all(jobs).then(function () {
      if (seq !== requestSeq) return;
      setStatus("");
      document.body.dataset.ready = String(seq);
    }).catch(function (e) { setStatus("Could not load: " + e.message, true); });
  }

  // ------------------------------------------------------------------ incident panel
  function showPanel() {
    $("incident-panel").hidden = false;
    $("panel-backdrop").hidden = false;
    document.body.classList.add("panel-open");
  }

  function closePanel(push) {
    $("incident-panel").hidden = true;
    $("panel-backdrop").hidden = true;
    document.body.classList.remove("panel-open");
    if (state.incident || state.event) {
      state.incident = ""; state.event = "";
      if (push !== false) writeUrl(true);
    }
    Array.prototype.forEach.call(document.querySelectorAll("#incidents tr.selected"), function (tr) { tr.classList.remove("selected"); });
  }

  function openIncident(id, push) {
    state.incident = id; state.event = "";
    if (push) writeUrl(true);
    Array.prototype.forEach.call(document.querySelectorAll("#incidents tbody tr"), function (tr) {
      tr.classList.toggle("selected", tr.dataset.id === id);
    });
    return api("/api/incidents/" + encodeURIComponent(id)).then(function (d) {
      if (state.incident !== id) return;
      renderIncident(d);
      showPanel();
      if (d.latitude !== null && d.longitude !== null && map) map.panTo([d.latitude, d.longitude]);
    }).catch(function (e) { setStatus("Incident " + id + ": " + e.message, true); });
  }

  function openEvent(id, push) {
    state.event = id; state.incident = "";
    if (push) writeUrl(true);
    return api("/api/events/" + encodeURIComponent(id)).then(function (d) {
      if (state.event !== id) return;
      renderEvent(d);
      showPanel();
    }).catch(function (e) { setStatus("Event " + id + ": " + e.message, true); });
  }

  function head(kicker, title, meta) {
    $("ip-kicker").textContent = kicker;
    $("ip-title").textContent = title;
    $("ip-meta").textContent = meta;
  }

  function renderIncident(d) {
    var panel = $("incident-panel");
    panel.dataset.incident = d.id;
    delete panel.dataset.event;
    head(d.event_type || "", (d.sub_event_type || "Incident") + " · " + (d.location || "unknown place"),
      [d.event_date + (d.date_end && d.date_end !== d.event_date ? " – " + d.date_end : ""), d.admin1,
        [d.actor1, d.actor2].filter(Boolean).join(" vs "), d.id].filter(Boolean).join(" · "));
    var badges = clear($("ip-badges"));
    badges.appendChild(el("span", { className: "badge badge-deaths", title: "from the independent claims" },
      "deaths low/best/high ", el("strong", { text: fmt(d.fatalities_low) + " / " + fmt(d.fatalities_best) + " / " + fmt(d.fatalities_high) })));
    badges.appendChild(el("span", { className: "badge", text: d.n_claims + " claims" }));
    badges.appendChild(el("span", { className: "badge", text: d.n_sources + " independent sources" }));
    (d.contradiction_kinds || []).forEach(function (k) { badges.appendChild(el("span", { className: "badge badge-warn", text: "disagree: " + k })); });
    (d.breaches || []).forEach(function (b) {
      badges.appendChild(el("span", { className: "badge badge-breach", title: (b.terms || []).join(", ") },
        (b.status === "breach" ? "breach of " : b.status + ": ") + (agreementNames[b.agreement] ? shortName(agreementNames[b.agreement]) : b.agreement)));
    });
    var seqOf = {};
    (d.claims || []).forEach(function (c, i) { seqOf[c.event_id] = i + 1; });
    var box = $("ip-contradictions-box");
    var list = clear($("ip-contradictions"));
    box.hidden = !(d.contradictions || []).length;
    (d.contradictions || []).forEach(function (c) {
      list.appendChild(el("li", null, el("span", { className: "badge badge-warn", text: c.kind }), " ",
        c.detail || "", el("span", { className: "muted",
          text: "  (claim " + (seqOf[c.event_a] || "?") + " vs claim " + (seqOf[c.event_b] || "?") + ")" })));
    });
    $("ip-claims-title").textContent = (d.claims || []).length + " claims, side by side";
    var claims = clear($("ip-claims"));
    claims.classList.toggle("claims-many", (d.claims || []).length > 3);
    (d.claims || []).forEach(function (c, i) {
      claims.appendChild(claimCard(i + 1, c, c.article || {}, c.evidence_start, c.evidence_end, c.evidence));
    });
    scrollMarks();
  }

  function renderEvent(d) {
    var panel = $("incident-panel");
    panel.dataset.event = d.id;
    delete panel.dataset.incident;
    head(d.event_type || "", (d.sub_event_type || "Event") + " · " + (d.location || "unknown place"),
      [d.event_date, d.admin1, [d.actor1, d.actor2].filter(Boolean).join(" vs "), "event " + d.id].filter(Boolean).join(" · "));
    var badges = clear($("ip-badges"));
    if (d.incident_id) {
      var open = el("button", { type: "button", className: "badge badge-link", text: "open its incident, with every claim →" });
      open.addEventListener("click", function () { openIncident(d.incident_id, true); });
      badges.appendChild(el("span", { className: "badge", text: "one report of incident " + d.incident_id }));
      badges.appendChild(open);
    } else {
      badges.appendChild(el("span", { className: "badge", text: "one report (not linked into an incident)" }));
    }
    $("ip-contradictions-box").hidden = true;
    $("ip-claims-title").textContent = "The report";
    var ev = d.evidence || {};
    var c = { claimant: d.claimant, outlet: d.outlet, alignment: d.alignment, published: (d.article || {}).published,
      event_date: d.event_date, fatalities: d.fatalities, injured: d.injured, civilian_fatalities: d.civilian_fatalities,
      child_fatalities: d.child_fatalities, stance: d.stance, actor1: d.actor1, actor2: d.actor2, event_id: d.id };
    clear($("ip-claims")).appendChild(claimCard(1, c, d.article || {}, ev.start, ev.end, ev.text));
    scrollMarks();
  }

  function shortName(n) {
    var m = /\(([^)]+)\)\s*$/.exec(n);
    return m ? m[1] + " agreement" : n;
  }

  function row(label, value, cls) {
    return el("div", { className: "kv" + (cls ? " " + cls : "") }, el("dt", { text: label }), el("dd", null, value));
  }

  function claimCard(n, c, article, start, end, evidence) {
    var card = el("article", { className: "claim", "data-event": c.event_id || "", "data-seq": n });
    card.appendChild(el("header", { className: "claim-head" },
      el("span", { className: "claim-n", text: "#" + n }),
      el("span", { className: "claimant", dir: "auto", text: c.claimant || "(no claimant named)" }),
      c.stance ? el("span", { className: "badge stance stance-" + slug(c.stance), text: c.stance }) : null));
    var dl = el("dl", { className: "claim-facts" });
    dl.appendChild(row("Outlet", el("span", { dir: "auto", className: "outlet", text: c.outlet || article.outlet || "–" })));
    dl.appendChild(row("Alignment", el("span", { className: "alignment", text: c.alignment || c.outlet_alignment || "unknown" })));
    dl.appendChild(row("Published", el("span", { className: "published", text: fmt(c.published || article.published) })));
    dl.appendChild(row("Event date", fmt(c.event_date)));
    var deaths = el("span", { className: "fatalities" }, el("strong", { text: fmt(c.fatalities) }));
    var extra = [];
    if (c.civilian_fatalities !== null && c.civilian_fatalities !== undefined) extra.push(c.civilian_fatalities + " civilians");
    if (c.child_fatalities) extra.push(c.child_fatalities + " children");
    if (c.injured) extra.push(c.injured + " injured");
    if (extra.length) deaths.appendChild(el("span", { className: "muted", text: " (" + extra.join(", ") + ")" }));
    dl.appendChild(row("Deaths", deaths, "kv-deaths"));
    dl.appendChild(row("Actors", [c.actor1, c.actor2].filter(Boolean).join(" → ") || "–"));
    dl.appendChild(row("Language", fmt(article.language || c.language)));
    card.appendChild(dl);
    var text = article.text || "";
    var rtl = isRtl(article.language, text);
    var title = el("h4", { className: "article-title", dir: "auto", lang: article.language || null, text: article.title || "(untitled)" });
    var safe = safeUrl(article.url);
    card.appendChild(safe ? el("a", { href: safe, target: "_blank", rel: "noopener noreferrer nofollow", className: "article-link" }, title) : title);
    card.appendChild(el("p", { className: "evidence-label", text: "Evidence, in the article's text:" }));
    var body = el("div", { className: "article-text" + (rtl ? " rtl" : ""), dir: rtl ? "rtl" : "ltr",
      lang: article.language || null, tabindex: 0 });
    var s = typeof start === "number" ? start : -1, e = typeof end === "number" ? end : -1;
    if (text && s >= 0 && e > s) {
      var parts = cpSlice(text, s, e);
      body.appendChild(document.createTextNode(parts[0]));
      body.appendChild(el("mark", { className: "evidence", "data-start": s, "data-end": e, text: parts[1] }));
      body.appendChild(document.createTextNode(parts[2]));
    } else if (text) {
      body.appendChild(document.createTextNode(text));
    } else if (evidence) {
      body.appendChild(el("mark", { className: "evidence", text: evidence }));
    }
    card.appendChild(body);
    return card;
  }

  function scrollMarks() {
    Array.prototype.forEach.call(document.querySelectorAll("#ip-claims .article-text"), function (box) {
      var m = box.querySelector("mark");
      if (m) box.scrollTop = Math.max(0, m.offsetTop - box.offsetTop - 24);
    });
  }

  // ------------------------------------------------------------------ ceasefire view
  var reported = [];

  // the counts of breaches the sources report for an agreement's period (named, or in force then)
  function reportedFor(a) {
    return reported.filter(function (st) {
      if (st.agreement) return st.agreement === a.id;
      var from = st.period_start || "", to = st.period_end || from;
      return from && (!a.ended || from <= a.ended) && (!a.effective || to >= a.effective);
    });
  }

  function bucketOf(day, bucket) {
    if (!day) return "undated";
    if (bucket === "day") return day;
    if (bucket === "month") return day.slice(0, 8) + "01";
    if (bucket === "year") return day.slice(0, 5) + "01-01";
    var d = new Date(day + "T00:00:00Z");
    d.setUTCDate(d.getUTCDate() - (d.getUTCDay() + 6) % 7);
    return d.toISOString().slice(0, 10);
  }

  function loadCeasefire() {
    var bucket = state.cfBucket;
    return Promise.all([
      api("/api/agreements", new URLSearchParams({ bucket: bucket })),
      api("/api/statistics", new URLSearchParams({ limit: "1000" }))
    ]).then(function (res) {
      var ags = res[0].items || [];
      drawAgreements(ags);
      reported = (res[1].items || []).filter(function (s) { return s.breaches !== null && s.breaches !== undefined; });
      drawStats(reported);
      if (!state.cfAgreement || !ags.some(function (a) { return a.id === state.cfAgreement; })) {
        var best = ags.slice().sort(function (a, b) { return b.breaches - a.breaches; })[0];
        state.cfAgreement = best ? best.id : "";
      }
      selectAgreement(state.cfAgreement, ags, bucket);
    });
  }

  function drawAgreements(ags) {
    var box = clear($("agreements"));
    var max = Math.max.apply(null, [1].concat(ags.map(function (a) { return a.breaches + a.uncertain; })));
    ags.forEach(function (a) {
      var bar = el("div", { className: "cf-bar" });
      var b1 = el("span", { className: "cf-bar-breach" }), b2 = el("span", { className: "cf-bar-uncertain" });
      b1.style.width = (100 * a.breaches / max).toFixed(2) + "%";
      b2.style.width = (100 * a.uncertain / max).toFixed(2) + "%";
      bar.appendChild(b1); bar.appendChild(b2);
      var card = el("button", { type: "button", className: "cf-agreement" + (a.id === state.cfAgreement ? " selected" : ""),
        "data-agreement": a.id, "aria-pressed": String(a.id === state.cfAgreement) },
        el("span", { className: "cf-name", text: a.name }),
        el("span", { className: "cf-dates", text: fmt(a.effective) + " → " + (a.ended || "in force") }),
        bar,
        el("span", { className: "cf-counts" },
          el("strong", { className: "cf-count", "data-agreement": a.id, text: a.breaches }), " breaches",
          a.uncertain ? el("span", { className: "muted" }, " · ", el("span", { className: "cf-uncertain", text: a.uncertain }), " uncertain") : null));
      card.addEventListener("click", function () {
        state.cfAgreement = a.id; writeUrl(false);
        selectAgreement(a.id, ags, state.cfBucket);
      });
      box.appendChild(card);
    });
  }

  function selectAgreement(id, ags, bucket) {
    Array.prototype.forEach.call(document.querySelectorAll(".cf-agreement"), function (b) {
      var on = b.dataset.agreement === id;
      b.classList.toggle("selected", on); b.setAttribute("aria-pressed", String(on));
    });
    var a = ags.filter(function (x) { return x.id === id; })[0];
    drawPeriods(a, bucket, a ? reportedFor(a) : []);
    if (!a) return Promise.resolve();
    return api("/api/agreements/" + encodeURIComponent(id) + "/breaches").then(function (r) { drawBreaches(a, r.items || []); });
  }

  function drawPeriods(a, bucket, stats) {
    var box = clear($("cf-periods"));
    if (!a || !(a.by_period || []).length) {
      box.appendChild(el("p", { className: "empty", text: a ? "No stored incident breaches " + a.name + "." : "No agreement." }));
      return;
    }
    box.appendChild(el("p", { className: "cf-period-title", text: a.name }));
    var items = a.by_period.filter(function (p) { return p.period !== "undated"; });
    var ps = items.length ? periods(items[0].period, items[items.length - 1].period, bucket) : [];
    var byP = {};
    a.by_period.forEach(function (p) { byP[p.period] = p; });
    if (byP.undated) ps.push("undated");
    var rep = {};
    (stats || []).forEach(function (st) {
      var k = bucketOf(st.period_start, bucket);
      (rep[k] = rep[k] || []).push(st);
      if (ps.indexOf(k) < 0 && k !== "undated") { ps.push(k); ps.sort(); }
    });
    if (ps.length > 1 && ps[0] !== "undated") {
      var tail = ps[ps.length - 1] === "undated" ? ["undated"] : [];
      var dated = ps.filter(function (p) { return p !== "undated"; });
      ps = periods(dated[0], dated[dated.length - 1], bucket).concat(tail);
    }
    var W = Math.max(480, box.clientWidth || 800), H = 210, m = { l: 36, r: 12, t: 34, b: 30 };
    var iw = W - m.l - m.r, ih = H - m.t - m.b;
    var sc = scale(Math.max.apply(null, a.by_period.map(function (p) { return p.breaches + p.uncertain; })));
    var max = sc.top;
    var step = iw / Math.max(1, ps.length), bw = Math.max(2, Math.min(56, step * 0.66));
    var root = svg("svg", { viewBox: "0 0 " + W + " " + H, width: W, height: H, "class": "cf-svg", role: "img",
      "aria-label": "Breaches of " + a.name + " per " + bucket });
    var g = svg("g", { transform: "translate(" + m.l + "," + m.t + ")" });
    root.appendChild(g);
    axisTicks(sc).forEach(function (v) {
      var y = ih - ih * v / max;
      g.appendChild(svg("line", { x1: 0, x2: iw, y1: y, y2: y, "class": "grid-line" }));
      g.appendChild(svg("text", { x: -8, y: y + 4, "class": "axis", "text-anchor": "end" }, fmtTick(v)));
    });
    var labelEvery = Math.max(1, Math.ceil(ps.length / Math.floor(iw / 70)));
    ps.forEach(function (p, i) {
      var it = byP[p] || { breaches: 0, uncertain: 0 };
      var x = i * step + step / 2;
      var hb = ih * it.breaches / max, hu = ih * it.uncertain / max;
      var rb = svg("rect", { x: x - bw / 2, y: ih - hb, width: bw, height: hb, "class": "cf-bar-b", "data-period": p, "data-breaches": it.breaches });
      rb.appendChild(svg("title", null, (p === "undated" ? "undated" : periodLabel(p, bucket)) + ": " + it.breaches + " breaches"));
      var ru = svg("rect", { x: x - bw / 2, y: ih - hb - hu, width: bw, height: hu, "class": "cf-bar-u", "data-uncertain": it.uncertain });
      ru.appendChild(svg("title", null, it.uncertain + " uncertain"));
      g.appendChild(rb); g.appendChild(ru);
      if (it.breaches + it.uncertain > 0) {
        g.appendChild(svg("text", { x: x, y: ih - hb - hu - 4, "class": "bar-value", "text-anchor": "middle" }, String(it.breaches + it.uncertain)));
      }
      (rep[p] || []).forEach(function (st, j) {
        var ty = ih - hb - hu - 24 - 16 * j;
        var t = svg("text", { x: x, y: Math.max(10, ty), "class": "reported-value", "text-anchor": "middle",
          "data-reported": st.breaches }, "sources say " + st.breaches);
        t.appendChild(svg("title", null, (st.claimant || st.outlet || "a source") + ": " + st.breaches + " breaches, " +
          fmt(st.period_start) + " – " + fmt(st.period_end)));
        g.appendChild(t);
      });
      if (i % labelEvery === 0) {
        g.appendChild(svg("text", { x: x, y: ih + 18, "class": "axis axis-x", "text-anchor": "middle" },
          p === "undated" ? "undated" : periodLabel(p, bucket)));
      }
    });
    g.appendChild(svg("line", { x1: 0, x2: iw, y1: ih, y2: ih, "class": "baseline" }));
    box.appendChild(root);
  }

  function drawBreaches(a, items) {
    $("cf-list-title").textContent = "Breaches of the " + shortName(a.name) + " (" + items.length + ")";
    var tb = clear($("cf-breaches").querySelector("tbody"));
    if (!items.length) tb.appendChild(el("tr", null, el("td", { colspan: 6, className: "empty", text: "None stored." })));
    items.forEach(function (b) {
      var blamed = (b.claims || []).map(function (c) {
        return (c.claimant || c.outlet || "?") + (c.alignment ? " (" + c.alignment + ")" : "");
      });
      var tr = el("tr", { "data-id": b.subject_id, tabindex: 0 },
        el("td", { className: "nowrap", text: fmt(b.event_date) }),
        el("td", { text: b.sub_event_type || "–" }),
        el("td", { text: (b.location || "–") + (b.admin1 ? " (" + b.admin1 + ")" : "") }),
        el("td", null, el("span", { className: "badge " + (b.status === "breach" ? "badge-breach" : ""), text: b.status })),
        el("td", { text: (b.terms || []).join(", ") }),
        el("td", { text: (b.blamed || []).join(", ") || blamed.join("; ") || "–" }));
      tr.addEventListener("click", function () {
        if (b.kind === "event") openEvent(b.subject_id, true); else openIncident(b.subject_id, true);
      });
      tb.appendChild(tr);
    });
  }

  function drawStats(items) {
    var tb = clear($("cf-stats").querySelector("tbody"));
    if (!items.length) tb.appendChild(el("tr", null, el("td", { colspan: 6, className: "empty", text: "No source reports a count of breaches." })));
    items.forEach(function (s) {
      tb.appendChild(el("tr", null,
        el("td", { className: "nowrap", text: fmt(s.period_start) + (s.period_end && s.period_end !== s.period_start ? " – " + s.period_end : "") }),
        el("td", { className: "num" }, el("strong", { text: fmt(s.breaches) })),
        el("td", { dir: "auto", text: s.claimant || "–" }),
        el("td", { dir: "auto", text: s.outlet || "–" }),
        el("td", { text: [s.location, s.admin1].filter(Boolean).join(", ") || "–" }),
        el("td", { className: "sentence", dir: "auto", text: s.evidence || "" })));
    });
  }

  // ------------------------------------------------------------------ views
  function showView(view) {
    state.view = view;
    $("view-map").hidden = view !== "map";
    $("view-ceasefire").hidden = view !== "ceasefire";
    $("filters-note").hidden = view !== "ceasefire";
    ["map", "ceasefire"].forEach(function (v) { $("tab-" + v).setAttribute("aria-selected", String(v === view)); });
    if (view === "map" && map) setTimeout(function () { map.invalidateSize(); }, 0);
  }

  function applyState() {
    stateToForm();
    showView(state.view);
    recolorButtons();
    var done = refresh();
    if (state.incident) openIncident(state.incident, false);
    else if (state.event) openEvent(state.event, false);
    else closePanel(false);
    return done;
  }

  function recolorButtons() {
    ["type", "side"].forEach(function (c) { $("color-" + c).setAttribute("aria-pressed", String(state.color === c)); });
  }

  function wire() {
    $("filters").addEventListener("submit", function (e) {
      e.preventDefault();
      formToState(); state.offset = 0; writeUrl(true); refresh();
    });
    // selects and the checkbox apply at once; dates and numbers on change (Enter or leaving the field)
    FILTERS.forEach(function (k) {
      var input = $("f-" + k);
      if (input) input.addEventListener("change", function () { formToState(); state.offset = 0; writeUrl(true); refresh(); });
    });
    $("reset").addEventListener("click", function () {
      state.filters = {}; state.offset = 0; stateToForm(); writeUrl(true); refresh();
    });
    $("bucket").addEventListener("change", function () {
      state.bucket = $("bucket").value; $("bucket-name").textContent = state.bucket; writeUrl(false);
      api("/api/timeline", withParams({ bucket: state.bucket, of: "events" })).then(drawTimeline);
    });
    $("cf-bucket").addEventListener("change", function () { state.cfBucket = $("cf-bucket").value; loadCeasefire(); });
    ["type", "side"].forEach(function (c) {
      $("color-" + c).addEventListener("click", function () { state.color = c; writeUrl(false); recolor(); });
    });
    ["map", "ceasefire"].forEach(function (v) {
      $("tab-" + v).addEventListener("click", function () {
        if (state.view === v) return;
        showView(v); writeUrl(true);
        if (v === "ceasefire") loadCeasefire().catch(function (e) { setStatus("Could not load: " + e.message, true); });
      });
    });
    $("prev").addEventListener("click", function () { state.offset = Math.max(0, state.offset - PAGE); refresh(); });
    $("next").addEventListener("click", function () { state.offset += PAGE; refresh(); });
    Array.prototype.forEach.call($("incidents").querySelectorAll("th[data-sort]"), function (th) {
      th.classList.add("sortable");
      th.addEventListener("click", function () {
        if (state.sort === th.dataset.sort) state.order = state.order === "asc" ? "desc" : "asc";
        else { state.sort = th.dataset.sort; state.order = "desc"; }
        state.offset = 0; refresh();
      });
    });
    $("ip-close").addEventListener("click", function () { closePanel(true); });
    $("panel-backdrop").addEventListener("click", function () { closePanel(true); });
    document.addEventListener("keydown", function (e) { if (e.key === "Escape" && !$("incident-panel").hidden) closePanel(true); });
    window.addEventListener("popstate", function () { readUrl(); applyState(); });
    var resizeTimer = null;
    window.addEventListener("resize", function () {
      clearTimeout(resizeTimer);
      resizeTimer = setTimeout(function () {
        api("/api/timeline", withParams({ bucket: state.bucket, of: "events" })).then(drawTimeline);
      }, 200);
    });
  }

  function start() {
    readUrl();
    wire();
    Promise.all([loadVocabulary(), initMap()]).then(function () {
      return applyState();
    }).catch(function (e) {
      setStatus("The dashboard could not start: " + e.message, true);
    });
  }

  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", start);
  else start();
})();
