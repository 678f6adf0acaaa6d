// Words for a Decision (the engine's result): grounds, fine, penalties, what is still to be
// established (questions), the outcome for each party, the discretionary options, the 从旧兼从轻
// pair, the receipt. Every code is shown by its label from the library (labels.js). Pure: no DOM,
// no Tauri.
import { formatBand, formatDate, shortHash } from './format.js';
import { groundZh, noteZh, partyZh, penaltyZh, questionZh, stepZh, tierZh } from './labels.js';

/** The grounds of a no-penalty outcome in words. */
export function groundsText(grounds) {
  return (grounds ?? []).map(groundZh).join('；');
}

/** The heading of the grounds line: 不予处罚 and 责令改正，暂不处罚 rest on different things. */
export function groundsHeading(d) {
  return d?.tier === 'correct_first' ? '暂不处罚的根据' : '不予处罚的根据';
}

/** Tiers with no penalty of any kind. */
export function isNoPenalty(tier) {
  return tier === 'exempt' || tier === 'correct_first';
}

/**
 * What 责令改正，暂不处罚 means for the officer, in words (shown beside the tier), or "" for
 * another tier.
 */
export function tierExplanation(d) {
  if (d?.tier !== 'correct_first') return '';
  return '罚则以拒不改正（逾期不改正）为处罚前提：现在只责令改正，暂不处罚；当事人逾期不改正的，再依罚则处罚。';
}

export const WHEN_ZH = { act: '行为时规定', decision: '决定时规定' };

function hasNote(d, code) {
  return (d?.notes ?? []).some((n) => n.code === code);
}

/** Each party's outcome when the party was not given and it changes the fine (empty otherwise). */
export function byPartyRows(d) {
  return (d?.by_party ?? []).map((p) => ({
    party: p.party,
    partyZh: p.party_zh || partyZh(p.party),
    tier: p.tier,
    tierZh: tierZh(p.tier),
    fine: isNoPenalty(p.tier) ? '不予罚款' : formatBand(p.fine, '不处罚款'),
    legal: formatBand(p.legal_range, '未设定罚款幅度'),
  }));
}

/** The fine in words, for the result card. */
export function fineText(d) {
  if (!d) return '';
  if (d.tier === 'exempt') return '不予罚款';
  if (d.tier === 'correct_first') return '暂不罚款（先责令改正）';
  if (d.fine) return formatBand(d.fine);
  const parties = byPartyRows(d);
  if (parties.length) return `待确认当事人类型：${parties.map((p) => `${p.partyZh} ${p.fine}`).join('；')}`;
  if (hasNote(d, 'amount_needed')) return '按金额倍数计算，请填写金额';
  const kinds = (d.penalties ?? []).map((p) => p.kind);
  if (kinds.includes('warning') && !kinds.includes('fine')) return '不处罚款（警告）';
  return '不处罚款';
}

/** The legal range that applied, in words. */
export function legalRangeText(d) {
  if (d?.legal_range) return formatBand(d.legal_range);
  const parties = byPartyRows(d);
  if (parties.length) return parties.map((p) => `${p.partyZh} ${p.legal}`).join('；');
  if (hasNote(d, 'amount_needed')) return '按金额倍数计算，请填写金额';
  return '未设定罚款幅度';
}

/**
 * Every penalty the case gets, one line each: the provision's wording (or the kind's label), the
 * fine band, and the condition it depends on. A no-penalty tier says so instead.
 */
export function penaltyLines(d) {
  if (d?.tier === 'exempt') return ['不予处罚'];
  if (d?.tier === 'correct_first') return ['暂不处罚（先责令改正）'];
  const lines = (d?.penalties ?? []).map((p) => {
    let s = p.zh || penaltyZh(p.kind);
    if (p.fine) s += ` ${formatBand(p.fine)}`;
    if (p.condition) s += `（${p.condition}）`;
    return s;
  });
  return lines.length ? lines : ['—'];
}

/** What the officer must still establish (待确认): the question, and why it matters here. */
export function questionItems(d) {
  return (d?.questions ?? []).map((q) => ({ code: q.code, text: q.zh || questionZh(q.code), why: q.why || '' }));
}

/**
 * The discretionary options the law allows (首违不罚 …): the ground's label, the outcome, the
 * engine's words and the citation.
 */
export function optionItems(d) {
  return (d?.options ?? []).map((o) => ({
    ground: o.ground,
    title: groundZh(o.ground),
    tier: o.tier,
    tierZh: tierZh(o.tier),
    text: o.text || '',
    citation: o.citation ?? null,
  }));
}

/**
 * Which of the options the officer chose (`chosen`, ground codes) the decision applied, and which
 * no longer apply (the facts changed since): the engine ignores those, and the page drops them.
 */
export function chosenState(d, chosen) {
  const grounds = d?.grounds ?? [];
  const list = chosen ?? [];
  return { applied: list.filter((g) => grounds.includes(g)), lapsed: list.filter((g) => !grounds.includes(g)) };
}

/**
 * The notes to list, each with its label (`lead`: the label, unless the text already begins with
 * it). The transfer note has its own warning; the notes that repeat the options, the party split
 * or the question for the act's date are left out when those are shown.
 */
export function visibleNotes(d) {
  const skip = new Set(['transfer']);
  if ((d?.options ?? []).length) skip.add('option_offered');
  if ((d?.by_party ?? []).length) skip.add('party_needed');
  if ((d?.questions ?? []).some((q) => q.code === 'occurred')) skip.add('occurred_missing');
  return (d?.notes ?? []).filter((n) => !skip.has(n.code)).map((n) => {
    const label = noteZh(n.code);
    return { ...n, label, lead: String(n.text ?? '').startsWith(label) ? '' : label };
  });
}

/** A reason's step in words (the engine sends its label; the library's labels otherwise). */
export function stepText(r) {
  return r?.step_zh || stepZh(r?.step);
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
  // A library opened from a signed pack names the pack and who signed it.
  const pack = r.pack ? ` · 签发包 ${r.pack.version}（签发密钥 ${r.pack.signer}）` : '';
  return `规则版本 ${r.rules_version} · 库哈希 ${shortHash(r.library_hash)}${pack} · 程序版本 ${r.engine_version}`;
}

/**
 * The receipt's case line: party, dates (决定日期 marked when it was today) and options chosen.
 * While the decision shows both parties (`by_party`), the party is 未确定 whatever the receipt says.
 */
export function receiptCase(r, d = null) {
  if (!r) return '';
  const party = r.party && !(d?.by_party ?? []).length ? partyZh(r.party) : '未确定';
  const parts = [`当事人 ${party}`];
  if (r.occurred) parts.push(`违法日期 ${formatDate(r.occurred)}`);
  else parts.push('违法日期未填写');
  if (r.ended) parts.push(`行为终了 ${formatDate(r.ended)}`);
  if (r.discovered) parts.push(`发现日期 ${formatDate(r.discovered)}`);
  if (r.decided) parts.push(`决定日期 ${formatDate(r.decided)}${r.decided_is_today ? '（按今天）' : ''}`);
  if (r.chosen?.length) parts.push(`执法人员选择：${r.chosen.map(groundZh).join('、')}`);
  return parts.join(' · ');
}
