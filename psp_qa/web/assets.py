"""The page's theme, style sheet and the few lines of script it runs; nothing is fetched from elsewhere."""

from __future__ import annotations


def theme():
    """Gradio's default look with the system's own fonts (no Google Fonts request), in colours that pass WCAG AA."""
    import gradio as gr

    return gr.themes.Default(
        primary_hue=gr.themes.colors.blue,
        neutral_hue=gr.themes.colors.gray,
        font=["system-ui", "-apple-system", "Segoe UI", "Roboto", "Helvetica", "Arial", "sans-serif"],
        font_mono=["ui-monospace", "SFMono-Regular", "Menlo", "Consolas", "monospace"],
    ).set(
        body_text_color="*neutral_800",
        body_text_color_subdued="*neutral_600",
        color_accent="*primary_700",
        color_accent_soft="*primary_50",
        button_primary_background_fill="*primary_700",
        button_primary_background_fill_hover="*primary_800",
        button_primary_text_color="white",
        button_secondary_text_color="*neutral_800",
        button_secondary_border_color="*neutral_400",
        input_placeholder_color="*neutral_600",
        input_border_color="*neutral_500",
        block_label_text_color="*neutral_700",
        block_title_text_color="*neutral_800",
        link_text_color="*primary_700",
    )


# Scroll only the panel that holds an element, never the whole page. Under the text size's CSS zoom, boxes
# are measured in zoomed pixels and scrollTop counts the panel's own: `unzoomed` turns one into the other.
_SCROLL_WITHIN = """
const unzoomed = (box, pixels) => pixels / (box.currentCSSZoom || 1);
const scrollWithin = (target, where) => {
  let box = target.parentElement;
  while (box && !(box.scrollHeight > box.clientHeight && /(auto|scroll)/.test(getComputedStyle(box).overflowY))) {
    box = box.parentElement;
  }
  if (!box) { target.scrollIntoView({block: where}); return; }
  const offset = unzoomed(box, target.getBoundingClientRect().top - box.getBoundingClientRect().top) + box.scrollTop;
  box.scrollTop = where === 'center' ? offset - (box.clientHeight - target.offsetHeight) / 2 : offset - 8;
};
"""

# The conversation panel's fixed markup; its script fills it in (see `shown` in page.py).
CONVERSATION_HTML = '<div class="conversation"></div>'

