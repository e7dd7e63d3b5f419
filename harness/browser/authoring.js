// `shoshin record`: what the author marks in the page, beside the recorder (recorder.js).
// Installed by harness/watch/author.py as an init script on the author's browser context
// (top frame only), with a binding named in OPTIONS.binding. Each mark is one object:
//   {kind: 'expect', text}     text the author selected: "this is what I expected"
//                              (sent once the selection settles, or at the next press of
//                              the pointer, so it comes before the click that follows it)
//   {kind: 'heading', text}    OPTIONS.key (Alt+Shift+E): the page's main heading
//   {kind: 'title', text}      the same key on a page with no heading: its title
//   {kind: 'place', role, name, near}   the control about to be clicked shares its role and
//                              name with others: `near` are words that tell it apart
//   {kind: 'secret', field, value}   a password field's value (field: its number in this
//                              document) as it is typed, before the recorder tells the
//                              field changed: shoshin writes a variable, never the text
// A short note in the page's corner shows each mark; it takes no clicks and no selection.
(() => {
  if (window.top !== window || window.__shoshinAuthoring) return;
  window.__shoshinAuthoring = true;
  const OPTIONS = __OPTIONS__;
  const send = (event) => {
    try { window[OPTIONS.binding](event); } catch (e) { /* the page closes */ }
  };
  const clean = (text) => (text || '').replace(/[ \t\u00a0]+/g, ' ').trim();

  // --- the note in the corner ---------------------------------------------------------------
  let note = null, noteTimer = null;
  const show = (text) => {
    if (!document.body) return;
    if (!note) {
      const host = document.createElement('shoshin-author-note');
      host.style.cssText = 'position:fixed;right:12px;bottom:12px;z-index:2147483647;' +
        'pointer-events:none;user-select:none;';
      const root = host.attachShadow({mode: 'closed'});
      note = document.createElement('div');
      note.style.cssText = 'font:13px/1.4 system-ui,sans-serif;background:#1b1b1f;color:#fff;' +
        'padding:6px 10px;border-radius:6px;max-width:420px;box-shadow:0 2px 8px #0006;';
      root.appendChild(note);
      note.host_ = host;
    }
    if (!note.host_.isConnected) document.body.appendChild(note.host_);
    note.textContent = text;
    clearTimeout(noteTimer);
    noteTimer = setTimeout(() => note.host_.remove(), 1800);
  };
  const short = (text) => (text.length > 80 ? `${text.slice(0, 79)}…` : text);

  // --- selected text: "this is what I expected" ----------------------------------------------
  let pending = null, timer = null, changed = false;
  const flush = () => {
    clearTimeout(timer);
    timer = null;
    if (pending === null) return;
    const text = pending;
    pending = null;
    send({kind: 'expect', text});
    show(`Expected: “${short(clean(text.split('\n')[0]))}”${text.includes('\n') ? ' …' : ''}`);
  };
  const selectionText = () => {
    const selection = window.getSelection();
    return selection && !selection.isCollapsed ? selection.toString() : '';
  };
  // A selection that changed and then rests is a mark; one the author only passes by (the
  // first click of a triple-click) is replaced before it rests.
  const settleSoon = () => {
    if (!changed) return;
    const text = selectionText();
    if (!text.trim()) return;
    changed = false;
    pending = text;
    clearTimeout(timer);
    timer = setTimeout(flush, OPTIONS.settle_ms);
  };
  document.addEventListener('selectionchange', () => { changed = true; });
  addEventListener('pointerdown', (e) => { if (e.detail <= 1) flush(); }, true);
  addEventListener('mouseup', () => setTimeout(settleSoon, 0), true);
  addEventListener('keyup', (e) => { if (e.shiftKey || e.ctrlKey || e.metaKey) settleSoon(); }, true);

  // --- the key: the page's main heading -------------------------------------------------------
  const visible = (el) => {
    if (!el.getClientRects().length) return false;
    const style = getComputedStyle(el);
    return style.visibility !== 'hidden' && style.display !== 'none' && style.opacity !== '0';
  };
  const mainHeading = () => {
    const tries = ['main h1', 'h1', '[role=heading][aria-level="1"]', 'main h2', 'h2'];
    for (const selector of tries)
      for (const el of document.querySelectorAll(selector))
        if (visible(el) && clean(el.innerText)) return clean(el.innerText);
    return '';
  };
  const [modifiers, code] = [OPTIONS.key.split('+').slice(0, -1), OPTIONS.key.split('+').pop()];
  const isKey = (e) => e.code === `Key${code.toUpperCase()}` &&
    e.altKey === modifiers.includes('Alt') && e.shiftKey === modifiers.includes('Shift') &&
    e.ctrlKey === modifiers.includes('Control') && e.metaKey === modifiers.includes('Meta');
  addEventListener('keydown', (e) => {
    if (!e.isTrusted || !isKey(e)) return;
    e.preventDefault();
    e.stopImmediatePropagation();
    const active = document.activeElement;
    if (active && active !== document.body && active.blur) active.blur();  // its value first
    flush();
    const heading = mainHeading();
    if (heading) {
      send({kind: 'heading', text: heading});
      show(`Expected the heading: “${short(heading)}”`);
    } else {
      send({kind: 'title', text: clean(document.title)});
      show(`No heading here; expected the title: “${short(clean(document.title))}”`);
    }
  }, true);

  // --- the same name twice: which one, in a newcomer's words -----------------------------------
  // When the control about to be clicked shares its role and name with other visible ones,
  // the words nearest to it that are nearer to it than to any of the others (as
  // harness/browser/nearby.py measures `near:`) are sent before the recorder tells the click.
  const READ_SCREEN = (__SCREEN__);
  const NEARBY = (() => {
    __NEARBY__
    return {blocks, gap, said, clean};
  })();
  const fold = (text) => NEARBY.clean(NEARBY.said(text)).toLowerCase();
  const nearWords = (control, same) => {
    const boxes = same.map((el) => el.getBoundingClientRect());
    const mine = boxes[same.indexOf(control)];
    const all = NEARBY.blocks().filter((b) => !b.interactive && b.text &&
      b.text.length <= 80 && !same.some((el) => el.contains(b.el)));
    const tries = all.map((b) => [NEARBY.gap(b, mine), b]).sort((x, y) => x[0] - y[0]);
    for (const [, b] of tries.slice(0, 20)) {
      const anchors = all.filter((a) => fold(a.text) === fold(b.text));
      const dist = boxes.map((r) => Math.min(...anchors.map((a) => NEARBY.gap(a, r))));
      const ours = dist[same.indexOf(control)];
      if (dist.every((d, i) => same[i] === control || d - ours >= 1)) return NEARBY.said(b.text);
    }
    return null;
  };
  addEventListener('pointerdown', (e) => {
    if (!e.isTrusted || e.button !== 0 || !(e.target instanceof Element)) return;
    try {
      const h = READ_SCREEN('helpers');
      const control = e.target.closest(h.selector);
      if (!control || control.matches('input, select, textarea')) return;
      const role = h.roleOf(control), name = h.nameOf(control);
      const same = [...document.querySelectorAll(h.selector)].filter((el) =>
        h.visible(el) && h.roleOf(el) === role && h.nameOf(el) === name);
      if (same.length < 2) return;
      const near = nearWords(control, same);
      if (near) send({kind: 'place', role, name, near});
    } catch (err) { /* a page that breaks the reading: the recorder's CSS stands */ }
  }, true);

  // --- passwords: known as such, never written -----------------------------------------------
  const secretFields = new WeakSet();
  const isSecret = (el) => {
    if (secretFields.has(el)) return true;  // a "show password" button makes it type=text
    const type = (el.getAttribute('type') || '').toLowerCase();
    const complete = (el.getAttribute('autocomplete') || '').toLowerCase();
    if (type === 'password' || complete.includes('password') || complete === 'one-time-code') {
      secretFields.add(el);
      return true;
    }
    return false;
  };
  const ids = new WeakMap();
  let lastId = 0;
  addEventListener('input', (e) => {
    const el = e.target;
    if (!el || el.nodeType !== 1 || el.tagName !== 'INPUT' || !isSecret(el)) return;
    if (!ids.has(el)) ids.set(el, ++lastId);
    send({kind: 'secret', field: ids.get(el), value: el.value});
  }, true);
})();
