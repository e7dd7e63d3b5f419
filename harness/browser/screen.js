// Read what a newcomer's screen shows: visible actionable elements, visible errors, text,
// the primary actions in view and the required fields.
// Evaluated in the page by the runner; returns plain data:
//   {actions: [{role, name, disabled, box, context}], errors, notices, text, prose, primary,
//    required_fields}
// `context` is what explains an action's label: its aria-describedby text; else, inside a
// dialog, the dialog's first heading or its accessible name; else the legend of its
// fieldset; else the nearest visible heading before it in the page. Empty when none.
// `primary` names the enabled actions (buttons, links, submit inputs) whose centre is in
// the viewport and that look like a primary action: a filled background that differs
// clearly from what is behind it (some channel by 80 of 255 or more, or a gradient), or
// being their form's default submit button (the one Enter presses), or a class such as
// "primary", "btn-primary", "cta" (but not "text-primary", "outline-primary", "primary-nav").
// `required_fields` counts visible, enabled fields marked `required` or aria-required=true;
// a radio group counts once.
// A hostile page cannot make the reading unbounded: `text` and `prose` keep their first
// MAX_TEXT characters, and at most MAX_ITEMS actions, errors and notices are read.
// Called in the page with 'helpers' (by recorder.js), it reads nothing and answers its own
// naming instead, so that what a person clicks is named as the walk names it:
//   {visible, clean, roleOf, nameOf, labelOf, unnamedField, disabledOf, contextOf, selector}
(want) => {
  const MAX_TEXT = 50000, MAX_ITEMS = 1000;
  const visible = (el) => {
    if (!el || !el.isConnected) return false;
    const style = getComputedStyle(el);
    if (style.visibility === 'hidden' || style.display === 'none' || style.opacity === '0') return false;
    const r = el.getBoundingClientRect();
    return r.width > 0 && r.height > 0;
  };
  const clean = (s) => (s || '').replace(/\s+/g, ' ').trim();
  // Of a field's descriptions, the ones that look like errors (not hints), if any.
  const errorsAmong = (ids) => byIds((ids || '').split(/\s+/).filter(id => {
    const n = id && document.getElementById(id);
    return n && (/error|invalid/i.test(id + ' ' + n.className) || n.getAttribute('role') === 'alert');
  }).join(' '));
  const byIds = (ids) => clean((ids || '').split(/\s+/).map(id => {
    const n = id && document.getElementById(id); return n ? n.innerText || n.textContent : '';
  }).join(' '));
  const labelOf = (el) => {
    if (el.getAttribute('aria-label')) return clean(el.getAttribute('aria-label'));
    if (el.getAttribute('aria-labelledby')) return byIds(el.getAttribute('aria-labelledby'));
    if (el.labels && el.labels.length) return clean(el.labels[0].innerText);
    return '';
  };
  const roleOf = (el) => {
    const explicit = el.getAttribute('role');
    if (explicit) return explicit;
    const tag = el.tagName.toLowerCase();
    if (tag === 'a') return 'link';
    if (tag === 'button' || tag === 'summary') return 'button';
    if (tag === 'select') return 'combobox';
    if (tag === 'textarea') return 'textbox';
    if (tag === 'input') {
      const t = (el.getAttribute('type') || 'text').toLowerCase();
      if (['submit', 'button', 'reset', 'image'].includes(t)) return 'button';
      if (t === 'checkbox' || t === 'radio') return t;
      return 'textbox';
    }
    return tag;
  };
  const nameOf = (el) => {
    const label = labelOf(el);
    if (label) return label;
    const tag = el.tagName.toLowerCase();
    if (tag === 'input' && ['submit', 'button', 'reset'].includes((el.type || '').toLowerCase()))
      return clean(el.value);
    // A list's options and a box's "on" are not their names: unnamed, see unnamedField.
    if (tag === 'select') return '';
    if (tag === 'input' && ['checkbox', 'radio'].includes((el.type || '').toLowerCase()))
      return clean(el.getAttribute('title'));
    const text = clean(el.innerText);
    if (text) return text;
    const img = el.querySelector && el.querySelector('img[alt]');
    return clean(el.getAttribute('placeholder') || el.getAttribute('title') || (img && img.alt) || el.value);
  };
  const disabledOf = (el) => !!(el.disabled || el.getAttribute('aria-disabled') === 'true');

  // --- a field with no name, by the words nearest above it or beside it ------------------
  // As harness/browser/nearby.py reads a label no `for` ties: "(text field under “New Name”)".
  const FIELD_NOUNS = {textbox: 'text field', searchbox: 'search field', combobox: 'drop-down',
    spinbutton: 'number field', checkbox: 'checkbox', radio: 'radio button', switch: 'switch'};
  let textBlocks = null;  // read once, and only when a field has no name
  const readBlocks = () => {
    const out = new Map(), range = document.createRange();
    const walker = document.createTreeWalker(document.body || document, NodeFilter.SHOW_TEXT);
    const inline = (n) => /^inline|^contents$/.test(getComputedStyle(n).display);
    for (let node = walker.nextNode(); node; node = walker.nextNode()) {
      const parent = node.parentElement;
      if (!node.data.trim() || !parent || parent.closest(`${selector}, option`)) continue;
      range.selectNodeContents(node);
      const r = range.getBoundingClientRect();
      if (r.width <= 0 || r.height <= 0 || getComputedStyle(parent).visibility === 'hidden') continue;
      let el = parent;
      while (el.parentElement && inline(el)) el = el.parentElement;
      const b = out.get(el) || {el, parts: [], l: r.left, t: r.top, r: r.right, b: r.bottom};
      b.parts.push(node.data);
      Object.assign(b, {l: Math.min(b.l, r.left), t: Math.min(b.t, r.top),
        r: Math.max(b.r, r.right), b: Math.max(b.b, r.bottom)});
      out.set(el, b);
    }
    return [...out.values()];
  };
  const unnamedField = (el, role) => {
    if (!FIELD_NOUNS[role] || !el.matches('input, select, textarea, [contenteditable=true], [role]')) return '';
    textBlocks = textBlocks || readBlocks();
    const r = el.getBoundingClientRect(), check = role === 'checkbox' || role === 'radio' || role === 'switch';
    let best = null;
    for (const b of textBlocks) {
      if (el.contains(b.el)) continue;
      const across = b.l < r.right && b.r > r.left, level = b.t < r.bottom && b.b > r.top;
      let d = Infinity, where = '';
      if (!check && across && b.b <= r.top + 2) { d = r.top - b.b; where = 'under'; }
      else if (level && b.r <= r.left + 2) { d = r.left - b.r; where = 'beside'; }
      else if (check && level && b.l >= r.right - 2) { d = b.l - r.right; where = 'beside'; }
      if (where && d <= 120 && (!best || d < best.d)) best = {d, where, b};
    }
    const words = best && clean(best.b.parts.join('')).replace(/[\s:*]+$/, '').slice(0, 80);
    return words ? `(${FIELD_NOUNS[role]} ${best.where} “${words}”)` : '';
  };

  // --- primary actions -------------------------------------------------------------------
  // Colours go through a 1x1 canvas so that any CSS colour (oklch, color-mix, ...) comes
  // back as sRGB bytes.
  const canvas = document.createElement('canvas');
  canvas.width = canvas.height = 1;
  const ink = canvas.getContext('2d', {willReadFrequently: true});
  const rgbaCache = new Map();
  const rgba = (colour) => {
    if (!colour || colour === 'transparent') return [0, 0, 0, 0];
    if (rgbaCache.has(colour)) return rgbaCache.get(colour);
    let value = [0, 0, 0, 0];
    if (ink) {
      ink.clearRect(0, 0, 1, 1);
      ink.fillStyle = colour;
      ink.fillRect(0, 0, 1, 1);
      const d = ink.getImageData(0, 0, 1, 1).data;
      value = [d[0], d[1], d[2], d[3] / 255];
    }
    rgbaCache.set(colour, value);
    return value;
  };
  const backdropOf = (el) => {
    for (let n = el.parentElement; n; n = n.parentElement) {
      const c = rgba(getComputedStyle(n).backgroundColor);
      if (c[3] >= 0.5) return c;
    }
    return [255, 255, 255, 1];
  };
  const filled = (el, style) => {
    const c = rgba(style.backgroundColor);
    if (c[3] < 0.5) return /gradient\(/.test(style.backgroundImage);
    const b = backdropOf(el);
    return Math.max(Math.abs(c[0] - b[0]), Math.abs(c[1] - b[1]), Math.abs(c[2] - b[2])) >= 80;
  };
  const primaryClass = (el) => Array.from(el.classList || []).some((token) => {
    const t = token.toLowerCase();
    if (/^(text|link|border|outline)[-_]|outline|nav|menu/.test(t)) return false;
    return /(^|[-_])(primary|cta)([-_]|$)/.test(t);
  });
  const defaultSubmit = (el) => {
    const form = el.form;
    if (!form || (el.type || '').toLowerCase() !== 'submit') return false;
    for (const candidate of form.elements)
      if ((candidate.type || '').toLowerCase() === 'submit' || (candidate.type || '').toLowerCase() === 'image')
        return candidate === el;
    return false;
  };
  const inViewport = (r) => {
    const x = r.x + r.width / 2, y = r.y + r.height / 2;
    return x >= 0 && y >= 0 && x < innerWidth && y < innerHeight;
  };
  const isPrimary = (el, role, r) => {
    if (!['button', 'link'].includes(role) || disabledOf(el) || !inViewport(r)) return false;
    const tag = el.tagName.toLowerCase();
    const type = (el.getAttribute('type') || '').toLowerCase();
    if (tag === 'input' && !['submit', 'button', 'image'].includes(type)) return false;
    return defaultSubmit(el) || primaryClass(el) || filled(el, getComputedStyle(el));
  };

  // --- what explains a label --------------------------------------------------------------
  const dialogSel = 'dialog, [role=dialog], [role=alertdialog]';
  const headingSel = 'h1, h2, h3, h4, h5, h6, [role=heading]';
  // The question just before an action ("Keep me posted? [Yes] [No]"): the text before it,
  // in its parent or up to three levels above, past other actions, when it ends with "?".
  const answerSel = 'a[href], button, input, select, textarea, summary, [role=button], ' +
    '[role=link], [role=radio], [role=checkbox], [role=switch]';
  const onlyActions = (el) => el.matches(answerSel) || clean(el.innerText) ===
    clean(Array.from(el.querySelectorAll(answerSel)).map(a => a.innerText || a.value || '').join(' '));
  const questionBefore = (el) => {
    let node = el;
    for (let depth = 0; node && node !== document.body && depth < 4; depth++) {
      for (let sib = node.previousSibling; sib; sib = sib.previousSibling) {
        let t = '';
        if (sib.nodeType === Node.TEXT_NODE) t = clean(sib.data);
        else if (sib.nodeType === Node.ELEMENT_NODE && visible(sib) && !onlyActions(sib)) t = clean(sib.innerText);
        if (!t) continue;
        return t.endsWith('?') ? t.split(/(?<=[.!])\s+/).pop() : '';
      }
      node = node.parentElement;
    }
    return '';
  };
  const contextOf = (el, lastHeading) => {
    const described = byIds(el.getAttribute('aria-describedby'));
    if (described) return described;
    const dialog = el.closest(dialogSel);
    if (dialog) {
      const heading = Array.from(dialog.querySelectorAll(headingSel)).find(visible);
      return heading ? clean(heading.innerText) : labelOf(dialog);
    }
    const fieldset = el.closest('fieldset');
    const legend = fieldset && fieldset.querySelector('legend');
    if (legend && clean(legend.innerText)) return clean(legend.innerText);
    return lastHeading ? clean(lastHeading.innerText) : questionBefore(el);
  };

  const selector = 'a[href], button, input:not([type=hidden]), select, textarea, summary, ' +
    '[role=button], [role=link], [role=tab], [role=menuitem], [role=checkbox], [role=radio], ' +
    '[role=switch], [role=option], [contenteditable=true]';
  if (want === 'helpers')
    return {visible, clean, roleOf, nameOf, labelOf, unnamedField, disabledOf, contextOf, selector};
  const actions = [];
  const primary = [];
  let lastHeading = null;
  // One pass in document order, so each action knows the last heading before it.
  for (const el of document.querySelectorAll(`${selector}, ${headingSel}`)) {
    if (actions.length >= MAX_ITEMS) break;
    if (!visible(el)) continue;
    if (el.matches(headingSel) && !el.matches(selector)) { lastHeading = el; continue; }
    const r = el.getBoundingClientRect();
    const role = roleOf(el), name = nameOf(el) || unnamedField(el, role);
    let context = contextOf(el, lastHeading);
    if (context.toLowerCase() === name.toLowerCase()) context = '';
    actions.push({
      role, name, disabled: disabledOf(el),
      box: {x: r.x + scrollX, y: r.y + scrollY, width: r.width, height: r.height},
      context: context.slice(0, 200),
    });
    if (isPrimary(el, role, r)) primary.push(name);
  }

  const radioGroups = new Set();
  let required_fields = 0;
  for (const el of document.querySelectorAll('[required], [aria-required=true]')) {
    if (!visible(el) || disabledOf(el)) continue;
    if ((el.type || '').toLowerCase() === 'radio' && el.name) {
      const key = `${el.form ? Array.from(document.forms).indexOf(el.form) : -1}/${el.name}`;
      if (radioGroups.has(key)) continue;
      radioGroups.add(key);
    }
    required_fields += 1;
  }

  // --- errors and notices ------------------------------------------------------------------
  // An error is a field marked invalid (with its message), or an alert tied to a form: inside
  // one, named by a field's aria-errormessage / aria-describedby, or classed as an error.
  // Every other live region, status or toast is a notice ("Would you like to get notified?").
  // The words of a notice may still read as an error; the analysis judges that (dead_ends.py).
  const errors = [];
  const notices = [];
  const fieldMessages = new Set();
  for (const el of document.querySelectorAll('[aria-errormessage], [aria-describedby]'))
    for (const id of ((el.getAttribute('aria-errormessage') || '') + ' ' +
                      (el.getAttribute('aria-describedby') || '')).split(/\s+/))
      if (id && el.matches('input, select, textarea, [role=textbox], [role=combobox]')) fieldMessages.add(id);
  const ariaLive = '[role=alert], [role=status], [role=log], [aria-live=assertive], [aria-live=polite]';
  // Toasts by their library's marks; a class only when it is a toast's own ("toast",
  // "Toastify__toast", "snackbar"), and never a long text (a page wrapper "has-toasts").
  const toastSel = '[data-sonner-toast], [class*=toast i], [class*=snackbar i]';
  const liveSel = `${ariaLive}, ${toastSel}`;
  const TOAST_MAX = 300;
  const looksLikeError = (el) => {
    const alerting = el.matches('[role=alert], [aria-live=assertive]');
    if (alerting && (el.closest('form') || (el.id && fieldMessages.has(el.id)))) return true;
    const marks = `${el.id} ${typeof el.className === 'string' ? el.className : ''}`;
    return /error|invalid|danger/i.test(marks);
  };
  const live = (el) => {
    if (el.matches('[aria-live=off], body, html, main') || !visible(el)) return false;
    if (el.matches(ariaLive) || el.matches('[data-sonner-toast]')) return true;
    const own = typeof el.className === 'string' ? el.className : '';
    return /(^|[\s_-])(toast|snackbar)(\s|$|[_-])/i.test(own) && clean(el.innerText).length <= TOAST_MAX;
  };
  for (const el of document.querySelectorAll(liveSel)) {
    if (!live(el)) continue;
    let outer = el.parentElement && el.parentElement.closest(liveSel);
    while (outer && !live(outer)) outer = outer.parentElement && outer.parentElement.closest(liveSel);
    if (outer && clean(outer.innerText)) continue;  // read with the outer one
    const t = clean(el.innerText);
    if (!t) continue;
    const error = looksLikeError(el) ||
      Array.from(el.querySelectorAll(liveSel)).some(inner => live(inner) && looksLikeError(inner));
    if (error) errors.push(t);
    else notices.push(t.length > TOAST_MAX ? `${t.slice(0, TOAST_MAX - 1)}…` : t);  // a chat log
  }
  for (const el of document.querySelectorAll('[aria-invalid=true]')) {
    if (!visible(el)) continue;
    const msg = byIds(el.getAttribute('aria-errormessage')) ||
      errorsAmong(el.getAttribute('aria-describedby')) ||
      byIds(el.getAttribute('aria-describedby')) || el.validationMessage || '';
    const name = labelOf(el) || clean(el.getAttribute('name'));
    errors.push(msg ? (name ? `${name}: ${msg}` : msg) : `${name || 'A field'} is marked invalid`);
  }
  // --- text as the newcomer reads it -------------------------------------------------------
  // The body's innerText, corrected where it differs from what the newcomer reads: the
  // options of a closed <select> are left out (innerText lists them all; one shows), and text
  // whose case CSS transforms reads as written ("Open tabs", not "OPEN TABS"). `prose` also
  // leaves out what is looked up rather than read: tables, grids, code (pre, code, kbd, samp,
  // code editors). Each correction is found in innerText in document order.
  const lookedUpSel = 'table, [role=table], [role=grid], [role=treegrid], pre, code, kbd, samp, ' +
    '.cm-editor, .CodeMirror, .monaco-editor, .ace_editor';
  const readText = () => {
    if (!document.body) return {text: '', prose: ''};
    const raw = document.body.innerText;
    const edits = [];
    const letter = /\p{L}/u;
    const find = (needle, from, whole) => {
      for (let at = raw.indexOf(needle, from); at >= 0; at = raw.indexOf(needle, at + 1))
        if (!whole || (!letter.test(raw[at - 1] || '') && !letter.test(raw[at + needle.length] || '')))
          return at;
      return -1;
    };
    const cut = (els, replacement, proseOnly) => {
      let cursor = 0;
      for (const el of els) {
        if (!visible(el) || el.parentElement.closest(els.selector)) continue;
        const block = el.innerText.replace(/^\n+|\n+$/g, '');
        const at = block ? find(block, cursor, false) : -1;
        if (at < 0) continue;
        edits.push({start: at, end: at + block.length, put: replacement(el), proseOnly});
        cursor = at + block.length;
      }
    };
    const closedSelects = Array.from(document.querySelectorAll('select'))
      .filter(el => !el.multiple && !(el.size > 1));
    closedSelects.selector = 'select';
    cut(closedSelects, el => (el.selectedOptions[0] ? el.selectedOptions[0].text : ''), false);
    const looked = Array.from(document.querySelectorAll(lookedUpSel));
    looked.selector = lookedUpSel;
    cut(looked, () => '', true);
    // Case as written, word by word, in text nodes whose element transforms it.
    const transforms = {
      uppercase: w => w.toUpperCase(), lowercase: w => w.toLowerCase(),
      capitalize: w => w.replace(/^\P{L}*\p{L}/u, c => c.toUpperCase()),
    };
    const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
    let cursor = 0;
    for (let node = walker.nextNode(); node; node = walker.nextNode()) {
      const parent = node.parentElement;
      if (!parent || !/\p{L}/u.test(node.data)) continue;
      const transform = transforms[getComputedStyle(parent).textTransform];
      if (!transform || !visible(parent)) continue;
      for (const word of node.data.split(/\s+/)) {
        const shown = transform(word);
        if (!word || shown === word) continue;
        const at = find(shown, cursor, true);
        if (at < 0) continue;
        edits.push({start: at, end: at + shown.length, put: word, proseOnly: false});
        cursor = at + shown.length;
      }
    }
    edits.sort((a, b) => a.start - b.start || (b.end - b.start) - (a.end - a.start));
    const apply = (prose) => {
      let out = '', at = 0;
      for (const e of edits) {
        if ((e.proseOnly && !prose) || e.start < at) continue;
        out += raw.slice(at, e.start) + e.put;
        at = e.end;
      }
      return out + raw.slice(at);
    };
    return {text: apply(false), prose: apply(true)};
  };
  const {text, prose} = readText();

  const few = (list) => [...new Set(list)].slice(0, MAX_ITEMS);
  return {
    actions, errors: few(errors), notices: few(notices).filter(n => !errors.includes(n)),
    text: text.slice(0, MAX_TEXT), prose: prose.slice(0, MAX_TEXT),
    primary, required_fields,
  };
}
