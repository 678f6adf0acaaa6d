/**
 * What the lookup says about a search result ({hits, match}): the status line, whether the list
 * is only 可能相关, and how many hits are worth showing. `match` is the core's one confidence rule
 * (confident | uncertain | none) for hit 1; the page never decides confidence itself.
 */

/** Hits scoring at least this share of hit 1 are worth showing; the rest are noise of n-grams. */
export const WORTH_SHOWING = 0.5;

/** The hits worth showing, in order (at least hit 1 when there is one). */
export function worthShowing(hits) {
  if (!hits?.length) return [];
  const top = hits[0].score ?? 0;
  return hits.filter((h, i) => i === 0 || (h.score ?? 0) >= top * WORTH_SHOWING);
}

/**
 * The status line and the list's heading for a result. `confident`: the first hit can be trusted;
 * otherwise the officer is told plainly that no item was found for certain.
 */
export function searchStatus(result) {
  const shown = worthShowing(result?.hits);
  const match = result?.match ?? 'none';
  if (!shown.length) {
    return {
      confident: false,
      shown,
      text: '未找到确切对应的事项。本库可能没有收录该违法行为，请换个说法（写出行为和对象），或向法制机构确认。',
    };
  }
  if (match === 'confident') {
    return {
      confident: true,
      shown,
      text: shown.length > 1 ? `找到相符事项，另有 ${shown.length - 1} 个相关事项` : '找到相符事项',
    };
  }
  return {
    confident: false,
    shown,
    text: `未找到确切对应的事项。以下 ${shown.length} 个为可能相关的事项，请逐一核对，必要时向法制机构确认。`,
  };
}
