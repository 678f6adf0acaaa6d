// Building the commands' payloads from the form state. Pure: no DOM, no Tauri.
import { factsOf } from './wizard.js';
import { groundZh, isTier, tierZh } from './labels.js';

const text = (v) => (v === null || v === undefined ? '' : String(v)).trim();
const ISO = /^\d{4}-\d{2}-\d{2}$/;

/** The parties the engine knows; anything else (未确定) is sent as "". */
export const PARTIES = ['individual', 'organization'];

/**
 * The `req` of the decide command (DecideRequest in src-tauri): strings as typed (trimmed), facts
 * answered yes in contract order, the party or "" when not established, the dates ("" = not
 * given; an empty 决定日期 means today, and the engine says so), and the discretionary options
 * the officer chose (e.g. ["art33_first"], 首违不罚).
 */
export function buildDecideRequest({
  item, answers = {}, amount, gain, party, occurred, ended, discovered, decided, chosen = [],
} = {}) {
  const p = text(party);
  return {
    item: text(item),
    facts: factsOf(answers),
    amount: text(amount),
    gain: text(gain),
    party: PARTIES.includes(p) ? p : '',
    occurred: text(occurred),
    ended: text(ended),
    discovered: text(discovered),
    decided: text(decided),
    chosen: [...new Set((chosen ?? []).map(text).filter(Boolean))],
  };
}

/** Whether two decide requests ask the same thing (the same fields, facts and options). */
export function sameRequest(a, b) {
  if (!a || !b) return false;
  const keys = new Set([...Object.keys(a), ...Object.keys(b)]);
  return [...keys].every((k) => JSON.stringify(a[k] ?? null) === JSON.stringify(b[k] ?? null));
}

const DATE_NAMES = { occurred: '违法日期', ended: '行为终了日期', discovered: '发现（立案）日期', decided: '决定日期' };

/**
 * A problem with the dates that the page can name before asking the engine, or "". Each is
 * 年-月-日 or empty; the act comes first, its end and its discovery after it, the decision last.
 */
export function dateProblem({ occurred, ended, discovered, decided } = {}) {
  const d = { occurred: text(occurred), ended: text(ended), discovered: text(discovered), decided: text(decided) };
  for (const [k, v] of Object.entries(d)) {
    if (v && !ISO.test(v)) return `${DATE_NAMES[k]}格式应为 年-月-日`;
  }
  if (d.ended && !d.occurred) return '填写了行为终了日期，请同时填写违法日期（行为开始之日）';
  const before = (a, b) => d[a] && d[b] && d[b] < d[a];
  if (before('occurred', 'ended')) return '行为终了日期早于违法日期';
  if (before('occurred', 'discovered')) return '发现（立案）日期早于违法日期';
  if (before('occurred', 'decided')) return '决定日期早于违法日期';
  if (before('ended', 'decided')) return '决定日期早于行为终了日期';
  if (before('discovered', 'decided')) return '决定日期早于发现（立案）日期';
  return '';
}

/**
 * The `req` of history_save, or the reason it cannot be sent yet.
 * `suggested` is the engine's tier; `officerTier` the 实际裁量结果 (defaults to the suggestion).
 * A different tier needs a 偏离理由. So does a discretionary option the officer applied
 * (`decide.chosen`, e.g. 首违不罚): it is the officer's choice, and the record keeps it with the
 * reason. A reason is only sent with a departure or a choice.
 */
export function buildSaveRequest(decide, {
  suggested, officerTier, reason, caseRef, note, unit, penalty, fine,
} = {}) {
  const tier = text(officerTier) || text(suggested);
  if (tier && !isTier(tier)) return { ok: false, field: 'officer-tier', error: `无法识别的裁量结果：${tier}` };
  const departs = Boolean(tier && suggested && tier !== suggested);
  const chosen = decide?.chosen ?? [];
  const why = text(reason);
  if (departs && !why) {
    return {
      ok: false,
      field: 'departure-reason',
      error: `实际裁量结果（${tierZh(tier)}）与建议（${tierZh(suggested)}）不同，请填写偏离理由`,
    };
  }
  if (chosen.length && !why) {
    return {
      ok: false,
      field: 'departure-reason',
      error: `适用“${chosen.map(groundZh).join('、')}”由执法人员裁量决定，请填写适用理由`,
    };
  }
  return {
    ok: true,
    req: {
      decide,
      officer_tier: tier || null,
      departure_reason: departs || chosen.length ? why : null,
      case_ref: text(caseRef) || null,
      note: text(note) || null,
      unit: text(unit) || null,
      penalty: text(penalty) || null,
      fine: text(fine) || null,
    },
  };
}

/**
 * The `req` of document_save: the decision's inputs and what the officer filled in for the
 * document's header (case number, party) and the fine decided. Empty fields are left for the
 * draft's blanks, never invented.
 */
export function buildDocumentRequest(decide, { caseNo, partyName, partyId, partyAddress, fine } = {}) {
  return {
    decide,
    case_no: text(caseNo) || null,
    party_name: text(partyName) || null,
    party_id: text(partyId) || null,
    party_address: text(partyAddress) || null,
    fine: text(fine) || null,
  };
}
