// The records table: rows and labels from RecordSummary values. Pure: no DOM, no Tauri.
import { formatDateTime, tierZh } from './format.js';

/** Newest first (by id, which only grows), on a copy. */
export function newestFirst(list) {
  return [...(list ?? [])].sort((a, b) => b.id - a.id);
}

/** The cells of one row: 时间, 事项, 建议结论, 实际结论, 案件编号. */
export function recordRow(r) {
  const departed = Boolean(r.officer_tier && r.officer_tier !== r.tier);
  return {
    id: r.id,
    time: formatDateTime(r.saved_at),
    item: `${r.item_id}　${r.violation}`,
    suggested: tierZh(r.tier),
    actual: departed ? tierZh(r.officer_tier) : `${tierZh(r.tier)}（同建议）`,
    actualTier: departed ? r.officer_tier : r.tier,
    departed,
    caseRef: r.case_ref || '—',
  };
}

export function countText(n) {
  return n ? `共 ${n} 条记录` : '还没有保存的记录';
}

export function exportMessage(path) {
  return path ? `已导出 CSV：${path}` : '导出失败：没有得到文件路径';
}
