// Item detail (issue 14): the sources as users read them. The library's notes, written for its
// maintainers too, carry confidence marks, compared copies, web addresses and rule-file codes.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, readdirSync } from 'node:fs';
import { userSource } from '../../ui/js/provenance.js';

const ROOT = new URL('../../', import.meta.url);

test('confidence marks, compared copies and rule-file codes are taken out; the law and the reasoning stay', () => {
  assert.equal(userSource('《医疗废物管理条例》第十六条第一款、第四十六条第（二）项（LawRefBook 2011修订文本核对，H；citations-B.tsv 同此）。可以并处5000元以下罚款；逾期不改正的，处5000元以上3万元以下（escalations，refused_correction）'),
    '《医疗废物管理条例》第十六条第一款、第四十六条第（二）项。可以并处5000元以下罚款；逾期不改正的，处5000元以上3万元以下');
  assert.equal(userSource('《土地复垦条例》第十七条第一款、第四十一条（H）'), '《土地复垦条例》第十七条第一款、第四十一条');
  assert.equal(userSource('《食品安全法》第三十四条第（六）项、第一百二十四条第一款第（四）项（2021、2025修正文本一致）'),
    '《食品安全法》第三十四条第（六）项、第一百二十四条第一款第（四）项（2021、2025修正文本一致）', 'a plain note is kept as it is');
  assert.equal(userSource('《城市市容和环境卫生管理条例》（2017修订）第三十八条（LawRefBook 文本核对）：除责令恢复原状外，可以并处罚款；条例未定罚款数额，故不设 fine。盗窃、损坏环卫设施应予治安管理处罚的，由公安机关依治安管理处罚法处理'),
    '《城市市容和环境卫生管理条例》（2017修订）第三十八条：除责令恢复原状外，可以并处罚款；条例未定罚款数额。盗窃、损坏环卫设施应予治安管理处罚的，由公安机关依治安管理处罚法处理');
});

test('web addresses and where a page was read are taken out; the title, 文号 and dates stay', () => {
  assert.equal(userSource('重庆市卫生健康委员会《重庆市卫生健康领域轻微违法行为不予处罚事项清单》（渝卫发〔2023〕13号，2023-05-08施行）第1项（医疗卫生类），法律依据《护士条例》第二十八条第（二）项；读自 cornels-photography.com/paper/272094482.html 转载的清单附件1开头（M）。清单只写“延续执业注册”一种情形；“逾期未超过30天”无对应事实代码，须由执法人员核实'),
    '重庆市卫生健康委员会《重庆市卫生健康领域轻微违法行为不予处罚事项清单》（渝卫发〔2023〕13号，2023-05-08施行）第1项（医疗卫生类），法律依据《护士条例》第二十八条第（二）项。清单只写“延续执业注册”一种情形；“逾期未超过30天”无对应事实代码，须由执法人员核实');
  assert.equal(userSource('衡阳市水利局不予处罚事项清单（2022年9月2日）第2项，据衡阳市人民政府网站公开页面（https://www.hengyang.gov.cn/rdzt/zwzt/xzzfsxzdggzl/zdjs/20221101/i2829740.html）所载表格，置信度 M'),
    '衡阳市水利局不予处罚事项清单（2022年9月2日）第2项，据衡阳市人民政府网站公开页面所载表格');
});

test('the library’s bookkeeping (which entry took whose number) is not shown', () => {
  const out = userSource('威海市应急管理局《威海市应急管理局轻微违法行为可以不予行政处罚事项清单》（安全生产领域，2025-02-17，索引号11371000004313776Q/2025-00392，无文号）第3项，法定依据列《生产安全事故应急预案管理办法》第十条第一款、第四十五条第一款（市局网站原文，可信度H）。清单参照山东省司法厅《山东省轻微违法行为不予行政处罚和一般违法行为减轻行政处罚事项清单》制定。为保持免罚事项总数，删去本库参考事项 YJGL-L2第4项（未设安全警示标志的首违不罚，同一基准另有轻微不罚事项），其编号移用于此');
  assert.equal(out, '威海市应急管理局《威海市应急管理局轻微违法行为可以不予行政处罚事项清单》（安全生产领域，2025-02-17，索引号11371000004313776Q/2025-00392，无文号）第3项，法定依据列《生产安全事故应急预案管理办法》第十条第一款、第四十五条第一款。清单参照山东省司法厅《山东省轻微违法行为不予行政处罚和一般违法行为减轻行政处罚事项清单》制定。');
});

