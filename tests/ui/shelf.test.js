import { test } from 'node:test';
import assert from 'node:assert/strict';
import { changeLines, inUseLine, listLine, meaningLine, packRow, zhDate } from '../../ui/js/shelf-logic.js';

// A manifest as `cailiang rules pack … --json` prints it (the fixture rules, signed).
const manifest = {
  format: 'cailiang-pack/1', version: 'test.1', title: '测试规则集', created: '2026-12-06', signer: '06ec9263459bdcce',
  lists: [{ id: 'SCJG-L1', title: '测试轻微不罚清单', doc_number: null, effective: '2024-01-01', until: '2028-12-31' }],
  changes: { since: null, added: [], removed: [], changed: [] },
};

test('a list is named with its 文号 and dates as an officer cites it', () => {
  assert.equal(listLine({ title: '轻微违法行为不予处罚清单', doc_number: '湘市监发〔2023〕5号', effective: '2023-03-01', until: null }),
    '轻微违法行为不予处罚清单（湘市监发〔2023〕5号，2023年3月1日起施行）');
  assert.equal(listLine(manifest.lists[0]), '测试轻微不罚清单（2024年1月1日起施行，至2028年12月31日）');
  assert.equal(zhDate('2026-12-06'), '2026年12月6日');
});

test('the library in use says whether it is a signed pack or the built-in reference library', () => {
  assert.equal(inUseLine({ title: '测试规则集', version: 'test.1', pack: { version: 'test.1', signer: 'abc' } }),
    '测试规则集（签发包版本 test.1，签发密钥 abc）');
  assert.match(inUseLine({ title: '参考库', version: '2026.11.1', pack: null }), /内置参考库，版本 2026\.11\.1/);
});

test('before switching, the changes against the library in use are listed', () => {
  const lines = changeLines({
    manifest, benchmarks: 9, exemptions: 4,
    against_current: { since: '2026.11.1', added: ['X-1'], removed: Array.from({ length: 20 }, (_, i) => `SCJG-${100 + i}`), changed: [] },
  });
  assert.match(lines[0], /版本 test\.1，2026年12月6日签发，签发密钥 06ec9263459bdcce/);
  assert.equal(lines[1], '内容：裁量基准 9 项，免罚事项 4 项，依据清单 1 份');
  assert.equal(lines[2], '与当前使用的库相比：新增 1 项，删除 20 项，修改 0 项');
  assert.equal(lines[3], '新增：X-1');
  assert.match(lines[4], /^删除：SCJG-100、.*SCJG-111 等 20 项$/);
  const same = changeLines({ manifest, benchmarks: 1, exemptions: 0, against_current: { added: [], removed: [], changed: [] } });
  assert.equal(same[2], '与当前使用的库相比：事项没有变化');
  const replaces = changeLines({
    manifest: { ...manifest, changes: { since: 'test.0', added: [], removed: [], changed: ['SCJG-001'] } },
    against_current: {},
  });
  assert.equal(replaces.at(-1), '签发方说明：相对于版本 test.0，新增 0 项，删除 0 项，修改 1 项');
});

test('a pack on the shelf: in use, switchable, or not usable with the reason', () => {
  assert.deepEqual(packRow({ file: 'test.1-4e40.clpack', manifest, active: true, problem: null }), {
    file: 'test.1-4e40.clpack', version: 'test.1', signer: '06ec9263459bdcce', created: '2026年12月6日', state: '使用中', usable: false,
  });
  assert.equal(packRow({ file: 'a', manifest, active: false, problem: null }).usable, true);
  const broken = packRow({ file: 'b', manifest: null, active: false, problem: 'signed by key 1234, which is not trusted' });
  assert.equal(broken.usable, false);
  assert.match(broken.state, /^无法使用：.*not trusted/);
});

test('关于 says whether search ranks by meaning, and how far a library\'s vectors have got', () => {
  assert.deepEqual(meaningLine({ state: 'ready', model: '/usr/lib/cailiang/e5-small-q4.bin' }),
    { text: '可用：字词对不上时，再按意思查找相近事项', preparing: false });
  assert.deepEqual(meaningLine({ state: 'preparing', done: 12, total: 40 }),
    { text: '正在为本库计算词义向量（12/40），完成前仅按字词查找', preparing: true });
  assert.equal(meaningLine({ state: 'preparing', done: 0, total: 0 }).text, '正在载入词义模型，完成前仅按字词查找');
  assert.deepEqual(meaningLine({ state: 'unavailable', reason: 'no embedding model' }),
    { text: '不可用，仅按字词查找：no embedding model', preparing: false });
  assert.equal(meaningLine(undefined).preparing, false);
});
