// The factcheck page: collects a draft and its sources, posts them to /v1/check, and shows
// each document with the passages of every finding highlighted. Clicking a highlighted
// passage (or pressing Enter on it) jumps to the passage it conflicts with.
"use strict";

(function () {
  const $ = (id) => document.getElementById(id);
  const form = $("check-form");
  const statusLine = $("status");
  const SEVERITY_RANK = { info: 0, warning: 1, error: 2 };
  let sourceCount = 0;

  function el(tag, attrs, ...children) {
    const node = document.createElement(tag);
    for (const [key, value] of Object.entries(attrs || {})) {
      if (value === null || value === undefined || value === false) continue;
      if (key === "class") node.className = value;
      else if (key === "dataset") Object.assign(node.dataset, value);
      else node.setAttribute(key, value === true ? "" : String(value));
    }
    for (const child of children) {
      if (child === null || child === undefined) continue;
      node.append(child instanceof Node ? child : document.createTextNode(String(child)));
    }
    return node;
  }

  function addSource() {
    sourceCount += 1;
    const id = "source-" + sourceCount;
    const area = el("textarea", { id: id + "-text", rows: 8, spellcheck: "false",
                                  placeholder: "Paste a source: a wire story, a statement" });
    const remove = el("button", { type: "button", class: "link" }, "remove");
    const box = el("div", { class: "doc-input", dataset: { docId: id } },
                   el("label", { for: id + "-text" }, "Source " + sourceCount, " "), area);
    box.querySelector("label").append(remove);
    remove.addEventListener("click", () => box.remove());
    $("sources").append(box);
    area.focus();
  }

  function collectDocuments() {
    const published = $("published-at").value || null;
    const docs = [{ id: "draft", role: "draft", text: $("draft-text").value, published_at: published }];
    for (const box of $("sources").querySelectorAll(".doc-input")) {
      const text = box.querySelector("textarea").value;
      if (text.trim()) docs.push({ id: box.dataset.docId, role: "source", text, published_at: published });
    }
    return docs;
  }

  function setStatus(message, kind) {
    statusLine.textContent = message;
    statusLine.className = kind || "";
  }

  async function runCheck(event) {
    event.preventDefault();
    const documents = collectDocuments();
    if (!documents[0].text.trim()) {
      setStatus("Paste a draft first.", "error");
      $("draft-text").focus();
      return;
    }
    const headers = { "Content-Type": "application/json" };
    const token = $("api-token").value.trim();
    if (token) headers.Authorization = "Bearer " + token;
    const body = {
      documents,
      options: { min_severity: $("min-severity").value, include_claims: false },
    };
    $("check-button").disabled = true;
    setStatus("Checking…");
    try {
      const response = await fetch("/v1/check", { method: "POST", headers, body: JSON.stringify(body) });
      const data = await response.json().catch(() => null);
      if (!response.ok) {
        const message = data && data.error ? data.error.message : "the server answered " + response.status;
        if (response.status === 401) $("token-box").open = true;
        setStatus("Could not check: " + message, "error");
        return;
      }
      render(data, documents);
      setStatus("");
    } catch (err) {
      setStatus("Could not reach the server: " + err.message, "error");
    } finally {
      $("check-button").disabled = false;
    }
  }

  // Offsets from the API count codepoints; JavaScript strings count UTF-16 units.
  function unitIndex(text) {
    if (!/[\uD800-\uDFFF]/.test(text)) return (i) => i;
    const units = [0];
    for (const ch of text) units.push(units[units.length - 1] + ch.length);
    return (i) => units[Math.min(Math.max(i, 0), units.length - 1)];
  }

  function spanKey(f, s) { return "f" + f + "s" + s; }

  function render(report, documents) {
    const findings = report.findings;
    const counts = {};
    for (const f of findings) counts[f.severity] = (counts[f.severity] || 0) + 1;
    const parts = ["error", "warning", "info"].filter((s) => counts[s])
      .map((s) => counts[s] + " " + s + (counts[s] > 1 ? "s" : ""));
    $("summary").textContent = findings.length
      ? findings.length + (findings.length > 1 ? " findings: " : " finding: ") + parts.join(", ")
      : "No inconsistencies found";
    $("incomplete").hidden = !(report.warnings && report.warnings.incompleteResults);
    $("findings").replaceChildren(...findings.map(renderFinding));
    $("documents").replaceChildren(...documents.map((doc) => renderDocument(doc, findings)));
    $("results").hidden = false;
  }

  function renderFinding(finding, fi) {
    const passages = el("p", { class: "passages" });
    finding.spans.forEach((span, si) => {
      if (si > 0) passages.append(el("span", { class: "versus" }, si === 1 ? " conflicts with " : " and "));
      const where = span.line ? " (" + span.document_id + ", line " + span.line + ")" : "";
      const link = el("a", { href: "#" + spanKey(fi, si), class: "passage sev-" + finding.severity,
                             dataset: { finding: fi, span: si } }, "“" + span.text + "”");
      link.addEventListener("click", (e) => { e.preventDefault(); select(fi, si); });
      passages.append(link, el("span", { class: "where" }, where));
    });
    const info = finding.rule_info || {};
    const why = el("details", { class: "why" }, el("summary", {}, "Why"),
                   el("p", {}, info.summary || ""), explanationList(finding.explanation || {}));
    return el("li", { id: "finding-" + fi, class: "finding sev-" + finding.severity },
              el("p", { class: "head" },
                 el("span", { class: "badge sev-" + finding.severity }, finding.severity),
                 " ", el("code", { title: info.name || "" }, finding.rule), " ", finding.message),
              passages, why);
  }

  function explanationList(explanation) {
    const list = el("dl");
    for (const [key, value] of Object.entries(explanation)) {
      if (key === "claims") continue;
      list.append(el("dt", {}, key.replace(/_/g, " ")),
                  el("dd", {}, typeof value === "object" ? JSON.stringify(value) : String(value)));
    }
    return list;
  }

  function renderDocument(doc, findings) {
    const toUnit = unitIndex(doc.text);
    const spans = [];
    findings.forEach((f, fi) => f.spans.forEach((s, si) => {
      if (s.document_id === doc.id && s.end > s.start) {
        spans.push({ key: spanKey(fi, si), fi, si, severity: f.severity, message: f.message,
                     start: toUnit(s.start), end: toUnit(s.end) });
      }
    }));
    const cuts = new Set([0, doc.text.length]);
    for (const s of spans) { cuts.add(s.start); cuts.add(s.end); }
    const points = [...cuts].filter((p) => p >= 0 && p <= doc.text.length).sort((a, b) => a - b);
    const body = el("div", { class: "doc-text" });
    for (let i = 0; i + 1 < points.length; i++) {
      const [a, b] = [points[i], points[i + 1]];
      const piece = doc.text.slice(a, b);
      const covering = spans.filter((s) => s.start <= a && s.end >= b);
      if (!covering.length) { body.append(piece); continue; }
      for (const s of covering) if (s.start === a) body.append(el("span", { id: s.key, class: "anchor" }));
      const worst = covering.reduce((w, s) => (SEVERITY_RANK[s.severity] > SEVERITY_RANK[w] ? s.severity : w), "info");
      const first = covering[0];
      const mark = el("mark", {
        class: "hl sev-" + worst, tabindex: 0, role: "button",
        title: covering.map((s) => s.message).join("\n") + "\n(click to go to the related passage)",
        dataset: { spans: covering.map((s) => s.key).join(" "), finding: first.fi, span: first.si },
      }, piece);
      mark.addEventListener("click", () => jumpFrom(first.fi, first.si, findings));
      mark.addEventListener("keydown", (e) => {
        if (e.key === "Enter" || e.key === " ") { e.preventDefault(); jumpFrom(first.fi, first.si, findings); }
      });
      body.append(mark);
    }
    const title = doc.role === "draft" ? "Draft" : "Source " + doc.id.replace("source-", "");
    return el("article", { class: "doc", dataset: { docId: doc.id } }, el("h3", {}, title), body);
  }

  // From one passage of a finding to the next one (the passage it conflicts with).
  function jumpFrom(fi, si, findings) {
    const count = findings[fi].spans.length;
    select(fi, count > 1 ? (si + 1) % count : si);
  }

  function marksOf(key) {
    return [...document.querySelectorAll("mark.hl")].filter((m) => m.dataset.spans.split(" ").includes(key));
  }

  function select(fi, si) {
    for (const m of document.querySelectorAll("mark.hl.active, mark.hl.current")) m.classList.remove("active", "current");
    for (const li of document.querySelectorAll(".finding.active")) li.classList.remove("active");
    for (const m of document.querySelectorAll("mark.hl")) {
      if (m.dataset.spans.split(" ").some((k) => k.startsWith("f" + fi + "s"))) m.classList.add("active");
    }
    const item = $("finding-" + fi);
    if (item) item.classList.add("active");
    const target = marksOf(spanKey(fi, si));
    target.forEach((m) => m.classList.add("current"));
    if (target.length) {
      target[0].focus({ preventScroll: true });
      target[0].scrollIntoView({ block: "center", behavior: "smooth" });
    }
  }

  $("add-source").addEventListener("click", addSource);
  form.addEventListener("submit", runCheck);
})();
