"""The page's theme, style sheet and the few lines of script it runs; nothing is fetched from elsewhere."""

from __future__ import annotations


def theme():
    """Gradio's default look with the system's own fonts: no Google Fonts request."""
    import gradio as gr

    return gr.themes.Default(
        font=["system-ui", "-apple-system", "Segoe UI", "Roboto", "Helvetica", "Arial", "sans-serif"],
        font_mono=["ui-monospace", "SFMono-Regular", "Menlo", "Consolas", "monospace"],
    )


# Scroll only the panel that holds an element, never the whole page.
_SCROLL_WITHIN = """
const scrollWithin = (target, where) => {
  let box = target.parentElement;
  while (box && !(box.scrollHeight > box.clientHeight && /(auto|scroll)/.test(getComputedStyle(box).overflowY))) {
    box = box.parentElement;
  }
  if (!box) { target.scrollIntoView({block: where}); return; }
  const offset = target.getBoundingClientRect().top - box.getBoundingClientRect().top + box.scrollTop;
  box.scrollTop = where === 'center' ? offset - (box.clientHeight - target.offsetHeight) / 2 : offset - 8;
};
"""

# Run once when a component is first shown; `element`, `trigger` and `watch` come from gr.HTML.
CONVERSATION_JS = (
    _SCROLL_WITHIN
    + """
element.addEventListener('click', (event) => {
  const cite = event.target.closest('a.cite');
  if (cite) {
    event.preventDefault();
    const source = element.querySelector('#' + CSS.escape(cite.dataset.target));
    if (source) {
      scrollWithin(source, 'center');
      source.classList.remove('flash');
      void source.offsetWidth;
      source.classList.add('flash');
      source.focus({preventScroll: true});
    }
    return;
  }
  const vote = event.target.closest('button.vote');
  if (vote) {
    const group = vote.closest('.feedback');
    group.querySelectorAll('button.vote').forEach((b) => b.setAttribute('aria-pressed', String(b === vote)));
    group.querySelector('.vote-status').textContent = 'Thank you: noted on this computer.';
    trigger('vote', {turn: Number(vote.dataset.turn), vote: vote.dataset.vote});
  }
});
watch('value', () => {
  const turns = element.querySelectorAll('.turn');
  if (turns.length) scrollWithin(turns[turns.length - 1], 'start');
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

CSS = """
.psp-html { font-size: var(--text-md); line-height: 1.5; }
.psp-html .intro { color: var(--body-text-color-subdued); padding: .5em 0; }
.psp-html .turn { border-bottom: 1px solid var(--border-color-primary); padding: .8em 0 1em; }
.psp-html .question .who { font-size: var(--text-sm); color: var(--body-text-color-subdued); }
.psp-html .question p { font-weight: 600; font-size: 1.08em; margin: .1em 0 .4em; }
.psp-html .answer { margin: .2em 0; }
.psp-html .answer .quote { font-style: italic; }
.psp-html a.cite { font-weight: 700; text-decoration: none; color: var(--color-accent); padding: 0 .1em; }
.psp-html a.cite:hover, .psp-html a.cite:focus { text-decoration: underline; }
.psp-html .notice { font-weight: 600; margin: .2em 0; }
.psp-html .searched { font-size: var(--text-sm); color: var(--body-text-color-subdued); margin: .2em 0 .6em; }
.psp-html .sources h4 { margin: .6em 0 .3em; font-size: 1em; }
.psp-html .source { border: 1px solid var(--border-color-primary); border-radius: 6px; padding: .5em .7em;
  margin: .5em 0; scroll-margin: 4em; }
.psp-html .source.weak { opacity: .85; border-style: dashed; }
.psp-html .source.flash { outline: 3px solid var(--color-accent); outline-offset: 2px; }
.psp-html .source-head { font-size: var(--text-sm); }
.psp-html .source-head .rank { font-weight: 700; }
.psp-html .source-head .crumbs { font-weight: 600; }
.psp-html .source-head .page, .psp-html .source-head .file { color: var(--body-text-color-subdued); margin-left: .5em; }
.psp-html blockquote.passage { margin: .4em 0; padding: 0 0 0 .8em; border-left: 3px solid var(--border-color-primary);
  white-space: pre-line; font-size: .97em; }
.psp-html mark { background: #ffe98a; color: #111; padding: 0 .1em; border-radius: 2px; }
.psp-html details summary { cursor: pointer; color: var(--color-accent); font-size: var(--text-sm); }
.psp-html .ctx { white-space: pre-line; font-size: .93em; padding: .3em .6em; margin: .3em 0;
  border-left: 3px solid transparent; }
.psp-html .ctx-this { border-left-color: var(--color-accent); background: var(--background-fill-secondary); }
.psp-html .ctx-label, .psp-html .edge { font-size: var(--text-sm); color: var(--body-text-color-subdued); margin: 0; }
.psp-html .feedback { font-size: var(--text-sm); display: flex; gap: .5em; align-items: center; margin-top: .5em; }
.psp-html button.vote { border: 1px solid var(--border-color-primary); border-radius: 4px; padding: .15em .6em;
  background: var(--background-fill-primary); cursor: pointer; display: inline-flex; gap: .3em; align-items: center; }
.psp-html button.vote-down .thumb { transform: rotate(180deg); }
.psp-html button.vote[aria-pressed="true"] { background: var(--color-accent-soft); border-color: var(--color-accent); }
.psp-html .toc ul { list-style: none; margin: 0; padding-left: 1em; }
.psp-html .toc > details > ul { padding-left: 0; }
.psp-html .toc summary { font-weight: 600; color: var(--body-text-color); }
.psp-html .toc .count { font-weight: 400; color: var(--body-text-color-subdued); }
.psp-html button.toc-open { background: none; border: none; padding: .1em 0; text-align: left; cursor: pointer;
  color: var(--body-text-color); font-size: var(--text-sm); font-weight: 400; }
.psp-html button.toc-open:hover, .psp-html button.toc-open:focus { text-decoration: underline; color: var(--color-accent); }
.psp-html li.drawn > button.toc-open { font-weight: 700; color: var(--color-accent); }
.psp-html .drawn-mark { color: var(--color-accent); font-size: .8em; }
.psp-html .toc-key { font-size: var(--text-sm); color: var(--body-text-color-subdued); margin: 0 0 .4em; }
.psp-html .reader .crumbs { font-size: var(--text-sm); color: var(--body-text-color-subdued); margin: 0; }
.psp-html .reader h3 { margin: .2em 0 .4em; } .psp-html .reader h4 { margin: .8em 0 .2em; font-size: 1em; }
.psp-html .passage-text { white-space: pre-line; } .psp-html .passage-text .page { color: var(--body-text-color-subdued); }
.psp-html .upload-ok { color: var(--color-green-600, #15803d); } .psp-html .upload-error { color: var(--error-text-color, #b91c1c); }
#psp-title h1 { margin: 0; font-size: 1.5em; } #psp-title p { margin: .2em 0 0; color: var(--body-text-color-subdued); }
"""
