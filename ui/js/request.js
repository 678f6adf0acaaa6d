// Building the commands' payloads from the form state. Pure: no DOM, no Tauri.
import { factsOf } from './wizard.js';
import { isTier, tierZh } from './format.js';

const text = (v) => (v === null || v === undefined ? '' : String(v)).trim();
const ISO = /^\d{4}-\d{2}-\d{2}$/;

/** The `req` of the decide command: strings as typed (trimmed), facts answered yes in contract order. */
export function buildDecideRequest({ item, answers = {}, amount, gain, occurred, decided } = {}) {
  return {
    item: text(item),
    facts: factsOf(answers),
    amount: text(amount),
    gain: text(gain),
    occurred: text(occurred),
    decided: text(decided),
  };
}

/** A problem with the two dates that the page can name before asking the engine, or "". */
export function dateProblem(occurred, decided) {
  const o = text(occurred);
  const d = text(decided);
  if (o && !ISO.test(o)) return '违法日期格式应为 年-月-日';
  if (d && !ISO.test(d)) return '决定日期格式应为 年-月-日';
  if (o && d && d < o) return '决定日期早于违法日期';
  return '';
}

/**
 * The `req` of history_save, or the reason it cannot be sent yet.
 * `suggested` is the engine's tier; `officerTier` the 实际裁量结果 (defaults to the suggestion).
 * A different tier needs a 偏离理由; a reason is only sent with a departure.
 */
export function buildSaveRequest(decide, { suggested, officerTier, reason, caseRef, note } = {}) {
  const tier = text(officerTier) || text(suggested);
  if (tier && !isTier(tier)) return { ok: false, field: 'officer-tier', error: `无法识别的裁量结果：${tier}` };
  const departs = Boolean(tier && suggested && tier !== suggested);
  const why = text(reason);
  if (departs && !why) {
    return {
      ok: false,
      field: 'departure-reason',
      error: `实际裁量结果（${tierZh(tier)}）与建议（${tierZh(suggested)}）不同，请填写偏离理由`,
    };
  }
  return {
    ok: true,
    req: {
      decide,
      officer_tier: tier || null,
      departure_reason: departs ? why : null,
      case_ref: text(caseRef) || null,
      note: text(note) || null,
    },
  };
}
