// 库管理's words: the library in use, a pack's changes before it is switched on, the packs on
// the shelf and their state. Pure: plain objects as the shelf commands return them.

const MAX_IDS = 12;

/** 《title》（文号，2024年1月1日起施行） — a list as an officer cites it. */
export function listLine(l) {
  const parts = [];
  if (l?.doc_number) parts.push(l.doc_number);
  if (l?.effective) parts.push(`${zhDate(l.effective)}起施行`);
  if (l?.until) parts.push(`至${zhDate(l.until)}`);
  return parts.length ? `${l.title}（${parts.join('，')}）` : String(l?.title ?? '');
}

/** 2024-01-01 → 2024年1月1日 (anything else as given). */
export function zhDate(iso) {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(String(iso ?? ''));
  return m ? `${m[1]}年${Number(m[2])}月${Number(m[3])}日` : String(iso ?? '');
}

/** Where the library in use comes from, in one sentence. */
export function inUseLine(v) {
  if (v?.pack) return `${v.title}（签发包版本 ${v.pack.version}，签发密钥 ${v.pack.signer}）`;
  return `${v?.title ?? ''}（程序内置参考库，版本 ${v?.version ?? '—'}）`;
}

function ids(list) {
  const shown = (list ?? []).slice(0, MAX_IDS).join('、');
  const more = (list ?? []).length - MAX_IDS;
  return more > 0 ? `${shown} 等 ${list.length} 项` : shown;
}

/**
 * What switching to an inspected pack changes, against the library in use: lines to show
 * before the officer confirms. Nothing changed is said as such.
 */
export function changeLines(inspection) {
  const m = inspection?.manifest ?? {};
  const c = inspection?.against_current ?? {};
  const lines = [
    `库包：${m.title ?? ''}，版本 ${m.version ?? '—'}，${zhDate(m.created)}签发，签发密钥 ${m.signer ?? '—'}（已核验签名和每个文件）`,
    `内容：裁量基准 ${inspection?.benchmarks ?? 0} 项，免罚事项 ${inspection?.exemptions ?? 0} 项，依据清单 ${(m.lists ?? []).length} 份`,
  ];
  const [a, r, ch] = [c.added ?? [], c.removed ?? [], c.changed ?? []];
  if (!a.length && !r.length && !ch.length) {
    lines.push('与当前使用的库相比：事项没有变化');
  } else {
    lines.push(`与当前使用的库相比：新增 ${a.length} 项，删除 ${r.length} 项，修改 ${ch.length} 项`);
    if (a.length) lines.push(`新增：${ids(a)}`);
    if (r.length) lines.push(`删除：${ids(r)}`);
    if (ch.length) lines.push(`修改：${ids(ch)}`);
  }
  const since = m.changes?.since;
  if (since) {
    const own = m.changes;
    lines.push(`签发方说明：相对于版本 ${since}，新增 ${own.added.length} 项，删除 ${own.removed.length} 项，修改 ${own.changed.length} 项`);
  }
  return lines;
}

/** A row of the shelf's table: the pack's name, signer, date and state. */
export function packRow(p) {
  const m = p?.manifest;
  let state = '可切换';
  if (p?.active) state = '使用中';
  if (p?.problem) state = `无法使用：${p.problem}`;
  return {
    file: p?.file ?? '',
    version: m?.version ?? '—',
    signer: m?.signer ?? '—',
    created: m ? zhDate(m.created) : '—',
    state,
    usable: Boolean(m) && !p?.problem && !p?.active,
  };
}

/**
 * 词义检索 for the library in use, as `meaning_status` reports it: {text, preparing}. While the
 * library's texts get their sentence vectors (an office pack's own items) search answers by words
 * alone; 关于 asks again until it is ready.
 */
export function meaningLine(s) {
  switch (s?.state) {
    case 'ready':
      return { text: '可用：字词对不上时，再按意思查找相近事项', preparing: false };
    case 'preparing':
      return {
        text: s.total > 0
          ? `正在为本库计算词义向量（${s.done}/${s.total}），完成前仅按字词查找`
          : '正在载入词义模型，完成前仅按字词查找',
        preparing: true,
      };
    case 'unavailable':
      return { text: `不可用，仅按字词查找：${s.reason || '原因不明'}`, preparing: false };
    default:
      return { text: '不可用，仅按字词查找：原因不明', preparing: false };
  }
}
