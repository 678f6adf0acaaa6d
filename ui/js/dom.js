// Small DOM helpers. Nothing here sets inline styles (the CSP forbids them): looks come from
// classes in style.css, visibility from the `hidden` attribute.
import { citeText } from './format.js';

/** el('button', {class: 'x', onclick: f, disabled: true}, 'text', child…) */
export function el(tag, attrs = {}, ...children) {
  const e = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs ?? {})) {
    if (v === null || v === undefined || v === false) continue;
    if (k === 'class') e.className = v;
    else if (k === 'text') e.textContent = v;
    else if (k.startsWith('on') && typeof v === 'function') e.addEventListener(k.slice(2), v);
    else if (k === 'style') throw new Error('inline styles are not allowed');
    else e.setAttribute(k, v === true ? '' : String(v));
  }
  add(e, children);
  return e;
}

function add(parent, children) {
  for (const c of children.flat(Infinity)) {
    if (c === null || c === undefined || c === false) continue;
    parent.append(c instanceof Node ? c : String(c));
  }
}

/** Replaces a node's children. */
export function fill(node, ...children) {
  node.replaceChildren();
  add(node, children);
  return node;
}

let seq = 0;
/** A unique id for label/aria wiring. */
export function uid(prefix = 'u') {
  seq += 1;
  return `${prefix}-${seq}`;
}

/** A labelled control: <div class="field"><label for=…>text</label>control<small>hint</small></div> */
export function field(label, control, hint) {
  if (!control.id) control.id = uid('f');
  const hintEl = hint ? el('small', { class: 'hint', id: uid('h') }, hint) : null;
  if (hintEl) control.setAttribute('aria-describedby', hintEl.id);
  return el('div', { class: 'field' }, el('label', { for: control.id }, label), control, hintEl);
}

/** A tier in words and colour (never colour alone). */
export function tierBadge(code, zh, attrs = {}) {
  return el('span', { class: `tier tier-${code}`, 'data-tier': code, ...attrs }, zh);
}

/**
 * A citation in 《…》第N条 form whose gist shows on hover and on keyboard focus: the element is
 * focusable and described by its tooltip.
 */
export function citation(c) {
  const text = citeText(c);
  if (!c?.gist) return el('span', { class: 'cite' }, text);
  const tipId = uid('gist');
  return el('span', { class: 'cite has-tip', tabindex: '0', 'aria-describedby': tipId },
    text, el('span', { class: 'tip', role: 'tooltip', id: tipId }, c.gist));
}

/** A definition row for <dl>. */
export function row(term, ...value) {
  return [el('dt', {}, term), el('dd', {}, ...value)];
}

/** Copies plain text; falls back to a hidden textarea where the async clipboard is refused. */
export async function copyText(text) {
  try {
    await navigator.clipboard.writeText(text);
    return true;
  } catch {
    const ta = el('textarea', { class: 'offscreen', readonly: true, 'aria-hidden': 'true' });
    ta.value = text;
    document.body.append(ta);
    ta.select();
    let ok = false;
    try { ok = document.execCommand('copy'); } catch { ok = false; }
    ta.remove();
    return ok;
  }
}

/**
 * Prints one element only: a copy goes into #print-area (the print stylesheet shows nothing else
 * while body has .print-one), black on white, after `header` (the case's fields) when given.
 */
export function printOnly(node, header = null) {
  let area = document.getElementById('print-area');
  if (!area) {
    area = el('div', { id: 'print-area' });
    document.body.append(area);
  }
  const copy = node.cloneNode(true);
  for (const x of [copy, ...copy.querySelectorAll('[id]')]) x.removeAttribute('id');
  for (const x of copy.querySelectorAll('.no-print')) x.remove();
  area.replaceChildren(...(header ? [header, copy] : [copy]));
  document.body.classList.add('print-one');
  const done = () => {
    document.body.classList.remove('print-one');
    window.removeEventListener('afterprint', done);
    window.removeEventListener('pointerdown', done, true);
    window.removeEventListener('keydown', done, true);
  };
  window.addEventListener('afterprint', done);
  // Where afterprint does not fire, the next interaction ends the one-element print mode.
  window.addEventListener('pointerdown', done, true);
  window.addEventListener('keydown', done, true);
  window.print();
}
