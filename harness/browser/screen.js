// Read what a newcomer's screen shows: visible actionable elements, visible errors, text,
// the primary actions in view and the required fields.
// Evaluated in the page by the runner; returns plain data:
//   {actions: [{role, name, disabled, box, context}], errors, text, primary, required_fields}
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
() => {
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
    return lastHeading ? clean(lastHeading.innerText) : '';
  };

  const selector = 'a[href], button, input:not([type=hidden]), select, textarea, summary, ' +
    '[role=button], [role=link], [role=tab], [role=menuitem], [role=checkbox], [role=radio], ' +
    '[role=switch], [role=option], [contenteditable=true]';
  const actions = [];
  const primary = [];
  let lastHeading = null;
  // One pass in document order, so each action knows the last heading before it.
  for (const el of document.querySelectorAll(`${selector}, ${headingSel}`)) {
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

  const errors = [];
  for (const el of document.querySelectorAll('[role=alert], [aria-live=assertive]')) {
    const t = clean(el.innerText); if (visible(el) && t) errors.push(t);
  }
  for (const el of document.querySelectorAll('[aria-invalid=true]')) {
    if (!visible(el)) continue;
    const msg = byIds(el.getAttribute('aria-errormessage')) ||
      errorsAmong(el.getAttribute('aria-describedby')) ||
      byIds(el.getAttribute('aria-describedby')) || el.validationMessage || '';
    const name = labelOf(el) || clean(el.getAttribute('name'));
    errors.push(msg ? (name ? `${name}: ${msg}` : msg) : `${name || 'A field'} is marked invalid`);
  }
  return {
    actions, errors: [...new Set(errors)], text: document.body ? document.body.innerText : '',
    primary, required_fields,
  };
}
