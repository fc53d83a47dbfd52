/**
 * Line breaking for Chinese (and mixed) text from the fonts' advance widths, shared by the pdfmake renderer
 * (pdf-renderer.ts) and the pdfkit canvas (pdf-canvas.ts): a line may break between any two CJK characters,
 * runs of printable ASCII (numbers, codes, Latin words) stay whole unless wider than a line, closing
 * punctuation never begins a line and opening punctuation never ends one.
 */

/** characters that must not begin a line (they go down with the character before them) */
const NO_LINE_START = new Set([...'，。、；：？！）》」』〕】〉”’…%,.;:?!)]}·']);
/** characters that must not end a line (they go down with the character after them) */
const NO_LINE_END = new Set([...'（《「『〔【〈“‘([{']);

/**
 * Breaks `value` (which may hold '\n') into lines no wider than `width` points at `fontSize`; `advance`
 * gives a character's advance width in em. A little (2 %) is kept in reserve for kerning.
 */
export function wrapText(
  value: string,
  width: number,
  fontSize: number,
  advance: (char: string) => number,
): string[] {
  const max = (width * 0.98) / fontSize;
  const widthOf = (token: string) => {
    let w = 0;
    for (const ch of token) w += advance(ch);
    return w;
  };
  const out: string[] = [];
  for (const paragraph of value.split('\n')) {
    const tokens: { t: string; w: number }[] = [];
    for (const t of paragraph.match(/[\x21-\x7e]+|[^]/gu) ?? []) {
      const w = widthOf(t);
      if (w > max && t.length > 1) for (const ch of t) tokens.push({ t: ch, w: widthOf(ch) });
      else tokens.push({ t, w });
    }
    let line: { t: string; w: number }[] = [];
    let lineWidth = 0;
    const text = (list: { t: string }[]) =>
      list
        .map((x) => x.t)
        .join('')
        .trimEnd();
    for (const token of tokens) {
      if (lineWidth + token.w > max && line.length) {
        const carry: typeof line = [];
        if (NO_LINE_START.has(token.t[0]!) && line.length > 1) carry.push(line.pop()!);
        while (line.length > 1 && NO_LINE_END.has(line.at(-1)!.t)) carry.unshift(line.pop()!);
        out.push(text(line));
        line = carry;
        lineWidth = carry.reduce((a, x) => a + x.w, 0);
      }
      if (!line.length && token.t === ' ') continue;
      line.push(token);
      lineWidth += token.w;
    }
    out.push(text(line));
  }
  return out;
}
