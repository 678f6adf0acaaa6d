// 基准库: the text filter, the department tree and the CSV of the items shown. Pure: no DOM.
import { formatBand } from './format.js';
import { toCsv } from './csv.js';

/**
 * The items whose id, violation or department contain every word typed (case-insensitive;
 * words separated by spaces), in their order. Empty text keeps them all.
 */
export function filterItems(items, text) {
  const words = String(text ?? '').toLowerCase().split(/[\s\u3000]+/).filter(Boolean);
  if (!words.length) return [...(items ?? [])];
  return (items ?? []).filter((x) => {
    const hay = `${x.id}\n${x.violation}\n${x.department_name}\n${x.department}`.toLowerCase();
    return words.every((w) => hay.includes(w));
  });
}

/** The items grouped by department, in the order the departments first appear. */
export function groupByDepartment(items) {
  const groups = new Map();
  for (const x of items ?? []) {
    const key = x.department || x.department_name || '';
    if (!groups.has(key)) groups.set(key, { code: key, name: x.department_name || key || '（未注明部门）', items: [] });
    groups.get(key).items.push(x);
  }
  return [...groups.values()];
}

/**
 * Whether a department's branch is open: always while a filter text narrows the list (the
 * matches must be seen) or when it is the only one; otherwise as the user left it.
 */
export function branchOpen(code, { filtering, groups, opened }) {
  return filtering || groups === 1 || opened.has(code);
}

/** "共 12 项（筛选自 645 项）" / "共 645 项". */
export function shownText(shown, total) {
  return shown === total ? `显示 ${total} 项` : `显示 ${shown} 项（筛选自 ${total} 项）`;
}

/** The table shown, as rows (header first). */
export function itemRows(items) {
  return [
    ['事项编号', '违法行为', '部门', '领域', '处罚种类', '法定罚款', '免罚清单事项'],
    ...(items ?? []).map((x) => [
      x.id, x.violation, x.department_name, x.domain, (x.kinds ?? []).join('、'),
      formatBand(x.legal_fine, ''), (x.exemption_items ?? []).join('、'),
    ]),
  ];
}

/** The items shown as a CSV file's text (UTF-8 with BOM, formula cells neutralised). */
export function itemsCsv(items) {
  return toCsv(itemRows(items));
}
