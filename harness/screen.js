// Read what a newcomer's screen shows: visible actionable elements, visible errors, text.
// Evaluated in the page by the runner; returns plain data.
() => {
  const visible = (el) => {
    if (!el || !el.isConnected) return false;
    const style = getComputedStyle(el);
    if (style.visibility === 'hidden' || style.display === 'none' || style.opacity === '0') return false;
    const r = el.getBoundingClientRect();
    return r.width > 0 && r.height > 0;
  };
  const clean = (s) => (s || '').replace(/\s+/g, ' ').trim();
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
    const text = clean(el.innerText);
    if (text) return text;
    const img = el.querySelector && el.querySelector('img[alt]');
    return clean(el.getAttribute('placeholder') || el.getAttribute('title') || (img && img.alt) || el.value);
  };
  const selector = 'a[href], button, input:not([type=hidden]), select, textarea, summary, ' +
    '[role=button], [role=link], [role=tab], [role=menuitem], [role=checkbox], [role=radio], ' +
    '[role=switch], [role=option], [contenteditable=true]';
  const actions = [];
  for (const el of document.querySelectorAll(selector)) {
    if (!visible(el)) continue;
    const r = el.getBoundingClientRect();
    actions.push({
      role: roleOf(el), name: nameOf(el),
      disabled: !!(el.disabled || el.getAttribute('aria-disabled') === 'true'),
      box: {x: r.x + scrollX, y: r.y + scrollY, width: r.width, height: r.height},
    });
  }
  const errors = [];
  for (const el of document.querySelectorAll('[role=alert], [aria-live=assertive]')) {
    const t = clean(el.innerText); if (visible(el) && t) errors.push(t);
  }
  for (const el of document.querySelectorAll('[aria-invalid=true]')) {
    if (!visible(el)) continue;
    const msg = byIds(el.getAttribute('aria-errormessage')) ||
      byIds(el.getAttribute('aria-describedby')) || el.validationMessage || '';
    const name = labelOf(el) || clean(el.getAttribute('name'));
    errors.push(msg ? (name ? `${name}: ${msg}` : msg) : `${name || 'A field'} is marked invalid`);
  }
  return {actions, errors: [...new Set(errors)], text: document.body ? document.body.innerText : ''};
}
