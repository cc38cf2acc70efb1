// The preview page: follows the server's event stream, swaps in new pages without moving the
// reader, lists the check's problems, and asks for a build. No build step, no external files.
"use strict";

const config = JSON.parse(document.body.dataset.config);
const $ = (id) => document.getElementById(id);
const [firstLang, firstFormat] = splitView(config.view);
const view = { lang: firstLang, format: firstFormat };
let source = null;
let target = null;      // the version the page is loading or shows
let problemsKey = "";
let langsKey = "";
let lastTitle = "";

function splitView(key) {
  const i = key.lastIndexOf(".");
  return [key.slice(0, i), key.slice(i + 1)];
}

function el(tag, className, text) {
  const node = document.createElement(tag);
  if (className) node.className = className;
  if (text !== undefined) node.textContent = text;   // text only: nothing from a file becomes markup
  return node;
}

function connect() {
  if (source) source.close();
  const query = `?lang=${encodeURIComponent(view.lang)}&format=${encodeURIComponent(view.format)}`;
  history.replaceState(null, "", "/" + query);
  source = new EventSource("/events" + query);
  const mine = source;
  let streamed = false;
  source.addEventListener("state", (event) => { streamed = true; render(JSON.parse(event.data)); });
  fetch("/api/state" + query).then((r) => r.json()).then((state) => {  // the first state without waiting for the stream
    if (source === mine && !streamed) render(state);
  }).catch(() => {});
  source.onerror = () => setTimeout(() => {  // the browser reconnects by itself; say so if it takes a while
    if (source === mine && mine.readyState !== EventSource.OPEN) setStatus("offline", "Reconnecting to the preview server…");
  }, 1500);
}

function setStatus(kind, text) {
  const status = $("status");
  status.className = "status " + kind;
  status.textContent = text;
}

function render(state) {
  document.body.className = "status-" + state.status;
  if (state.title) lastTitle = state.title;  // a broken file has no name to read: keep the last one
  document.title = `${lastTitle || state.file} · Briefing preview`;
  $("title").textContent = lastTitle || state.file;
  $("file").textContent = state.file;
  renderSwitches(state);
  const s = (n) => (n === 1 ? "" : "s");
  const statusText = {
    loading: "Loading…",
    building: "Updating…",
    ok: state.version ? `Up to date · built ${state.version.built} in ${state.version.seconds.toFixed(2)} s` : "Up to date",
    broken: `${state.errors} problem${s(state.errors)} — showing the last good pages`,
    failed: "Could not render this view",
  }[state.status];
  setStatus(state.status, statusText);
  renderProblems(state);
  renderNotice(state);
  if (state.version && (!target || target.id !== state.version.id)) loadVersion(state.version);
  // greyed: the last good pages under problems, or another view's pages while this one is first set
  $("pages").classList.toggle("stale", !state.version || state.status === "broken" || state.status === "failed");
}

function renderSwitches(state) {
  const key = JSON.stringify(state.langs) + state.lang;
  if (key !== langsKey) {
    langsKey = key;
    const box = $("langs");
    box.replaceChildren();
    for (const lang of state.langs) {
      const button = el("button", "", lang.label);
      button.type = "button";
      button.dataset.lang = lang.key;
      button.setAttribute("aria-pressed", String(lang.key === state.lang));
      button.addEventListener("click", () => switchTo(lang.key, view.format));
      box.append(button);
    }
  }
  for (const button of $("formats").querySelectorAll("button")) {
    const word = button.dataset.format === "docx";
    button.setAttribute("aria-pressed", String(button.dataset.format === state.format));
    button.disabled = word && !state.word;
    button.title = word ? (state.word ? "The Word file as LibreOffice sets it"
      : "The Word view needs LibreOffice (soffice), which is not installed on this computer") : "The PDF";
  }
  const note = $("wordnote");
  note.hidden = state.word;
  note.textContent = "The Word view is not available: it needs LibreOffice (soffice), which is not installed on this computer.";
}

function switchTo(lang, format) {
  if (lang === view.lang && format === view.format) return;
  view.lang = lang;
  view.format = format;
  setStatus("building", "Updating…");
  connect();
}

for (const button of $("formats").querySelectorAll("button")) {
  button.addEventListener("click", () => switchTo(view.lang, button.dataset.format));
}

function renderProblems(state) {
  const key = JSON.stringify(state.problems);
  const counts = $("counts");
  counts.replaceChildren();
  if (state.errors) counts.append(el("span", "count error", `${state.errors} problem${state.errors === 1 ? "" : "s"}`));
  if (state.warnings) counts.append(el("span", "count warning", `${state.warnings} warning${state.warnings === 1 ? "" : "s"}`));
  $("allgood").hidden = state.problems.length > 0 || state.status === "loading";
  if (key === problemsKey) return;
  problemsKey = key;
  const list = $("problems");
  list.replaceChildren();
  for (const p of state.problems) {
    const item = el("li", "problem " + (p.severity === "error" ? "error" : "warning"));
    const head = el("div", "head");
    head.append(el("span", "badge", p.severity === "error" ? "Problem" : "Warning"));
    if (p.where) head.append(el("span", "where", p.where));
    item.append(head);
    if (p.path) item.append(el("div", "path", p.path));
    item.append(el("div", "message", p.message));
    if (p.excerpt) item.append(excerpt(p.excerpt));
    list.append(item);
  }
}

