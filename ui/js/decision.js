// Words for a Decision (the engine's result): grounds, fine, the 从旧兼从轻 pair, the receipt.
// Pure: no DOM, no Tauri.
import { formatBand, formatDate, shortHash } from './format.js';

export const GROUNDS_ZH = {
  exemption_list: '列入免罚清单',
  art33_minor: '违法行为轻微并及时改正，没有造成危害后果（行政处罚法第三十三条第一款）',
  art33_first: '初次违法且危害后果轻微并及时改正（行政处罚法第三十三条第一款，首违不罚）',
  art33_no_fault: '有证据足以证明没有主观过错（行政处罚法第三十三条第二款）',
  art30_under_14: '不满十四周岁（行政处罚法第三十条）',
  art36_time_limit: '超过追责期限（行政处罚法第三十六条）',
};

export function groundsText(grounds) {
  return (grounds ?? []).map((g) => GROUNDS_ZH[g] ?? g).join('；');
}

export const WHEN_ZH = { act: '行为时规定', decision: '决定时规定' };

function hasNote(d, code) {
  return (d?.notes ?? []).some((n) => n.code === code);
}

/** The fine in words, for the result card. */
export function fineText(d) {
  if (!d) return '';
  if (d.tier === 'exempt') return '不予罚款';
  if (d.fine) return formatBand(d.fine);
  if (hasNote(d, 'amount_needed')) return '按金额倍数计算，请填写金额';
  if ((d.kinds ?? []).includes('警告')) return '不处罚款（警告）';
  return '不处罚款';
}

/** The legal range that applied, in words. */
export function legalRangeText(d) {
  if (d?.legal_range) return formatBand(d.legal_range);
  if (hasNote(d, 'amount_needed')) return '按金额倍数计算，请填写金额';
  return '未设定罚款幅度';
}

/** The notes to list (the transfer note is shown as its own warning). */
export function visibleNotes(d) {
  return (d?.notes ?? []).filter((n) => n.code !== 'transfer');
}

/**
 * Which of two evaluations (从旧兼从轻) the engine chose: "act" or "decision"; null when the
 * decision has fewer than two. The chosen one carries the decision's tier, fine and range; when
 * both do, the 第三十七条 reason says which law was applied.
 */
export function chosenWhen(d) {
  const evs = d?.evaluations ?? [];
  if (evs.length < 2) return null;
  const key = (tier, fine, range) => JSON.stringify([tier, fine ?? null, range ?? null]);
  const target = key(d.tier, d.fine, d.legal_range);
  const same = evs.filter((e) => key(e.tier, e.fine, e.legal_fine) === target);
  if (same.length === 1) return same[0].when;
  const art37 = (d.reasons ?? []).find((r) => r.step === 'art37');
  if (art37) return art37.text.includes('适用新的规定') ? 'decision' : 'act';
  return 'act';
}

/** "2026-05-01 起" / "至 2026-04-30" / "2013-12-28 至 2026-04-30" / "" for a timeless regime. */
export function regimePeriod(from, until) {
  if (from && until) return `${formatDate(from)}至${formatDate(until)}`;
  if (from) return `${formatDate(from)}起施行`;
  if (until) return `施行至${formatDate(until)}`;
  return '';
}

/** One line for the receipt: what the result rests on. */
export function receiptLine(r) {
  if (!r) return '';
  return `规则版本 ${r.rules_version} · 库哈希 ${shortHash(r.library_hash)} · 引擎 ${r.engine_version}`;
}
