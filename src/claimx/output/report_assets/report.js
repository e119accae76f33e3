"use strict";
// claimx report: renders an article's body from its JSON block when it is opened.
// Everything from the records goes in through text nodes and attributes, never as markup.
(function () {
  const FOLD = 400; // boilerplate stretches longer than this are folded
  const errors = [];
  window.addEventListener("error", (ev) => {
    errors.push(String(ev.message));
    document.documentElement.dataset.jsErrors = errors.join("\n");
  });

  function el(tag, cls, text) {
    const node = document.createElement(tag);
    if (cls) node.className = cls;
    if (text !== undefined && text !== null) node.textContent = String(text);
    return node;
  }

  const views = new Map(); // article index -> {data, spans: Map(mark -> [span])}

  function data(details) {
    const block = details.querySelector("script.data");
    return JSON.parse(block.textContent);
  }

  function renderText(d, article) {
    const spans = new Map();
    const text = d.text;
    const box = el("div", "text");
    const frag = document.createDocumentFragment();
    let pos = 0;
    for (const [s, e, ids] of d.segs) {
      if (s > pos) frag.appendChild(document.createTextNode(text.slice(pos, s)));
      pos = e;
      const span = el("span", "seg");
      const tips = [];
      let first = -1;
      let onlyBoilerplate = true;
      for (const k of ids) {
        const [kind, , , hue, tip] = d.marks[k];
        span.classList.add("m-" + kind);
        if (kind !== "bp") onlyBoilerplate = false;
        if (hue !== null) span.style.setProperty("--h", hue);
        if (!tips.includes(tip)) tips.push(tip);
        if (!spans.has(k)) {  // the mark starts here
          spans.set(k, []);
          if (kind !== "bp" && first < 0) first = k;
        }
        spans.get(k).push(span);
      }
      span.title = tips.join("\n");
      span.dataset.m = ids.join(" ");
      if (first >= 0) {
        span.id = "a" + article + "-m" + first;
        span.tabIndex = 0;
      }
      const piece = text.slice(s, e);
      if (onlyBoilerplate && piece.length > FOLD) {
        span.textContent = piece.slice(0, 120);
        const more = el("button", "unfold", "… " + (piece.length - 120) + " more characters of boilerplate");
        more.type = "button";
        more.addEventListener("click", () => { span.textContent = piece; });
        span.appendChild(more);
      } else {
        span.textContent = piece;
      }
      frag.appendChild(span);
    }
    if (pos < text.length) frag.appendChild(document.createTextNode(text.slice(pos)));
    box.appendChild(frag);
    return [box, spans];
  }

  function link(article, mark, label, cls) {
    const a = el("a", cls || "", label);
    a.href = "#a" + article + "-m" + mark;
    a.dataset.a = article;
    a.dataset.m = mark;
    return a;
  }

  function sideList(d) {
    const side = el("aside", "side");
    const i = d.i;
    if (d.quotes.length) {
      side.appendChild(el("h3", "", "Quotes by speaker"));
      for (const [speaker, hue, items] of d.quotes) {
        const group = el("div", "spk-group");
        const head = el("p", "spk-name");
        const swatch = el("span", "swatch");
        swatch.style.setProperty("--h", hue);
        head.append(swatch, document.createTextNode(speaker + " (" + items.length + ")"));
        group.appendChild(head);
        const ul = el("ul");
        for (const [mark, kind, cue, clip] of items) {
          const li = el("li");
          li.append(el("span", "kind", kind + " · " + cue + " "), link(i, mark, clip));
          ul.appendChild(li);
        }
        group.appendChild(ul);
        side.appendChild(group);
      }
    }
    if (d.claims.length) {
      side.appendChild(el("h3", "", "Claims by check-worthiness"));
      const ol = el("ol");
      for (const [mark, score, modality, claimant, clip] of d.claims) {
        const li = el("li");
        li.append(el("span", "score", score.toFixed(2)), document.createTextNode(" "),
          link(i, mark, clip), el("span", "kind", " " + claimant + " · " + modality));
        ol.appendChild(li);
      }
      side.appendChild(ol);
    }
    if (d.dates.length) {
      side.appendChild(el("h3", "", "Dates"));
      const ul = el("ul");
      for (const [mark, text, value, type] of d.dates) {
        const li = el("li");
        li.append(link(i, mark, text), el("span", "kind", " → " + value + " (" + type + ")"));
        ul.appendChild(li);
      }
      side.appendChild(ul);
    }
    if (d.entities.length) {
      side.appendChild(el("h3", "", "Entities"));
      const ul = el("ul", "ents");
      for (const [mark, name, label, count] of d.entities) {
        const li = el("li");
        li.append(mark === null ? el("span", "", name) : link(i, mark, name),
          el("span", "kind", " " + label + " · " + count));
        ul.appendChild(li);
      }
      side.appendChild(ul);
    }
    return side;
  }

  function render(details) {
    const i = Number(details.dataset.i);
    if (views.has(i)) return views.get(i);
    const d = data(details);
    const body = details.querySelector(".body");
    const head = el("div", "head");
    if (d.title) head.appendChild(el("h2", "", d.title));
    const dl = el("p", "meta");
    for (const [name, value] of d.meta) {
      dl.append(el("span", "k", name + ": "), el("span", "v", value), document.createTextNode("  "));
    }
    head.appendChild(dl);
    body.appendChild(head);
    let spans = new Map();
    if (d.error) {
      body.appendChild(el("p", "error", d.error));
    } else if (d.text === null) {
      body.appendChild(el("p", "none", "The record holds no text: run extract with --include-text to see it marked."));
      body.appendChild(sideList(d));
    } else {
      const cols = el("div", "cols");
      const [box, found] = renderText(d, i);
      spans = found;
      cols.append(box, sideList(d));
      body.appendChild(cols);
    }
    const view = { data: d, spans };
    views.set(i, view);
    return view;
  }

  function article(i) {
    return document.getElementById("a" + i);
  }

  function flash(nodes) {
    for (const node of document.querySelectorAll(".flash")) node.classList.remove("flash");
    for (const node of nodes) node.classList.add("flash");
    if (nodes.length) {
      nodes[0].scrollIntoView({ block: "center" });
      if (nodes[0].tabIndex >= 0) nodes[0].focus({ preventScroll: true });
    }
  }

  function gotoMark(i, mark) {
    const details = article(i);
    if (!details) return;
    details.open = true;
    const view = render(details);
    flash(view.spans.get(mark) || []);
  }

  function gotoRange(i, s, e) {
    const details = article(i);
    if (!details) return;
    details.open = true;
    const view = render(details);
    if (s === e) { details.scrollIntoView(); return; }
    const marks = view.data.marks;
    let best = -1;
    for (let k = 0; k < marks.length; k++) {
      if (marks[k][1] === s && marks[k][2] === e && view.spans.has(k)) {
        if (best < 0 || marks[k][0] === "claim") best = k;
      }
    }
    if (best >= 0) { flash(view.spans.get(best)); return; }
    const nodes = [];
    for (const span of details.querySelectorAll(".text .seg")) {
      const ids = span.dataset.m.split(" ").map(Number);
      if (ids.some((k) => marks[k][1] < e && marks[k][2] > s)) nodes.push(span);
    }
    if (nodes.length) flash(nodes); else details.scrollIntoView();
  }

  document.addEventListener("toggle", (ev) => {
    const t = ev.target;
    if (t instanceof HTMLDetailsElement && t.classList.contains("art") && t.open) render(t);
  }, true);

  document.addEventListener("click", (ev) => {
    const a = ev.target instanceof Element ? ev.target.closest("a[data-a]") : null;
    if (!a) return;
    ev.preventDefault();
    if (a.dataset.m !== undefined) gotoMark(Number(a.dataset.a), Number(a.dataset.m));
    else gotoRange(Number(a.dataset.a), Number(a.dataset.s), Number(a.dataset.e));
    history.replaceState(null, "", a.getAttribute("href"));
  });

  // Keyboard users get the record in a tooltip on focus (the mouse gets the title).
  const tip = document.getElementById("tip");
  function placeTip(t) {
    const r = t.getBoundingClientRect();
    tip.style.left = Math.max(4, Math.min(r.left, window.innerWidth - 420)) + "px";
    tip.style.top = (r.bottom + 6) + "px";
  }
  document.addEventListener("focusin", (ev) => {
    const t = ev.target;
    if (!(t instanceof HTMLElement) || !t.classList.contains("seg")) { tip.hidden = true; return; }
    tip.textContent = t.title;
    tip.hidden = false;
    placeTip(t);
  });
  document.addEventListener("focusout", () => { tip.hidden = true; });
  window.addEventListener("scroll", () => {
    const t = document.activeElement;
    if (!tip.hidden && t instanceof HTMLElement && t.classList.contains("seg")) placeTip(t);
  }, { passive: true });

  const all = Array.from(document.querySelectorAll("details.art"));
  const filter = document.getElementById("filter");
  const shown = document.getElementById("shown");
  function applyFilter() {
    const q = filter ? filter.value.trim().toLowerCase() : "";
    let n = 0;
    for (const d of all) {
      const hit = !q || d.querySelector("summary").textContent.toLowerCase().includes(q);
      d.hidden = !hit;
      if (hit) n++;
    }
    if (shown) shown.textContent = q ? n + " of " + all.length + " shown" : "";
  }
  if (filter) filter.addEventListener("input", applyFilter);
  const openAll = document.getElementById("openall");
  if (openAll) openAll.addEventListener("click", () => { for (const d of all) if (!d.hidden) d.open = true; });
  const closeAll = document.getElementById("closeall");
  if (closeAll) closeAll.addEventListener("click", () => { for (const d of all) d.open = false; });

  const summary = document.getElementById("summary");
  if (summary) {
    const failed = all.filter((d) => d.hasAttribute("data-error")).length;
    summary.textContent = all.length + (all.length === 1 ? " article" : " articles") + (failed ? " · " + failed + " could not be read" : "") +
      ". Open an article to see its text with the records marked on it.";
  }

  const main = document.getElementById("articles");
  const openAtMost = main ? Number(main.dataset.openAtMost || OPEN_AT_MOST) : 0;
  if (all.length <= openAtMost) for (const d of all) { d.open = true; render(d); }
  const m = /^#a(\d+)(?:-m(\d+))?$/.exec(location.hash);
  if (m) {
    if (m[2] !== undefined) gotoMark(Number(m[1]), Number(m[2]));
    else gotoRange(Number(m[1]), 0, 0);
  }
  document.documentElement.dataset.ready = "1";
  // How long the page took to be usable, for benchmarks/report_speed.py.
  document.documentElement.dataset.readyMs = String(Math.round(performance.now()));
  window.addEventListener("load", () => {
    document.documentElement.dataset.loadMs = String(Math.round(performance.now()));
  });
})();
