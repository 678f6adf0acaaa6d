// 裁量's date boxes (issue 14): the forms officers type, read into the YYYY-MM-DD the engine takes,
// and dates that do not exist named in Chinese.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { parseDate, daysInMonth } from '../../ui/js/dates.js';

test('every accepted form of 5 March 2024 is read as 2024-03-05 and shown as 2024年3月5日', () => {
  for (const text of ['2024-03-05', '2024-3-5', '2024/3/5', '2024/03/05', '2024.3.5', '20240305',
    '2024年3月5日', '2024年03月05日', '2024年3月5号', '2024年3月5', ' 2024 - 3 - 5 ', '２０２４年３月５日', '２０２４－０３－０５']) {
    assert.deepEqual(parseDate(text), { ok: true, iso: '2024-03-05', zh: '2024年3月5日' }, text);
  }
});

test('an empty box is "not given", not an error', () => {
  for (const text of ['', '   ', null, undefined]) assert.deepEqual(parseDate(text), { ok: true, iso: '', zh: '' });
});

test('dates that do not exist are named in Chinese, never sent', () => {
  assert.deepEqual(parseDate('2023-02-29'), { ok: false, error: '2023年2月没有29日（该月只有 28 天）' });
  assert.equal(parseDate('2024-02-29').iso, '2024-02-29', '2024 is a leap year');
  assert.equal(parseDate('1900-02-29').ok, false, '1900 is not');
  assert.equal(parseDate('2000/2/29').iso, '2000-02-29', '2000 is');
  assert.equal(parseDate('2024年4月31日').error, '2024年4月没有31日（该月只有 30 天）');
  assert.equal(parseDate('20240230').ok, false);
  assert.equal(parseDate('2024-00-10').error, '没有 0 月（月份应为 1–12）');
  assert.equal(parseDate('2024-13-01').error, '没有 13 月（月份应为 1–12）');
  assert.equal(parseDate('2024-01-00').ok, false);
  assert.equal(parseDate('1850-01-01').error, '年份 1850 不在 1900–2100 之间');
});

test('text in no accepted form says which forms are', () => {
  for (const text of ['03/05/2024', '2024-3/5', '24-3-5', '2024年3月', 'abc', '2024030', '2024-03-05x']) {
    const p = parseDate(text);
    assert.equal(p.ok, false, text);
    assert.match(p.error, /^无法识别“.+”，请按 2024-03-05、2024\/3\/5、2024\.3\.5、20240305 或 2024年3月5日 填写$/, text);
  }
});

test('days in month', () => {
  assert.deepEqual([1, 2, 3, 4, 12].map((m) => daysInMonth(2023, m)), [31, 28, 31, 30, 31]);
  assert.equal(daysInMonth(2024, 2), 29);
});

test('裁量 uses text date boxes (no <input type=date>) and checks them before the engine', () => {
  const decide = readFileSync(new URL('../../ui/js/views/decide.js', import.meta.url), 'utf8');
  assert.doesNotMatch(decide, /type: 'date'/);
  for (const id of ['occurred', 'ended', 'discovered', 'decided']) {
    assert.match(decide, new RegExp(`dateInput\\(\\{ id: '${id}', name: '[^']+' \\}\\)`), id);
  }
  assert.match(decide, /const dates = \(\) => readDates\(dateBoxes\)\.values;/);
  assert.equal((decide.match(/const problem = datesProblem\(\);/g) ?? []).length, 2, 'before deciding and before saving');
});

test('the dates of the 裁量 form: YYYY-MM-DD for the engine, the first unreadable one named', async () => {
  const { readDates } = await import('../../ui/js/date-field.js');
  const box = (value, name) => ({ value, dataset: { dateName: name }, attrs: {}, setAttribute(k, v) { this.attrs[k] = v; } });
  const ok = readDates({ occurred: box('2024/3/5', '违法日期'), decided: box('2024年6月1日', '决定日期'), ended: box('', '行为终了日期') });
  assert.deepEqual(ok, { values: { occurred: '2024-03-05', decided: '2024-06-01', ended: '' }, problem: '' });
  const boxes = { occurred: box('2023-02-29', '违法日期'), decided: box('2024-13-01', '决定日期') };
  const bad = readDates(boxes);
  assert.equal(bad.problem, '违法日期：2023年2月没有29日（该月只有 28 天）');
  assert.deepEqual(bad.values, { occurred: '2023-02-29', decided: '2024-13-01' }, 'kept as typed, so the order check never sees a date');
  assert.equal(boxes.decided.attrs['aria-invalid'], 'true');
});
