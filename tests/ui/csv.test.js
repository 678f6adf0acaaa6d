// CSV the page builds (基准库 list, 培训 scores): UTF-8 with BOM, CRLF, quoting, formula cells
// neutralised, and file names that never repeat.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { csvCell, exportName, toCsv } from '../../ui/js/csv.js';

test('cells: formulas neutralised, quoting where needed', () => {
  assert.equal(csvCell('=SUM(A1:A3)'), "'=SUM(A1:A3)");
  assert.equal(csvCell('+86 10'), "'+86 10");
  assert.equal(csvCell('-1'), "'-1");
  assert.equal(csvCell('@cmd'), "'@cmd");
  assert.equal(csvCell('\t=1'), "'\t=1");
  assert.equal(csvCell('罚款 5,000 元'), '"罚款 5,000 元"');
  assert.equal(csvCell('他说"是"'), '"他说""是"""');
  assert.equal(csvCell('两行\n文字'), '"两行\n文字"');
  assert.equal(csvCell('=a,b'), `"'=a,b"`);
  assert.equal(csvCell(12), '12');
  assert.equal(csvCell(null), '');
  assert.equal(csvCell('SCJG-001'), 'SCJG-001', 'a hyphen inside is fine');
});

test('a file: BOM, CRLF, a last line break', () => {
  assert.equal(toCsv([['编号', '名称'], ['SCJG-001', '=x']]), "\uFEFF编号,名称\r\nSCJG-001,'=x\r\n");
});

test('export names: date and time to the second and a counter, so two exports never collide', () => {
  const now = new Date(2026, 11, 6, 9, 5, 7);
  assert.equal(exportName('培训测验成绩', 'csv', now, 3), '培训测验成绩_20261206-090507_3.csv');
  const a = exportName('基准库', 'csv', now);
  const b = exportName('基准库', 'csv', now);
  assert.notEqual(a, b, 'same second, different names');
  assert.match(a, /^基准库_20261206-090507_\d+\.csv$/);
});

test('saving goes through the desktop’s save-as command and says where it went', async () => {
  const { saveText } = await import('../../ui/js/save.js');
  const calls = [];
  let answer = '/home/u/文档/培训测验成绩-20261206-103000.csv';
  globalThis.__TAURI__ = { core: { invoke: async (cmd, args) => { calls.push([cmd, args]); if (answer instanceof Error) throw answer; return answer; } } };
  try {
    assert.equal(await saveText('培训测验成绩', 'csv', '\uFEFFa\r\n'), '已保存：/home/u/文档/培训测验成绩-20261206-103000.csv');
    assert.deepEqual(calls, [['save_text', { stem: '培训测验成绩', kind: 'csv', text: '\uFEFFa\r\n' }]]);
    answer = null;
    assert.equal(await saveText('基准库事项', 'csv', 'x'), '已取消保存');
    answer = new Error('磁盘已满');
    await assert.rejects(saveText('基准库事项', 'csv', 'x'), /磁盘已满/, 'a real failure is reported, not hidden by a download');
  } finally {
    delete globalThis.__TAURI__;
  }
});
