// A date field that takes typing: a plain text box (an <input type=date> swallowed typed dates when
// its calendar opened and showed mm/dd/yyyy on other locales), with the date it understood shown
// beside it in 2024年3月5日 form, or why it could not.
import { el, field, uid } from './dom.js';
import { DATE_FORMS, parseDate } from './dates.js';

const echoes = new WeakMap();

/** The text box; `name` (违法日期 …) names it in messages. */
export function dateInput({ id, name }) {
  const input = el('input', {
    id, type: 'text', inputmode: 'numeric', autocomplete: 'off', spellcheck: 'false',
    placeholder: '如 2024-3-5', title: `可写 ${DATE_FORMS}`, 'data-date-name': name,
  });
  const echo = el('span', { class: 'date-echo', id: uid('date'), 'aria-live': 'polite' });
  echoes.set(input, echo);
  // While typing, an unfinished date is not an error yet: it is named once the field is left.
  input.addEventListener('input', () => showDate(input, { quiet: true }));
  input.addEventListener('change', () => showDate(input));
  return input;
}

/** The labelled field: the box with the understood date beside it. */
export function dateField(label, input, hint) {
  const f = field(label, input, hint);
  const echo = echoes.get(input);
  input.setAttribute('aria-describedby', `${input.getAttribute('aria-describedby') ?? ''} ${echo.id}`.trim());
  const box = el('div', { class: 'date-row' });
  input.replaceWith(box);
  box.append(input, echo);
  return f;
}

/** Shows what the box holds; returns the parse. */
export function showDate(input, { quiet = false } = {}) {
  const p = parseDate(input.value);
  const echo = echoes.get(input);
  if (echo) {
    echo.textContent = p.ok ? p.zh : quiet ? '' : p.error;
    echo.classList.toggle('error', !p.ok && !quiet);
  }
  input.setAttribute('aria-invalid', String(!p.ok && !quiet));
  return p;
}

/**
 * The dates of several boxes ({occurred: input, …}) for the engine: each YYYY-MM-DD or "" (what
 * could not be read stays as typed, so it is never sent as a date), and the first box's problem
 * in words ("" when every box is empty or a date).
 */
export function readDates(inputs) {
  const values = {};
  let problem = '';
  for (const [key, input] of Object.entries(inputs)) {
    const p = showDate(input);
    values[key] = p.ok ? p.iso : input.value.trim();
    if (!p.ok && !problem) problem = `${input.dataset.dateName ?? ''}：${p.error}`;
  }
  return { values, problem };
}
