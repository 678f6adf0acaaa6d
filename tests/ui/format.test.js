import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  citeText, formatBand, formatDate, formatDateTime, formatFineRule, formatYuan, joinZh, shortHash,
} from '../../ui/js/format.js';

test('yuan are grouped by thousands, cents only when there are any', () => {
  assert.equal(formatYuan(0), '0');
  assert.equal(formatYuan(500), '500');
  assert.equal(formatYuan(5000), '5,000');
  assert.equal(formatYuan(2000000), '2,000,000');
  assert.equal(formatYuan(1234.5), '1,234.50');
  assert.equal(formatYuan(3649.999), '3,650');
  assert.equal(formatYuan(-1200), '-1,200');
  assert.equal(formatYuan(null), '');
  assert.equal(formatYuan('abc'), '');
});

test('bands read as 以下, 至, or a single amount', () => {
  assert.equal(formatBand({ min_yuan: 0, max_yuan: 5000 }), '5,000 元以下');
  assert.equal(formatBand({ min_yuan: 3500, max_yuan: 5000 }), '3,500 元至 5,000 元');
  assert.equal(formatBand({ min_yuan: 200, max_yuan: 200 }), '200 元');
  assert.equal(formatBand(null), '—');
  assert.equal(formatBand(undefined, '不处罚款'), '不处罚款');
});

test('fine rules: fixed ranges and multiples with their fallback', () => {
  assert.equal(formatFineRule({ kind: 'fixed', band: { min_yuan: 100000, max_yuan: 500000 } }), '100,000 元至 500,000 元');
  assert.equal(
    formatFineRule({ kind: 'multiple', per: 'gain', min_times: 1, max_times: 5, fallback: { min_yuan: 0, max_yuan: 50000 }, fallback_below: 0 }),
    '违法所得 1 倍以上 5 倍以下；没有违法所得的，50,000 元以下',
  );
  assert.equal(
    formatFineRule({ kind: 'multiple', per: 'amount', min_times: 0.5, max_times: 3, fallback: { min_yuan: 10000, max_yuan: 50000 }, fallback_below: 10000 }, '货值金额'),
    '货值金额 0.5 倍以上 3 倍以下；货值金额不足 10,000 元的，10,000 元至 50,000 元',
  );
  assert.equal(formatFineRule({ kind: 'multiple', per: 'amount', min_times: 1, max_times: 2, fallback: null, fallback_below: 0 }), '涉案金额 1 倍以上 2 倍以下');
  assert.equal(formatFineRule(null), '未设定罚款');
});

test('dates, times and hashes', () => {
  assert.equal(formatDate('2026-03-01'), '2026年3月1日');
  assert.equal(formatDate('2026-12-31'), '2026年12月31日');
  assert.equal(formatDate('2026/3/1'), '');
  assert.equal(formatDate(null), '');
  assert.equal(formatDateTime('2026-11-26 19:47:05'), '2026-11-26 19:47');
  assert.equal(shortHash('10528c41c4a6918a98f5260ecaf81a40'), '10528c41c4a6');
  assert.equal(shortHash('10528c41c4a6918a98f5260ecaf81a40').length, 12);
  assert.equal(shortHash(undefined), '');
});

test('citations are in 《…》第N条 form, with a version label only when given', () => {
  assert.equal(citeText({ law: '中华人民共和国价格法', article: '第四十二条', gist: 'x' }), '《中华人民共和国价格法》第四十二条');
  assert.equal(citeText({ law: '中华人民共和国渔业法', article: '第三十条第一款', version: '2013修正' }), '《中华人民共和国渔业法》（2013修正）第三十条第一款');
  assert.equal(joinZh(['责令改正', '批评教育']), '责令改正、批评教育');
  assert.equal(joinZh([]), '—');
  assert.equal(joinZh([null, '', '警告']), '警告');
});
