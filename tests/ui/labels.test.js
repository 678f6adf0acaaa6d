// The labels the library serves (fixture: src/labels.rs's maps, as the `labels` command returns
// them): every code of every real decision has one, and the page keeps no copy of its own.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, readdirSync } from 'node:fs';
import { fixture } from './helpers.js';
import * as l from '../../ui/js/labels.js';

const raw = fixture('labels.json');

test('before the labels arrive, a code is never shown bare; after, every kind is served', () => {
  assert.equal(l.hasLabels(), false);
  assert.equal(l.tierZh('exempt'), '未识别（exempt）');
  assert.equal(l.tierZh(''), '');
  assert.equal(l.tierZh(null), '');
  l.setLabels(raw);
  assert.equal(l.hasLabels(), true);
  for (const kind of ['tiers', 'facts', 'grounds', 'steps', 'notes', 'questions', 'penalties', 'parties']) {
    assert.ok(Object.keys(raw[kind]).length > 0, kind);
    for (const [code, zh] of Object.entries(raw[kind])) {
      assert.equal(l.label(kind, code), zh);
      assert.match(zh, /[\u4e00-\u9fff]/, `${kind}.${code} is Chinese`);
    }
  }
});

test('the six tiers, lightest first; 责令改正，暂不处罚 is one of them', () => {
  l.setLabels(raw);
  assert.deepEqual(l.tierOrder(), ['exempt', 'correct_first', 'mitigated', 'light', 'standard', 'heavy']);
  assert.deepEqual(l.tierOrder().map(l.tierZh), ['不予处罚', '责令改正，暂不处罚', '减轻处罚', '从轻处罚', '一般处罚', '从重处罚']);
  assert.equal(l.isTier('correct_first'), true);
  assert.equal(l.isTier('从轻'), false);
  assert.equal(l.tierZh('nonsense'), '未识别（nonsense）');
  assert.deepEqual(l.partyCodes(), ['individual', 'organization']);
  assert.equal(l.partyZh('organization'), '单位');
  assert.equal(l.groundZh('correction_order_only'), '罚则以拒不改正为处罚前提，先责令改正');
  assert.equal(l.factZh('minor_violation'), '违法行为轻微');
  assert.equal(l.has('grounds', 'art33_first'), true);
  assert.equal(l.has('grounds', 'toString'), false);
});

test('every code in the real decisions has a label', () => {
  l.setLabels(raw);
  const files = readdirSync(new URL('./fixtures/', import.meta.url)).filter((f) => f.startsWith('decision-'));
  assert.ok(files.length >= 10);
  for (const f of files) {
    const d = fixture(f);
    const all = [d, ...(d.evaluations ?? [])];
    const codes = [
      ...all.map((e) => ['tiers', e.tier]),
      ...all.flatMap((e) => e.grounds.map((g) => ['grounds', g])),
      ...all.flatMap((e) => e.reasons.map((r) => ['steps', r.step])),
      ...all.flatMap((e) => e.reasons.flatMap((r) => r.facts.map((x) => ['facts', x]))),
      ...all.flatMap((e) => e.penalties.map((p) => ['penalties', p.kind])),
      ...all.flatMap((e) => (e.questions ?? []).map((q) => ['questions', q.code])),
      ...all.flatMap((e) => (e.options ?? []).map((o) => ['grounds', o.ground])),
      ...d.notes.map((n) => ['notes', n.code]),
      ...d.by_party.map((p) => ['parties', p.party]),
      ...d.receipt.facts.map((x) => ['facts', x]),
    ];
    for (const [kind, code] of codes) assert.ok(l.has(kind, code), `${f}: ${kind}.${code}`);
    // The engine's own step labels are the library's.
    for (const r of d.reasons) assert.equal(r.step_zh, l.stepZh(r.step), `${f}: ${r.step}`);
    assert.equal(d.tier_zh, l.tierZh(d.tier));
  }
});

test('the page keeps no copy of the labels', () => {
  const dir = new URL('../../ui/js/', import.meta.url);
  const files = [...readdirSync(dir).filter((f) => f.endsWith('.js')).map((f) => new URL(f, dir)),
    ...readdirSync(new URL('views/', dir)).map((f) => new URL(`views/${f}`, dir))];
  const text = files.map((u) => readFileSync(u, 'utf8')).join('\n');
  assert.doesNotMatch(text, /GROUNDS_ZH|export const TIERS\b/);
  for (const kind of ['grounds', 'questions']) {
    for (const zh of Object.values(raw[kind])) assert.equal(text.includes(zh), false, `${kind}: ${zh}`);
  }
  for (const zh of Object.values(raw.facts).filter((x) => x.length >= 8)) assert.equal(text.includes(`'${zh}'`), false, zh);
});
