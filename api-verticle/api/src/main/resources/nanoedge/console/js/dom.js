// Small DOM helpers. Text always goes in as text nodes (never parsed as HTML), so nothing the API returns can
// become markup in the page.

/** h('button.secondary', {onclick}, 'text', child…): an element with attributes, properties and children. */
export function h(tag, attrs, ...children) {
  const [name, ...classes] = tag.split('.');
  const el = document.createElement(name);
  if (classes.length) el.className = classes.join(' ');
  for (const [key, value] of Object.entries(attrs || {})) {
    if (value === undefined || value === null || value === false) continue;
    if (key.startsWith('on')) el.addEventListener(key.slice(2), value);
    else if (key === 'dataset') Object.assign(el.dataset, value);
    else if (key in el && key !== 'list' && key !== 'for') el[key] = value;
    else el.setAttribute(key, value === true ? '' : value);
  }
  for (const child of children.flat()) {
    if (child === null || child === undefined || child === false) continue;
    el.append(child instanceof Node ? child : document.createTextNode(String(child)));
  }
  return el;
}

let fieldIds = 0;

/** A labelled input with the place its error is shown; extra attributes go to the input. */
export function field(label, name, attrs = {}, control = null) {
  const id = `f${++fieldIds}`;
  const input = control || h('input', { name, id, ...attrs });
  input.id = id;
  input.name = input.name || name;
  const error = h('div.error', { id: `${id}-error`, role: 'alert' });
  input.setAttribute('aria-describedby', error.id);
  return h('div.field', { dataset: { field: name } }, h('label', { for: id }, label), input,
    attrs.hint ? h('div.hint', {}, attrs.hint) : null, error);
}

export function select(name, options, attrs = {}) {
  return h('select', { name, ...attrs },
    options.map(([value, text]) => h('option', { value: String(value) }, text)));
}

/** Clears the errors of a form. */
export function clearErrors(form) {
  form.querySelectorAll('.error, .form-error').forEach(e => { e.textContent = ''; });
  form.querySelectorAll('[aria-invalid]').forEach(e => e.removeAttribute('aria-invalid'));
}

/**
 * Shows an API error next to the field it names ("field 'title' must…", "query parameter 'from'…"), or at the
 * form's top when it names none; moves the focus there so a keyboard user lands on it.
 */
export function showError(form, error, aliases = {}) {
  const match = /(?:field|parameter) '([A-Za-z]+)/.exec(error.message || '');
  const name = match ? (aliases[match[1]] || match[1]) : null;
  const box = name && form.querySelector(`[data-field="${name}"]`);
  if (box) {
    box.querySelector('.error').textContent = error.message;
    const input = box.querySelector('input, select, textarea');
    if (input) {
      input.setAttribute('aria-invalid', 'true');
      input.focus();
    }
    return;
  }
  let top = form.querySelector('.form-error');
  if (!top) {
    top = h('div.form-error', { role: 'alert', tabindex: '-1' });
    form.prepend(top);
  }
  top.textContent = error.message || String(error);
  top.focus();
}

export function toast(text) {
  const box = document.getElementById('toast');
  box.textContent = text;
  clearTimeout(toast.timer);
  toast.timer = setTimeout(() => { box.textContent = ''; }, 5000);
}

/** Local date and time, short. */
export function when(iso, withDate = true) {
  const d = new Date(iso);
  return withDate
    ? d.toLocaleString([], { weekday: 'short', day: 'numeric', month: 'short', hour: '2-digit', minute: '2-digit' })
    : d.toLocaleTimeString([], { hour: '2-digit', minute: '2-digit', second: '2-digit' });
}