# Run once when a component is first shown; `element`, `trigger`, `props` and `watch` come from gr.HTML.
CONVERSATION_JS = (
    _SCROLL_WITHIN
    + """
const box = () => element.closest('#conversation') || element;
const list = element.querySelector('.conversation');
// Draw what the server sent: one more turn under the others, or all of them anew.
const draw = () => {
  let payload;
  try { payload = JSON.parse(props.value || '{}'); } catch (error) { return; }
  list.querySelectorAll(':scope > .ask-notice').forEach((n) => n.remove());
  if (payload.mode === 'notice') { list.insertAdjacentHTML('beforeend', payload.html || ''); return; }
  if (payload.mode === 'replace') list.innerHTML = payload.html || '';
  else if (payload.mode === 'append') {
    list.querySelectorAll(':scope > .intro').forEach((n) => n.remove());
    list.insertAdjacentHTML('beforeend', payload.html || '');
  } else return;
  const last = list.lastElementChild, answered = Boolean(last && last.classList.contains('turn'));
  document.body.classList.toggle('answered', answered);  // the examples and subtitle make room
  if (answered) {
    const scroller = box();
    const below = last.getBoundingClientRect().top - scroller.getBoundingClientRect().top;
    scroller.scrollTop += unzoomed(scroller, below) - 8;
  }
};
draw();
watch('value', draw);
// [n] opens its source right under the claim, so the sentence and where it comes from are seen together.
const peek = (cite) => {
  const turn = cite.closest('.turn');
  const source = element.querySelector('#' + CSS.escape(cite.dataset.target));
  const open = cite.nextElementSibling && cite.nextElementSibling.classList.contains('peek');
  turn.querySelectorAll('.peek').forEach((p) => p.remove());
  turn.querySelectorAll('a.cite[aria-expanded]').forEach((a) => a.setAttribute('aria-expanded', 'false'));
  if (!source || open) return;
  const panel = document.createElement('div');
  panel.className = 'peek';
  panel.dataset.target = cite.dataset.target;
  panel.tabIndex = -1;
  panel.setAttribute('role', 'region');
  panel.setAttribute('aria-label', 'Source ' + cite.textContent);
  panel.append(source.querySelector('.source-head').cloneNode(true), source.querySelector('blockquote').cloneNode(true));
  const close = document.createElement('button');
  close.type = 'button'; close.className = 'peek-close'; close.textContent = 'Close';
  close.setAttribute('aria-label', 'Close source ' + cite.textContent);
  panel.append(close);
  cite.after(panel);
  cite.setAttribute('aria-expanded', 'true');
  source.classList.remove('flash'); void source.offsetWidth; source.classList.add('flash');
  const scroller = box(), frame = scroller.getBoundingClientRect();
  // Bring the quoted sentence in the source into view, but never scroll the claim itself away.
  const claim = (cite.previousElementSibling || cite).getBoundingClientRect();
  const shown = (panel.querySelector('mark') || panel).getBoundingClientRect();
  if (shown.bottom > frame.bottom) {
    scroller.scrollTop += unzoomed(scroller, Math.min(shown.bottom - frame.bottom + 8, claim.top - frame.top - 8));
  }
  panel.focus({preventScroll: true});
};
const copyText = (turn) => {
  const answer = turn.querySelector('.answer').cloneNode(true);
  answer.querySelectorAll('.peek, sup.fn').forEach((n) => n.remove());
  answer.querySelectorAll('li, tr, p').forEach((n) => n.prepend('\\n'));
  const lines = [turn.querySelector('.question p').textContent, '', answer.textContent.replace(/[ \\t]+/g, ' ').trim(), '', 'Sources:'];
  turn.querySelectorAll('.sources .source').forEach((s) => {
    const head = s.querySelector('.source-head');
    const bits = [head.querySelector('.crumbs').title, head.querySelector('.page')?.textContent, head.querySelector('.file')?.textContent];
    lines.push(head.querySelector('.rank').textContent + ' ' + bits.filter(Boolean).join(', '));
  });
  return lines.join('\\n');
};
element.addEventListener('click', async (event) => {
  const cite = event.target.closest('a.cite');
  if (cite) { event.preventDefault(); peek(cite); return; }
  const close = event.target.closest('button.peek-close');
  if (close) {
    const panel = close.closest('.peek');
    const cite = panel.closest('.turn').querySelector('a.cite[aria-expanded="true"]');
    panel.remove();
    if (cite) { cite.setAttribute('aria-expanded', 'false'); cite.focus(); }
    return;
  }
  const copy = event.target.closest('button.copy');
  if (copy) {
    const status = copy.closest('.feedback').querySelector('.vote-status');
    try { await navigator.clipboard.writeText(copyText(copy.closest('.turn'))); status.textContent = 'Copied with its sources.'; }
    catch (error) { status.textContent = 'Copying is not allowed here: select the text instead.'; }
    return;
  }
  const suggest = event.target.closest('button.suggest');
  if (suggest) {
    const input = document.querySelector('#question textarea');
    input.value = suggest.textContent;
    input.dispatchEvent(new Event('input', {bubbles: true}));
    setTimeout(() => document.querySelector('#ask').click(), 0);
    return;
  }
  const vote = event.target.closest('button.vote');
  if (vote) {
    const group = vote.closest('.feedback');
    group.querySelectorAll('button.vote').forEach((b) => b.setAttribute('aria-pressed', String(b === vote)));
    group.querySelector('.vote-status').textContent = 'Thank you: noted on this computer.';
    group.querySelector('form.reason').hidden = false;
    trigger('vote', {turn: Number(vote.dataset.turn), vote: vote.dataset.vote});
  }
});
element.addEventListener('submit', (event) => {
  const form = event.target.closest('form.reason');
  if (!form) return;
  event.preventDefault();
  const group = form.closest('.feedback'), pressed = group.querySelector('button.vote[aria-pressed="true"]');
  const reason = form.querySelector('input').value.trim();
  if (!pressed || !reason) return;
  trigger('vote', {turn: Number(pressed.dataset.turn), vote: pressed.dataset.vote, reason});
  form.hidden = true;
  group.querySelector('.vote-status').textContent = 'Thank you: your vote and reason are noted on this computer.';
});
element.addEventListener('keydown', (event) => {
  if (event.key !== 'Escape') return;
  const panel = event.target.closest('.peek');
  if (panel) panel.querySelector('button.peek-close').click();
});
"""
)

CONTENTS_JS = (
    _SCROLL_WITHIN
    + """
element.addEventListener('click', (event) => {
  const open = event.target.closest('button.toc-open');
  if (open) trigger('read', {source: open.dataset.source, path: JSON.parse(open.dataset.path)});
});
watch('value', () => {
  const drawn = element.querySelector('li.drawn');
  if (drawn) scrollWithin(drawn, 'center');
});
"""
)

