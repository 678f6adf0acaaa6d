// The records table: rows and labels from RecordSummary values. Pure: no DOM, no Tauri.
import { formatDateTime } from './format.js';
import { groundZh, tierZh } from './labels.js';

/** Newest first (by id, which only grows), on a copy. */
export function newestFirst(list) {
  return [...(list ?? [])].sort((a, b) => b.id - a.id);
}

/**
 * The cells of one row: 时间, 事项, 建议结论, 实际结论, 案件编号. A reason kept without another
 * tier is the reason for a discretionary option the officer applied (首违不罚): the decision
 * saved is the one with the option, and the row says it was the officer's choice.
 */
export function recordRow(r) {
  const departed = Boolean(r.officer_tier && r.officer_tier !== r.tier);
  const chose = !departed && Boolean(r.departure_reason);
  let actual = `${tierZh(r.tier)}（同建议）`;
  if (departed) actual = tierZh(r.officer_tier);
  else if (chose) actual = `${tierZh(r.tier)}（执法人员裁量选择）`;
  return {
    id: r.id,
    time: formatDateTime(r.saved_at),
    item: `${r.item_id}　${r.violation}`,
    suggested: tierZh(r.tier),
    actual,
    actualTier: departed ? r.officer_tier : r.tier,
    departed,
    chose,
    caseRef: r.case_ref || '—',
    penalty: penaltyText(r),
  };
}

/**
 * The officer's part of a reopened record (Record: the summary and the saved decision): the
 * options applied (from the decision's receipt), and the reason under its right name.
 */
export function recordChoice(rec) {
  const chosen = (rec?.decision?.receipt?.chosen ?? []).filter((g) => (rec.decision.grounds ?? []).includes(g));
  const departed = Boolean(rec?.officer_tier && rec.officer_tier !== rec.tier);
  return {
    chosen: chosen.map(groundZh),
    reasonLabel: departed ? '偏离理由' : chosen.length ? '适用理由' : '偏离理由',
    reason: rec?.departure_reason || '',
  };
}

export function countText(n) {
  return n ? `共 ${n} 条记录` : '还没有保存的记录';
}

/** The penalty recorded with its fine: 罚款 2000 元; — for records saved before these were asked. */
export function penaltyText(r) {
  const words = r?.penalty || '';
  const fine = r?.fine_yuan;
  if (fine === null || fine === undefined) return words || '—';
  return `${words || '罚款'} ${fine} 元`;
}

/** The export's outcome: the path written, or null when the officer cancelled the dialog. */
export function exportMessage(path) {
  if (path === null || path === undefined) return '已取消导出';
  return path ? `已导出 CSV：${path}` : '导出失败：没有得到文件路径';
}
