// CSV for exports the page builds itself (基准库 list, 培训 scores). Pure: no DOM. UTF-8 with a BOM
// and CRLF, so that Excel on Chinese Windows opens it as UTF-8; cells that a spreadsheet would
// run as a formula are neutralised.

export const BOM = '\uFEFF';

/**
 * One cell: a text starting with = + - @ (or a tab / carriage return, which Excel strips before
 * looking) gets a leading apostrophe, so it is shown, never evaluated; quoted when it holds a
 * comma, quote or line break.
 */
export function csvCell(value) {
  let s = value === null || value === undefined ? '' : String(value);
  if (/^[=+\-@\t\r]/.test(s)) s = `'${s}`;
  return /[",\r\n]/.test(s) ? `"${s.replaceAll('"', '""')}"` : s;
}

/** Rows (arrays of cells, the header first) as the text of a CSV file, BOM included. */
export function toCsv(rows) {
  return BOM + rows.map((r) => r.map(csvCell).join(',')).join('\r\n') + '\r\n';
}

let exportsMade = 0;

/**
 * A file name that never repeats: the prefix, the date and time to the second, and a counter
 * of this session's exports ("培训成绩_20261206-103647_1.csv"); `counter` for tests.
 */
export function exportName(prefix, ext, now = new Date(), counter = ++exportsMade) {
  const p = (n, w = 2) => String(n).padStart(w, '0');
  const stamp = `${now.getFullYear()}${p(now.getMonth() + 1)}${p(now.getDate())}-${p(now.getHours())}${p(now.getMinutes())}${p(now.getSeconds())}`;
  return `${prefix}_${stamp}_${counter}.${ext}`;
}