# A transcript comes back as JSON text in a hidden box; the browser saves it under its name.
DOWNLOAD_JS = """
(payload) => {
  if (!payload) return;
  const file = JSON.parse(payload);
  const link = document.createElement('a');
  link.href = 'data:' + file.type + ';charset=utf-8,' + encodeURIComponent(file.text);
  link.download = file.name;
  document.body.append(link);
  link.click();
  link.remove();
}
"""

TOOLS_HTML = (
    '<div class="view-tools">'
    '<button type="button" class="side-toggle" aria-controls="psp-side" aria-expanded="true" '
    'aria-label="Contents and documents">Contents</button>'
    '<label class="text-size">Text size <select><option value="1">Normal</option>'
    '<option value="1.15">Large</option><option value="1.3">Largest (projector)</option></select></label></div>'
)
SIDE_HEAD_HTML = (
    '<div class="side-head"><h2>Contents and documents</h2>'
    '<button type="button" class="side-close" aria-label="Close contents and documents">Close</button></div>'
)

# Text size and the side panel, remembered by the browser; the panel is an overlay on a phone.
TOOLS_JS = """
const root = document.documentElement, narrow = matchMedia('(max-width: 760px)');
const size = element.querySelector('.text-size select'), toggle = element.querySelector('.side-toggle');
const applySize = (value) => {
  if (![...size.options].some((o) => o.value === value)) value = '1';
  root.style.setProperty('--psp-zoom', value);
  size.value = value;
};
applySize(localStorage.getItem('psp-qa-text-size') || '1');
size.addEventListener('change', () => {
  localStorage.setItem('psp-qa-text-size', size.value);
  applySize(size.value);
});
const setSide = (open) => {
  document.body.dataset.side = open ? 'open' : 'closed';
  toggle.setAttribute('aria-expanded', String(open));
};
setSide(!narrow.matches && localStorage.getItem('psp-qa-side') !== 'closed');
toggle.addEventListener('click', () => {
  const open = document.body.dataset.side !== 'open';
  if (!narrow.matches) localStorage.setItem('psp-qa-side', open ? 'open' : 'closed');
  setSide(open);
  if (open && narrow.matches) document.querySelector('#side-head .side-close').focus();
});
document.addEventListener('click', (event) => {
  if (!event.target.closest('#side-head .side-close')) return;
  if (!narrow.matches) localStorage.setItem('psp-qa-side', 'closed');
  setSide(false);
  toggle.focus();
});
document.addEventListener('keydown', (event) => {
  if (event.key === 'Escape' && narrow.matches && document.body.dataset.side === 'open') { setSide(false); toggle.focus(); }
});
document.addEventListener('click', (event) => {
  const skip = event.target.closest('a.skip-link');
  if (skip) { event.preventDefault(); document.querySelector('#question textarea').focus(); }
});
"""

