// The recorder: what a person does in a page shoshin opened, told to shoshin as it happens.
// Installed by harness/browser/recording.py as an init script on a browser context (every
// document of every page, top frame only), with screen.js inlined as READ_SCREEN so that
// what is clicked is named as the walk names it (role and accessible name; a field by its
// label; else visible text). Each event goes to the binding OPTIONS.binding as one object,
// with the page's `url` when it happened:
//   {kind: 'click', seq, x, y, page_x, page_y, viewport: {width, height}, target}
//   {kind: 'settled', click, mutations, requests, navigating, scrolled}   settle_ms after a click
//   {kind: 'input', field, value?}       a text field changed (value only when OPTIONS.values)
//   {kind: 'check', field, checked}      a checkbox, radio button or switch changed
//   {kind: 'select', field, option, value?}   a drop-down's choice (value only with values)
//   {kind: 'press', key, field}          Enter, Escape, Tab or a chord (never a typed letter)
//   {kind: 'activity'}                   a key, the wheel, a pointer pressed (at most twice a second)
//   {kind: 'errors', errors}             the screen's errors (screen.js), each time they change
//   {kind: 'document', title, same_document, entry: {index, key} | null}
//                                        a document is ready, or the URL changed in it
// target: {role, name, text, label, css, same_name_count, interactive, disabled}
//   role/name: the control hit (null on plain text); label: a field's label; text: the words
//   of what was hit (never a field's content); css: a selector only this element answers;
//   same_name_count: how many visible controls answer to the same role and name.
// What a person types never leaves the page unless OPTIONS.values: not as a name, not as
// text, not inside an error message (the browser's own messages quote the value).
(() => {
  if (window.top !== window || window.__shoshinRecorder) return;
  window.__shoshinRecorder = true;
  const OPTIONS = __OPTIONS__;
  const READ_SCREEN = (__SCREEN__);
  const send = (event) => {
    // `at`: when it happened, on the page's clock (what it is told with may come later).
    try { window[OPTIONS.binding]({...event, url: location.href, at: Date.now()}); } catch (e) { /* closing */ }
  };
  const FIELD_ROLES = new Set(['textbox', 'searchbox', 'combobox', 'spinbutton', 'checkbox',
    'radio', 'switch', 'slider', 'listbox']);
  const EDITABLE = 'input, textarea, select, [contenteditable=""], [contenteditable=true]';

  // --- what the person typed stays in the page ------------------------------------------
  const typedValues = () => {
    const out = [];
    for (const el of document.querySelectorAll(EDITABLE)) {
      const v = el.isContentEditable ? el.innerText : el.value;
      const type = (el.getAttribute('type') || '').toLowerCase();
      if (el.tagName === 'SELECT' || ['checkbox', 'radio', 'submit', 'button', 'reset',
        'hidden', 'image'].includes(type)) continue;
      for (const part of [v, ...(v || '').split(/\s+/)])
        if (part && part.trim().length >= 3) out.push(part.trim());
    }
    return out.sort((a, b) => b.length - a.length);
  };
  const scrub = (text) => {
    if (OPTIONS.values || !text) return text;
    let out = text;
    for (const v of typedValues()) out = out.split(v).join('•••');
    return out;
  };

  // --- naming what was hit ---------------------------------------------------------------
  const cssOf = (el) => {
    const esc = (s) => CSS.escape(s);
    if (el.id && document.querySelectorAll(`#${esc(el.id)}`).length === 1) return `#${esc(el.id)}`;
    const parts = [];
    for (let n = el; n && n.nodeType === 1 && n !== document.documentElement; n = n.parentElement) {
      if (n !== el && n.id && document.querySelectorAll(`#${esc(n.id)}`).length === 1) {
        parts.unshift(`#${esc(n.id)}`);
        break;
      }
      const tag = n.tagName.toLowerCase();
      const same = n.parentElement ? [...n.parentElement.children].filter(c => c.tagName === n.tagName) : [n];
      parts.unshift(same.length > 1 ? `${tag}:nth-of-type(${same.indexOf(n) + 1})` : tag);
    }
    return parts.join(' > ');
  };
  const isField = (el, h) => el.matches(EDITABLE) || FIELD_ROLES.has(h.roleOf(el)) || el.isContentEditable;
  // A label wrapped around its field reads without the field's own words (a list's options).
  const ownLabel = (el, h) => {
    const label = el.labels && el.labels[0];
    if (!label || !label.contains(el) || el.getAttribute('aria-label') || el.getAttribute('aria-labelledby'))
      return h.labelOf(el);
    const copy = label.cloneNode(true);
    for (const inner of copy.querySelectorAll('input, select, textarea, [contenteditable]')) inner.remove();
    return h.clean(copy.textContent);
  };
  const fieldLabel = (el, h) => {
    const role = h.roleOf(el);
    const near = h.unnamedField(el, role).match(/“(.*)”\)$/);
    return ownLabel(el, h) || h.clean(el.getAttribute('placeholder') || el.getAttribute('title')) ||
      (near ? near[1] : '') || '';
  };
  const nameFor = (el, h) => (isField(el, h) ? fieldLabel(el, h) : h.nameOf(el));
  const sameNameCount = (el, role, name, h) => {
    let count = 0;
    for (const other of document.querySelectorAll(h.selector))
      if (h.visible(other) && h.roleOf(other) === role && nameFor(other, h) === name) count += 1;
    return count;
  };
  const ownText = (el, h) => h.clean(el.innerText || el.textContent).slice(0, 120);
  const describe = (hit, h) => {
    if (!hit || hit.nodeType !== 1) return null;
    let control = hit.closest(h.selector);
    const label = hit.closest('label');
    if (!control && label && label.control) control = label.control;
    if (control) {
      const role = h.roleOf(control), field = isField(control, h);
      const name = scrub(nameFor(control, h)) || null;
      return {
        role, name,
        text: field ? null : scrub(ownText(control, h)) || null,
        label: field ? scrub(fieldLabel(control, h)) || null : null,
        css: cssOf(control),
        same_name_count: sameNameCount(control, role, nameFor(control, h), h),
        interactive: true,
        disabled: h.disabledOf(control),
        field,
      };
    }
    const pointer = getComputedStyle(hit).cursor === 'pointer' || !!hit.closest('[onclick]');
    return {
      role: null, name: null, text: scrub(ownText(hit, h)) || null, label: null, css: cssOf(hit),
      same_name_count: 0, interactive: pointer, disabled: false, field: false,
    };
  };

  // --- the product changing after a click --------------------------------------------------
  let mutations = 0;
  new MutationObserver((records) => { mutations += records.length; errorsSoon(); })
    .observe(document, {subtree: true, childList: true, attributes: true, characterData: true});

  // Requests the page starts (a fetch, an XHR, or any resource it loads).
  let requests = 0;
  const counted = (f) => function (...args) { requests += 1; return f.apply(this, args); };
  if (window.fetch) window.fetch = counted(window.fetch);
  XMLHttpRequest.prototype.send = counted(XMLHttpRequest.prototype.send);
  const loadedSince = (ms) => performance.getEntriesByType('resource').some(r => r.startTime >= ms);
  // A form sent or a page being left: its answer may take a while (a slow POST), and until
  // it comes the page stays as it was; that is not a click that did nothing.
  let leaving = 0;
  addEventListener('submit', () => { leaving += 1; }, true);
  addEventListener('beforeunload', () => { leaving += 1; }, true);

  let lastActivity = 0;
  const activity = () => {
    const now = Date.now();
    if (now - lastActivity < 500) return;
    lastActivity = now;
    send({kind: 'activity'});
  };

  // --- clicks --------------------------------------------------------------------------------
  let seq = 0, lastUp = null;  // lastUp: the last pointer release, and whether a click answered it
  const click = (e) => {
    const h = READ_SCREEN('helpers');
    const target = describe(e.target, h);
    seq += 1;
    send({
      kind: 'click', seq, x: Math.round(e.clientX), y: Math.round(e.clientY),
      page_x: Math.round(e.pageX), page_y: Math.round(e.pageY),
      viewport: {width: innerWidth, height: innerHeight}, target,
    });
    const before = mutations, asked = requests, left = leaving, scroll = [scrollX, scrollY];
    const click = seq;
    const at = performance.now();
    setTimeout(() => send({
      kind: 'settled', click, mutations: mutations - before,
      requests: requests - asked + (loadedSince(at) ? 1 : 0), navigating: leaving !== left,
      scrolled: scrollX !== scroll[0] || scrollY !== scroll[1],
    }), OPTIONS.settle_ms);
  };
  // A label hands its click on to its field as a second click of the same moment and place:
  // one click, told once.
  let last = null;
  addEventListener('click', (e) => {
    if (!e.isTrusted) return;
    if (lastUp) lastUp.answered = true;
    const same = last && last.timeStamp === e.timeStamp && last.clientX === e.clientX &&
      last.clientY === e.clientY;
    last = e;
    if (same) return;
    activity();
    click(e);
  }, true);
  // A disabled control gets no click, only the pointer's events: told as a click all the same.
  addEventListener('pointerup', (e) => {
    if (!e.isTrusted || e.button !== 0) return;
    const up = lastUp = {answered: false};
    setTimeout(() => { if (!up.answered) click(e); }, 0);
  }, true);
  // Not 'scroll': a page scrolls itself too.
  for (const type of ['keydown', 'wheel', 'pointerdown', 'input'])
    addEventListener(type, (e) => { if (e.isTrusted) activity(); }, {capture: true, passive: true});

  // --- fields -------------------------------------------------------------------------------
  const dirty = new Set();
  // Fields changed by a script on the person's behalf (a picker, autofill) count as theirs.
  addEventListener('input', (e) => { if (e.target.nodeType === 1) dirty.add(e.target); }, true);
  const fieldOf = (el) => {
    const h = READ_SCREEN('helpers');
    const d = describe(el, h);
    return d && {role: d.role, name: d.name, text: null, label: d.label, css: d.css,
      same_name_count: d.same_name_count, interactive: true, disabled: d.disabled, field: true};
  };
  const changed = (el) => {
    if (el.tagName === 'SELECT') {
      const option = el.selectedOptions[0];
      const event = {kind: 'select', field: fieldOf(el), option: option ? option.label || option.text : null};
      if (OPTIONS.values) event.value = el.value;
      send(event);
      return;
    }
    const type = (el.getAttribute('type') || '').toLowerCase();
    if (type === 'checkbox' || type === 'radio') {
      send({kind: 'check', field: fieldOf(el), checked: el.checked});
      return;
    }
    if (!dirty.has(el)) return;
    dirty.delete(el);
    const event = {kind: 'input', field: fieldOf(el)};
    if (OPTIONS.values) event.value = el.isContentEditable ? el.innerText : el.value;
    send(event);
  };
  addEventListener('change', (e) => { if (e.target.nodeType === 1) changed(e.target); }, true);
  addEventListener('focusout', (e) => {
    const el = e.target;
    if (el && el.nodeType === 1 && el.isContentEditable && dirty.has(el)) changed(el);
  }, true);
  const KEYS = new Set(['Enter', 'Escape', 'Tab']);
  addEventListener('keydown', (e) => {
    if (!e.isTrusted || ['Control', 'Shift', 'Alt', 'Meta'].includes(e.key)) return;
    const chord = e.ctrlKey || e.metaKey || e.altKey;
    if (!chord && !KEYS.has(e.key)) return;
    const el = document.activeElement;
    if (el && el.nodeType === 1 && dirty.has(el) && e.key === 'Enter') changed(el);
    const mods = [e.ctrlKey && 'Control', e.altKey && 'Alt', e.metaKey && 'Meta',
      e.shiftKey && 'Shift'].filter(Boolean);
    const key = e.key.length === 1 ? e.key.toUpperCase() : e.key;
    send({kind: 'press', key: [...mods, key].join('+'),
      field: el && el !== document.body ? fieldOf(el) : null});
  }, true);

  // --- errors on screen, as the walk reads them ---------------------------------------------
  let shownErrors = '[]', errorTimer = null;
  const readErrors = () => {
    errorTimer = null;
    let errors = [];
    try { errors = READ_SCREEN().errors.map(scrub); } catch (e) { return; }
    const key = JSON.stringify(errors);
    if (key === shownErrors) return;
    shownErrors = key;
    send({kind: 'errors', errors});
  };
  function errorsSoon() {
    if (errorTimer === null && document.body) errorTimer = setTimeout(readErrors, OPTIONS.errors_ms);
  }

  // --- documents and in-page navigations ------------------------------------------------------
  // Which entry of the tab's history this is (the Navigation API, where there is one): how
  // the person came here (Back, Forward, Reload) is told by the entry, not by a race.
  const entry = () => {
    const current = window.navigation && navigation.currentEntry;
    return current ? {index: current.index, key: current.key} : null;
  };
  const ready = (same) => send({kind: 'document', title: document.title, same_document: same,
    entry: entry()});
  if (document.readyState === 'loading')
    document.addEventListener('DOMContentLoaded', () => { ready(false); errorsSoon(); });
  else { ready(false); errorsSoon(); }
  // A page brought back from the back-forward cache keeps its scripts: told as a new document.
  addEventListener('pageshow', (e) => { if (e.persisted) ready(false); });
  let lastUrl = location.href;
  const urlMayHaveChanged = () => setTimeout(() => {
    if (location.href === lastUrl) return;
    lastUrl = location.href;
    ready(true);
  }, 0);
  for (const name of ['pushState', 'replaceState']) {
    const original = history[name];
    history[name] = function (...args) {
      const result = original.apply(this, args);
      urlMayHaveChanged();
      return result;
    };
  }
  addEventListener('popstate', urlMayHaveChanged);
  addEventListener('hashchange', urlMayHaveChanged);
})();
