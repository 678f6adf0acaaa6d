// The Chinese labels of every code a user may meet (tiers, facts, grounds, steps, notes,
// questions, penalty kinds, parties, audit findings), served by the library through the `labels` command
// (src/labels.rs). The page keeps no copy of them: main.js loads them once at start-up with
// setLabels(), before any view is built, and every module asks here. Pure: no DOM, no Tauri.

const KINDS = ['tiers', 'facts', 'grounds', 'steps', 'notes', 'questions', 'penalties', 'parties', 'findings'];

let current = empty();

function empty() {
  const l = Object.fromEntries(KINDS.map((k) => [k, {}]));
  l.tier_order = [];
  return l;
}

/** Installs the labels the `labels` command returned ({tiers: {code: 中文}, …, tier_order}). */
export function setLabels(raw) {
  const l = empty();
  for (const k of KINDS) {
    for (const [code, zh] of Object.entries(raw?.[k] ?? {})) {
      if (typeof zh === 'string' && zh) l[k][code] = zh;
    }
  }
  l.tier_order = (Array.isArray(raw?.tier_order) ? raw.tier_order : []).filter((c) => l.tiers[c]);
  current = l;
  return l;
}

/** Whether labels have been installed. */
export function hasLabels() {
  return current.tier_order.length > 0;
}

/**
 * The label of a code of one kind. A code the library does not label (which would be a bug) is
 * never shown bare: it reads 未识别（code）, so that the officer sees something is wrong.
 */
export function label(kind, code) {
  if (code === null || code === undefined || code === '') return '';
  return current[kind]?.[code] ?? `未识别（${code}）`;
}

/** Whether the library labels `code` as a code of this kind. */
export function has(kind, code) {
  return Object.hasOwn(current[kind] ?? {}, code ?? '');
}

export const tierZh = (code) => label('tiers', code);
export const factZh = (code) => label('facts', code);
export const groundZh = (code) => label('grounds', code);
export const stepZh = (code) => label('steps', code);
export const noteZh = (code) => label('notes', code);
export const questionZh = (code) => label('questions', code);
export const penaltyZh = (code) => label('penalties', code);
export const partyZh = (code) => label('parties', code);

/** The tier codes, lightest first (the order of selects, tables and the training buttons). */
export function tierOrder() {
  return [...current.tier_order];
}

export function isTier(code) {
  return current.tier_order.includes(code);
}

/** The party codes (个人, 单位) in the library's order. */
export function partyCodes() {
  return Object.keys(current.parties);
}
