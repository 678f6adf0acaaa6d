import { test } from 'node:test';
import assert from 'node:assert/strict';
import { remember, remembered } from '../../ui/js/remember.js';

test('a value is kept trimmed, and storage that is off or refuses loses only the memory', () => {
  const store = new Map();
  globalThis.localStorage = { getItem: (k) => store.get(k) ?? null, setItem: (k, v) => store.set(k, v) };
  remember('cailiang.unit', '  某区市场监督管理局 ');
  assert.equal(remembered('cailiang.unit'), '某区市场监督管理局');
  assert.equal(remembered('cailiang.office'), '');
  globalThis.localStorage = { getItem: () => { throw new Error('off'); }, setItem: () => { throw new Error('full'); } };
  assert.doesNotThrow(() => remember('cailiang.unit', 'x'));
  assert.equal(remembered('cailiang.unit'), '');
  delete globalThis.localStorage;
  assert.equal(remembered('cailiang.unit'), '');
});