test('brackets are never left open: a clause cut around a bracket takes the whole bracket', () => {
  const out = userSource('现行：《生态环境法典》第二百五十一条、第一千一百三十一条第三款（H），对单位处1万元以上10万元以下罚款，对个人处500元以上2000元以下罚款（qcmuu/just-laws 2026文本核对；两档以 fine_by_party 分列）。现行规范设 limitation（《生态环境法典》第一千零五十四条：造成环境污染、生态破坏等危害后果的违法行为五年内被发现的应当处罚，其他二年）；2026-08-15前的旧法规范无此规定');
  assert.equal(out, '现行：《生态环境法典》第二百五十一条、第一千一百三十一条第三款，对单位处1万元以上10万元以下罚款，对个人处500元以上2000元以下罚款。2026-08-15前的旧法规范无此规定');
});

test('a note naming the CLI (--amount) loses that clause only', () => {
  assert.equal(userSource('从责令限期改正之日起按每使用一名童工每月1万元处罚（《禁止使用童工规定》第六条第二款）；此时 --amount 为自责令限期改正之日起的人·月数，此前的使用期间仍按每人每月5000元计罚'),
    '从责令限期改正之日起按每使用一名童工每月1万元处罚（《禁止使用童工规定》第六条第二款）；此前的使用期间仍按每人每月5000元计罚');
});

test('empty or missing notes stay empty', () => {
  assert.equal(userSource(''), '');
  assert.equal(userSource(undefined), '');
  assert.equal(userSource('（H）'), '');
});

/** Every provenance and first_offense_rule string of the bundled rules. */
function allNotes() {
  const notes = [];
  for (const dir of ['departments', 'cases']) {
    const base = new URL(`rules/${dir}/`, ROOT);
    for (const f of readdirSync(base).filter((n) => n.endsWith('.toml'))) {
      for (const m of readFileSync(new URL(f, base), 'utf8').matchAll(/^\s*(?:provenance|first_offense_rule)\s*=\s*"((?:[^"\\]|\\.)*)"/gm)) {
        notes.push(m[1]);
      }
    }
  }
  return notes;
}

test('over every note in the bundled rules: no address, mark, code or open bracket reaches the user', () => {
  const notes = allNotes();
  assert.ok(notes.length > 800, `${notes.length} notes`);
  for (const n of notes) {
    const u = userSource(n);
    const where = `${n.slice(0, 80)} -> ${u.slice(0, 80)}`;
    assert.doesNotMatch(u, /https?:|www\.|\.(?:com|cn|html?)\b/, where);
    assert.doesNotMatch(u, /（[HML]）|\([HML]\)|可信度|置信度|LawRefBook|just-laws|\.toml/, where);
    assert.doesNotMatch(u, /[a-z_]{3,}/, `${where}: no rule-file codes`);
    assert.equal((u.match(/（/g) ?? []).length, (u.match(/）/g) ?? []).length, `${where}: brackets balanced`);
    if (/[\u4e00-\u9fff]{6}/.test(n.replace(/（[^（）]*）/g, ''))) assert.ok(u.length > 0 || /为保持免罚事项总数/.test(n), where);
  }
});

test('the item detail and the library show the notes through userSource, and never the rule file', () => {
  const detail = readFileSync(new URL('ui/js/views/detail.js', ROOT), 'utf8');
  assert.doesNotMatch(detail, /s\.origin|规则文件/);
  assert.match(detail, /userSource\(e\.note\)/, 'escalation notes too (one names the CLI flag --amount)');
  assert.match(detail, /userSource\(t\.note\)/);
  assert.match(detail, /row\('依据', userSource\(e\.provenance\)/);
  assert.match(detail, /row\('编写依据', userSource\(d\.provenance\)/);
  const library = readFileSync(new URL('ui/js/views/library.js', ROOT), 'utf8');
  assert.match(library, /userSource\(l\.provenance\)/);
  assert.doesNotMatch(library.replace(/userSource\([^)]*\)/g, ''), /\.provenance/);
});

test('a caveat about the source stays: the officer sees that an item is not yet checked', () => {
  const note = '另有基层案例报道称“经营超过保质期食品”系适用首违不罚清单（一），来源之间不一致，待核对原文。';
  const out = userSource(note);
  assert.match(out, /来源之间不一致/);
  assert.match(out, /待核对原文/);
  // A caveat that names the tool it was checked with keeps its meaning without the tool.
  assert.doesNotMatch(userSource('第3、4项原文未见（LawRefBook 未收录）。'), /LawRefBook/);
});