# Laid out for a 1366x768 laptop first: the page never scrolls, the conversation does, the question box sits
# under it; sources stand beside each answer. The text size scales the whole page (zoom), for a projector.
CSS = """
:root { --psp-accent: #1d4ed8; --psp-muted: #4b5563; --psp-focus: #1d4ed8; }
html, body { height: 100%; margin: 0; overflow: hidden; }
body { zoom: var(--psp-zoom, 1); }
gradio-app, .gradio-container, .gradio-container > .main, .gradio-container > .main > .wrap, main.contain,
main.contain > .column { height: calc(100dvh / var(--psp-zoom, 1)) !important; min-height: 0 !important;
  max-height: calc(100dvh / var(--psp-zoom, 1)); overflow: hidden; }
.gradio-container, .gradio-container > .main { max-width: none !important; padding: 0 !important; margin: 0 !important; }
.gradio-container > .main > .wrap, main.contain, main.contain > .column { padding: 0 !important; margin: 0 !important; gap: 0 !important; }
*:focus-visible { outline: 3px solid var(--psp-focus) !important; outline-offset: 2px !important; box-shadow: none;
  transition: none !important; }
#question textarea:focus { outline: 3px solid var(--psp-focus) !important; outline-offset: 1px; }
#psp-shell { height: 100%; min-height: 0 !important; flex: 1 1 0 !important; overflow: hidden; flex-wrap: nowrap !important;
  gap: 0 !important; margin: 0; align-items: stretch; }
#psp-main, #psp-side { min-height: 0 !important; max-height: 100%; flex-wrap: nowrap !important; }
#psp-main { display: grid !important; grid-template-columns: minmax(0, 1fr) auto;
  grid-template-rows: auto minmax(0, 1fr) auto auto auto;
  grid-template-areas: "title tools" "conv conv" "examples examples" "ask ask" "bar bar";
  height: 100%; gap: 6px 12px !important; padding: 8px 14px 8px !important; min-width: 0 !important; }
#psp-title { grid-area: title; min-width: 0; } #view-tools { grid-area: tools; align-self: start; }
#conversation { grid-area: conv; overflow-y: auto !important; min-height: 0; padding: 0 4px 0 0;
  border-top: 1px solid var(--border-color-primary); border-bottom: 1px solid var(--border-color-primary); }
#examples { grid-area: examples; flex-wrap: wrap !important; gap: 6px !important; }
#examples > button { flex: 0 1 auto !important; min-width: 0 !important; width: auto !important; text-align: left; }
body.answered #examples, body.answered #psp-title p { display: none !important; }
#ask-row { grid-area: ask; flex-wrap: nowrap !important; align-items: stretch; gap: 8px !important; }
#toolbar { grid-area: bar; flex-wrap: wrap !important; gap: 6px !important; }
#toolbar > button { flex: 0 1 auto !important; min-width: 0 !important; width: auto !important; }
#exported { display: none !important; }
#question label > span:first-child { position: absolute; width: 1px; height: 1px; overflow: hidden; clip: rect(0 0 0 0); }
#question textarea { font-size: 16px; }
#psp-side { height: 100%; overflow-y: auto; border-left: 1px solid var(--border-color-primary);
  padding: 8px 12px !important; min-width: 280px !important; background: var(--background-fill-primary); }
body[data-side="closed"] #psp-side { display: none !important; }
.side-head { display: flex; justify-content: space-between; align-items: center; gap: .5em; }
.side-head h2 { font-size: 1rem; margin: 0; }
#contents { max-height: 40vh; overflow-y: auto !important; } #reader { min-height: 0; }
.skip-link { position: absolute; left: -9999px; top: 0; z-index: 100; background: #fff; color: var(--psp-accent);
  padding: .4em .8em; border: 2px solid var(--psp-accent); font-weight: 600; }
.skip-link:focus { left: 8px; top: 8px; }
#psp-title h1 { margin: 0; font-size: 1.2rem; line-height: 1.25; }
#psp-title p { margin: .1em 0 0; color: var(--psp-muted); font-size: .8125rem; }
.view-tools { display: flex; gap: .6em; align-items: center; flex-wrap: wrap; justify-content: flex-end; font-size: .875rem; }
.view-tools button, .side-head button, .psp-html button.copy, .psp-html .reason button, .psp-html button.peek-close,
.psp-html button.suggest { font: inherit; font-size: .875rem; color: #1f2937; background: #fff;
  border: 1px solid #6b7280; border-radius: 4px; padding: .2em .6em; cursor: pointer; }
.text-size { display: inline-flex; gap: .3em; align-items: center; color: #1f2937; white-space: nowrap; }
.text-size select { width: auto !important; font: inherit; color: #1f2937; background: #fff; border: 1px solid #6b7280; border-radius: 4px; padding: .1em .2em; }
.side-toggle[aria-expanded="true"] { background: #dbeafe !important; border-color: var(--psp-accent) !important; color: #1e3a8a !important; }
.psp-html { font-size: 1rem; line-height: 1.55; color: #1f2937; }
.psp-html .intro { color: var(--psp-muted); padding: .5em 0; }
.psp-html .turn { border-bottom: 1px solid var(--border-color-primary); padding: .7em 0 .9em; }
.psp-html .question .who { font-size: .8125rem; color: var(--psp-muted); }
.psp-html .question p { font-weight: 600; font-size: 1.08em; margin: .1em 0 .4em; max-width: 75ch; }
.psp-html .reply { display: block; }
@media (min-width: 1000px) {
  .psp-html .reply { display: grid; grid-template-columns: minmax(0, 1fr) minmax(0, 1fr); gap: 0 1.2em;
    grid-auto-flow: row dense; }
  .psp-html .reply-main { grid-column: 1; grid-row: 1 / span 3; }
  .psp-html .reply > .sources, .psp-html .reply > details.more { grid-column: 2; }
}
.psp-html .answer { margin: .2em 0; max-width: 75ch; } .psp-html .answer p { margin: 0 0 .4em; }
.psp-html .answer .quote { font-style: italic; }
.psp-html a.cite { font-weight: 700; font-style: normal; text-decoration: none; color: var(--psp-accent);
  background: #eff6ff; border: 1px solid #93c5fd; border-radius: 4px; padding: 0 .25em; font-size: .85em; white-space: nowrap; }
.psp-html a.cite:hover, .psp-html a.cite[aria-expanded="true"] { background: #dbeafe; text-decoration: underline; }
.psp-html sup.fn { color: var(--psp-muted); font-size: .7em; font-style: normal; font-weight: 400; padding: 0 .1em; }
.psp-html ul.points { margin: .2em 0; padding-left: 1.2em; } .psp-html ul.points li { margin: .3em 0; }
.psp-html .uncovered { color: var(--psp-muted); }
.psp-html .point-head { font-weight: 700; font-style: normal; display: block; }
.psp-html .point-where { font-weight: 400; color: var(--psp-muted); }
.psp-html .cell-gap { color: var(--psp-muted); font-style: normal; font-weight: 700; }
.psp-html .group-head { font-weight: 700; color: #1f2937; margin: .7em 0 .1em; padding-bottom: .1em; border-bottom: 1px solid #d1d5db; }
.psp-html .group-head:first-child { margin-top: .2em; }
.psp-html .answer { container-type: inline-size; }
.psp-html .compare { display: grid; grid-template-columns: minmax(0, 1fr); gap: .7em 1.2em; }
@container (min-width: 36em) { .psp-html .compare { grid-template-columns: minmax(0, 1fr) minmax(0, 1fr); } }
.psp-html .compare .side { border-left: 3px solid #9ca3af; padding: 0 0 0 .7em; }
.psp-html .compare .side p { margin: .3em 0; }
.psp-html .peek { display: block; border: 2px solid var(--psp-accent); border-radius: 6px; padding: .4em .7em; margin: .4em 0;
  background: #fff; font-style: normal; }
.psp-html .peek blockquote { margin: .3em 0; padding-left: .7em; border-left: 3px solid #9ca3af; white-space: pre-line; }
.psp-html .notice { font-weight: 400; margin: .2em 0; }
.psp-html .ask-notice { color: #b91c1c; font-weight: 600; margin: .5em 0; }
.psp-html .suggestions p { margin: .3em 0 .2em; font-size: .875rem; color: var(--psp-muted); }
.psp-html .suggestions ul { list-style: none; padding: 0; margin: 0; display: flex; flex-wrap: wrap; gap: .4em; }
.psp-html button.suggest { text-align: left; }
.psp-html .searched { font-size: .8125rem; color: var(--psp-muted); margin: .2em 0 .4em; }
.psp-html .sources-title { margin: .2em 0 .3em; font-size: .9375rem; }
.psp-html .source { border: 1px solid #9ca3af; border-radius: 6px; padding: .45em .7em; margin: 0 0 .5em; scroll-margin: 4em; }
.psp-html .source.weak { border-style: dashed; }
.psp-html .source.flash { outline: 3px solid var(--psp-accent); outline-offset: 1px; }
.psp-html .source-head { font-size: .8125rem; }
.psp-html .source-head .rank { font-weight: 700; }
.psp-html .source-head .crumbs { font-weight: 600; }
.psp-html .source-head .page, .psp-html .source-head .file { color: var(--psp-muted); margin-left: .4em; }
.psp-html blockquote.passage { margin: .3em 0; padding: 0 0 0 .7em; border-left: 3px solid #9ca3af;
  white-space: pre-line; font-size: .9375em; max-width: 75ch; }
.psp-html blockquote.passage, .psp-html .peek blockquote { margin: .3em 0 !important; }  /* over Gradio's prose 24px */
.psp-html .table-wrap { max-width: 100%; margin: .2em 0; }
.psp-html table.cells { border-collapse: collapse; font-size: .95em; white-space: pre-line; width: 100%; }
.psp-html table.cells th, .psp-html table.cells td { border: 1px solid #9ca3af; padding: .15em .45em; text-align: left;
  vertical-align: top; overflow-wrap: break-word; }
.psp-html table.cells th { background: #f3f4f6; font-weight: 600; overflow-wrap: anywhere; }  /* long headings wrap, never overflow */
.psp-html .table-note { margin: 0 0 .2em; font-weight: 600; }
.psp-html table.cells.row th { overflow-wrap: break-word; }  /* names and labels break between words */
.psp-html table.cells.row td { overflow-wrap: anywhere; }  /* cells give way first, so the row fits its source */
.psp-html table.cells.stacked th[scope="row"] { width: 28%; }  /* a row's label beside its cells, one a line */
.psp-html .lead, .psp-html thead.lead th { color: var(--psp-muted); font-style: italic; }
.psp-html mark { background: #fde68a; color: #111; padding: 0 .1em; border-radius: 2px; }
.psp-html details summary { cursor: pointer; color: var(--psp-accent); font-size: .875rem; }
.psp-html details.more { margin: .2em 0; }
.psp-html .ctx { white-space: pre-line; font-size: .93em; padding: .3em .6em; margin: .3em 0; border-left: 3px solid transparent; }
.psp-html .ctx-this { border-left-color: var(--psp-accent); background: #f3f4f6; }
.psp-html .ctx-label, .psp-html .edge { font-size: .8125rem; color: var(--psp-muted); margin: 0; }
.psp-html .feedback { font-size: .875rem; display: flex; flex-wrap: wrap; gap: .4em .5em; align-items: center; margin: .3em 0; }
.psp-html button.vote { font: inherit; color: #1f2937; border: 1px solid #6b7280; border-radius: 4px; padding: .15em .6em;
  background: #fff; cursor: pointer; display: inline-flex; gap: .3em; align-items: center; }
.psp-html button.vote-down .thumb { transform: rotate(180deg); }
.psp-html button.vote[aria-pressed="true"] { background: #dbeafe; border-color: var(--psp-accent); }
.psp-html form.reason { display: inline-flex; gap: .3em; align-items: center; }
.psp-html form.reason[hidden] { display: none; }
.psp-html form.reason input { font: inherit; border: 1px solid #6b7280; border-radius: 4px; padding: .15em .4em; width: 14em; }
.psp-html .toc ul { list-style: none; margin: 0; padding-left: 1em; }
.psp-html .toc > details > ul { padding-left: 0; }
.psp-html .toc summary { font-weight: 600; color: #1f2937; }
.psp-html .toc .count { font-weight: 400; color: var(--psp-muted); }
.psp-html button.toc-open { background: none; border: none; padding: .1em 0; text-align: left; cursor: pointer;
  color: #1f2937; font-size: .875rem; font-weight: 400; }
.psp-html button.toc-open:hover, .psp-html button.toc-open:focus { text-decoration: underline; color: var(--psp-accent); }
.psp-html li.drawn > button.toc-open { font-weight: 700; color: var(--psp-accent); max-width: calc(100% - 1.3em); vertical-align: top; }
.psp-html .drawn-mark { color: var(--psp-accent); font-size: .8em; }
.psp-html .toc-key { font-size: .8125rem; color: var(--psp-muted); margin: 0 0 .4em; }
.psp-html .reader .crumbs-line { font-size: .8125rem; color: var(--psp-muted); margin: 0; }
.psp-html .reader h3 { margin: .2em 0 .4em; } .psp-html .reader h4 { margin: .8em 0 .2em; font-size: 1em; }
.psp-html .passage-text { white-space: pre-line; } .psp-html .passage-text .page { color: var(--psp-muted); }
.psp-html .upload-ok { color: #166534; } .psp-html .upload-error { color: #b91c1c; }
.psp-html .documents h2 { font-size: 1rem; margin: .6em 0 .3em; } .psp-html .documents h3 { font-size: .9375rem; }
.psp-html table.doc-table { border-collapse: collapse; width: 100%; font-size: .875rem; }
.psp-html table.doc-table th, .psp-html table.doc-table td { text-align: left; padding: .2em .4em;
  border-bottom: 1px solid #d1d5db; overflow-wrap: anywhere; }
.psp-html table.doc-table thead th { white-space: nowrap; overflow-wrap: normal; }
@media (max-width: 760px) {
  #psp-main { padding: 6px 8px !important; grid-template-rows: auto auto minmax(0, 1fr) auto auto auto; grid-template-areas: "title title" "tools tools" "conv conv" "examples examples" "ask ask" "bar bar"; }
  #psp-title p { display: none; } #psp-title h1 { font-size: 1.05rem; }
  #psp-side { position: fixed; inset: 0; z-index: 50; border: none; min-width: 0 !important; width: 100% !important; }
  body:not([data-side="open"]) #psp-side { display: none !important; }
  .view-tools { justify-content: flex-start; }
  #question textarea { min-height: 4.2em !important; }  /* two lines: the placeholder wraps on a phone */
}
"""
