import { test } from 'node:test';
import assert from 'node:assert/strict';
import { searchStatus, worthShowing } from '../../ui/js/search-logic.js';

const hit = (id, score) => ({ id, score, violation: id });

test('a confident match says so and counts only the hits worth showing, not the limit', () => {
  const hits = [hit('SCJG-001', 120), hit('SCJG-002', 70), hit('SCJG-003', 20), hit('X', 10)];
  const st = searchStatus({ hits, match: 'confident' });
  assert.equal(st.confident, true);
  assert.deepEqual(st.shown.map((h) => h.id), ['SCJG-001', 'SCJG-002']);
  assert.equal(st.text, '找到相符事项，另有 1 个相关事项');
});

test('without a confident match the page says plainly that nothing was found for certain', () => {
  for (const match of ['uncertain', 'none']) {
    const st = searchStatus({ hits: [hit('JTYS-034', 14.4), hit('WJW-017', 14.0)], match });
    assert.equal(st.confident, false);
    assert.match(st.text, /^未找到确切对应的事项/);
    assert.match(st.text, /可能相关/);
    assert.match(st.text, /法制机构/);
    assert.equal(st.shown.length, 2);
  }
  const empty = searchStatus({ hits: [], match: 'none' });
  assert.equal(empty.shown.length, 0);
  assert.match(empty.text, /未找到确切对应的事项/);
});

test('hit 1 is always shown; nothing is shown for nothing', () => {
  assert.deepEqual(worthShowing([]), []);
  assert.deepEqual(worthShowing(undefined), []);
  assert.equal(worthShowing([hit('A', 0)]).length, 1);
});
