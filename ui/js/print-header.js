// The header of a printed 说理: what a filed page needs to be read on its own (which case, which
// party, which body, which item, when). Pure lines first (tested), then the DOM. A field nobody
// filled is a blank line to write on, as in the Word draft — never a guess.
import { el } from './dom.js';

export const BLANK = '＿＿＿＿＿＿';

const text = (v) => (v === null || v === undefined ? '' : String(v)).trim();

/** [label, value] pairs of the header; `today` is YYYY-MM-DD (the day printed). */
export function printHeaderLines({ caseNo, unit, partyName, partyZh, item, violation, today } = {}) {
  const party = [text(partyName), text(partyZh) ? `（${text(partyZh)}）` : ''].join('');
  const [y, m, d] = text(today).split('-');
  return [
    ['案件编号', text(caseNo) || BLANK],
    ['执法单位', text(unit) || BLANK],
    ['当事人', party || BLANK],
    ['事项', [text(item), text(violation)].filter(Boolean).join('　') || BLANK],
    ['打印日期', y && m && d ? `${Number(y)}年${Number(m)}月${Number(d)}日` : BLANK],
  ];
}

/** The header as shown on paper (a title and a two-column table). */
export function printHeader(fields) {
  return el('header', { class: 'print-header' },
    el('h1', {}, '行政处罚裁量说理'),
    el('table', {}, el('tbody', {}, printHeaderLines(fields).map(([k, v]) => el('tr', {}, el('th', {}, k), el('td', {}, v))))));
}