function excerpt(ex) {
  const pre = el("pre", "code");
  const width = String(ex.first + ex.lines.length - 1).length;
  ex.lines.forEach((text, i) => {
    const number = ex.first + i;
    const row = el("span", number === ex.line ? "row hit" : "row");
    row.append(el("span", "ln", String(number).padStart(width)), el("span", "src", text || " "));
    pre.append(row);
    if (number === ex.line && ex.column) {
      const caret = el("span", "row caret");
      caret.append(el("span", "ln", " ".repeat(width)), el("span", "src", " ".repeat(Math.max(0, ex.column - 1)) + "^"));
      pre.append(caret);
    }
  });
  return pre;
}

function renderNotice(state) {
  const notice = $("notice");
  let text = "";
  if (state.status === "broken") {
    text = state.version
      ? `The file has ${state.errors} problem${state.errors === 1 ? "" : "s"} (listed on the left). These are the last good pages, from ${state.version.built}; they come back as soon as the file is fixed and saved.`
      : `The file has ${state.errors} problem${state.errors === 1 ? "" : "s"} (listed on the left): fix them and save to see the pages.`;
  } else if (state.status === "failed") {
    text = "This view could not be rendered: see the first item on the left.";
  } else if (!state.version) {
    text = state.format === "docx" ? "Setting the Word file with LibreOffice…" : "Rendering the pages…";
  }
  notice.hidden = !text;
  notice.textContent = text;
}

// -- pages ------------------------------------------------------------------------------

function pageElement(number) {
  const page = el("div", "page");
  page.dataset.page = String(number);
  page.append(el("img", "image"), el("div", "text"));
  page.firstChild.alt = `Page ${number}`;
  page.append(el("div", "number", String(number)));
  return page;
}

function loadVersion(version) {
  target = version;
  const box = $("pages");
  while (box.children.length > version.pages.length) box.lastChild.remove();
  for (let n = box.children.length + 1; n <= version.pages.length; n++) box.append(pageElement(n));
  const pages = [...box.children];
  pages.forEach((page, i) => {
    const [w, h] = version.pages[i];
    page.style.aspectRatio = `${w} / ${h}`;
    page.style.setProperty("--ratio", String(h / w));
  });
  // the pages in view first, then outwards from them
  const middle = window.innerHeight / 2;
  const order = pages.map((page, i) => {
    const r = page.getBoundingClientRect();
    return [Math.abs((r.top + r.bottom) / 2 - middle), i];
  }).sort((a, b) => a[0] - b[0]).map(([, i]) => i);
  let next = 0;
  const worker = async () => {
    while (next < order.length && target === version) {
      const i = order[next++];
      await loadPage(version, pages[i], i + 1);
    }
    if (target === version && next >= order.length) box.dataset.version = String(version.id);
  };
  worker();
  worker();
}

async function loadPage(version, page, number) {
  try {
    const image = new Image();
    image.className = "image";
    image.alt = `Page ${number}`;
    const loaded = new Promise((resolve, reject) => { image.onload = resolve; image.onerror = reject; });
    image.src = `/pages/${version.id}/${number}.png`;
    const [, text] = await Promise.all([loaded, fetch(`/pages/${version.id}/${number}.json`).then((r) => r.json())]);
    if (target !== version) return;
    page.querySelector("img").replaceWith(image);
    page.querySelector(".text").replaceWith(textLayer(text.lines));
    page.dataset.version = String(version.id);
  } catch (error) {
    // a newer version replaced this one while it loaded: the next state brings it
  }
}

function textLayer(lines) {
  const layer = el("div", "text");
  for (const [x, y, w, h, text] of lines) {
    const span = el("span", "", text);
    span.style.left = x + "%";
    span.style.top = y + "%";
    span.style.width = w + "%";
    span.style.height = h + "%";
    span.style.fontSize = `calc(${h * 0.9} * var(--ratio) * 1cqw)`;
    layer.append(span);
  }
  return layer;
}

// -- Build ------------------------------------------------------------------------------

$("build").addEventListener("click", async () => {
  const button = $("build");
  const box = $("built");
  button.disabled = true;
  button.textContent = "Building…";
  box.hidden = false;
  box.className = "built";
  box.replaceChildren(el("div", "built-head", "Building the PDF and Word files…"));
  try {
    const response = await fetch("/api/build", { method: "POST", headers: { "X-Briefing-Token": config.token } });
    const result = await response.json();
    box.replaceChildren();
    if (result.ok) {
      box.className = "built ok";
      const n = result.files.length;
      box.append(el("div", "built-head", `Built ${n} file${n === 1 ? "" : "s"} in ${result.seconds.toFixed(1)} s`));
      const list = el("ul", "built-files");
      for (const f of result.files) {
        const item = el("li");
        item.append(el("span", "built-path", f.path), el("span", "built-detail", f.detail));
        list.append(item);
      }
      box.append(list);
    } else {
      box.className = "built failed";
      box.append(el("div", "built-head", "Nothing was built"), el("div", "built-why", result.message));
    }
  } catch (error) {
    box.className = "built failed";
    box.replaceChildren(el("div", "built-head", "The preview server did not answer"));
  } finally {
    button.disabled = false;
    button.textContent = "Build";
  }
});

connect();
