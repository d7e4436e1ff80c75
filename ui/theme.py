"""The page's CSS and its one script (passed to `launch`, as Gradio 6 wants).

The script turns a click on a citation mark `<a class="cite" href="#cite-<turn>-<n>[-<claim>]">` into
a value of the hidden `#cite-pick` box, whose change event fills the source panel. It is needed because
the chatbot's sanitizer strips event handlers and data-* attributes from messages.
"""

from __future__ import annotations

HEAD = """
<script>
document.addEventListener("click", (event) => {
  const mark = event.target.closest ? event.target.closest("a.cite") : null;
  if (!mark) return;
  const found = (mark.getAttribute("href") || "").match(/^#cite-(\\d+-\\d+(?:-[sq]\\d+)?)$/);
  if (!found) return;
  event.preventDefault();
  event.stopPropagation();
  const box = document.querySelector("#cite-pick textarea, #cite-pick input");
  if (!box) return;
  box.value = found[1] + ":" + Date.now();
  box.dispatchEvent(new Event("input", { bubbles: true }));
  const panel = document.querySelector("#sources");
  if (panel && panel.getBoundingClientRect().top > window.innerHeight) {
    panel.scrollIntoView({ behavior: "smooth" });
  }
}, true);
</script>
"""

CSS = """
.status { font-size: 0.9em; padding: 0.35em 0.7em; border-radius: 6px; }
.status.ok { background: var(--color-accent-soft); }
.status.warn { background: #fef3c7; color: #78350f; }
.muted { color: var(--body-text-color-subdued); }
a.cite { font-size: 0.75em; vertical-align: super; line-height: 0; text-decoration: none !important;
  padding: 0 0.25em; margin-left: 1px; border-radius: 4px; font-weight: 600; cursor: pointer;
  background: var(--color-accent-soft); color: var(--color-accent) !important; }
a.cite:hover { background: var(--color-accent); color: white !important; }
.answer p { margin: 0 0 0.4em 0; }
.answer .added a.cite { outline: 1px dashed var(--color-accent); }
.answer h4 { margin: 0.2em 0; font-size: 0.85em; text-transform: uppercase; letter-spacing: 0.04em;
  color: var(--body-text-color-subdued); }
.answer .evidence ul { list-style: none; padding-left: 0; margin: 0 0 0.5em 0; }
.answer blockquote.quote, .check-result blockquote.quote { display: inline; margin: 0; padding: 0 0.2em;
  border-left: 3px solid var(--color-accent); font-style: italic; }
.answer .draft { color: var(--body-text-color-subdued); font-style: italic; }
.answer .evidence-only { font-size: 0.9em; color: var(--body-text-color-subdued); }
.answer .not-verified, .check-result .reason { font-size: 0.88em; color: #92400e; }
.answer .not-verified summary { cursor: pointer; }
.answer .not-verified .reason { color: var(--body-text-color-subdued); }
.check-result li { margin-bottom: 0.6em; }
.check-result .contradicted b { color: #b91c1c; }
.check-result .supported b { color: #15803d; }
.answer .declined { font-weight: 600; }
.answer .interrupted { color: #b45309; font-weight: 600; margin: 0.3em 0; }
.answer.failed { color: #b91c1c; }
.answer .warnings { font-size: 0.85em; color: #92400e; margin: 0.2em 0; padding-left: 1.2em; }
.answer .refs { font-size: 0.88em; margin-top: 0.3em; }
.answer .refs summary { cursor: pointer; color: var(--body-text-color-subdued); }
.answer .refs ul { list-style: none; padding-left: 0.4em; margin: 0.2em 0; }
.answer .provenance { font-size: 0.75em; color: var(--body-text-color-subdued); margin-top: 0.3em; }
.answer .caret { animation: blink 1s steps(1) infinite; }
@keyframes blink { 50% { opacity: 0; } }
#sources { max-height: 640px; overflow-y: auto; }
.panel-empty { color: var(--body-text-color-subdued); padding: 1em 0.5em; }
.source-card { border: 1px solid var(--border-color-primary); border-radius: 8px; padding: 0.5em 0.8em;
  margin-bottom: 0.6em; background: var(--background-fill-primary); }
.source-card summary { cursor: pointer; }
.source-card .n { color: var(--color-accent); font-weight: 700; }
.source-card .listing { font-size: 0.8em; color: var(--body-text-color-subdued); margin: 0.3em 0; }
.source-card dl.meta, .paper dl.meta { display: grid; grid-template-columns: max-content auto; gap: 0 0.8em;
  font-size: 0.85em; margin: 0.3em 0; }
.source-card dt, .paper dt { color: var(--body-text-color-subdued); }
.source-card dd, .paper dd { margin: 0; }
.source-card .support { font-size: 0.85em; font-weight: 600; }
.source-card .support.low { color: #b45309; }
.source-card .support meter { width: 7em; margin-left: 0.6em; vertical-align: middle; }
.source-card .snippet { font-size: 0.95em; margin: 0.4em 0 0.2em 0; padding-left: 0.7em;
  border-left: 3px solid var(--border-color-primary); white-space: pre-wrap; }
.source-card .snippet mark, .paper mark { background: #fde68a; color: inherit; padding: 0 1px; }
#library-table .cell-wrap, #library-table .cell-wrap * { font-family: var(--font) !important; }
.paper .listing { font-size: 0.8em; color: var(--body-text-color-subdued); }
.paper .abstract { font-size: 0.9em; white-space: pre-wrap; }
"""
