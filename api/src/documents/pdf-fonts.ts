import { existsSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';

/**
 * Fonts for PDFs.
 *
 * - Noto Sans SC 400/700 (from `@expo-google-fonts/noto-sans-sc`, OFL) draws Latin, CJK and CJK Ext-A (䶮).
 * - Characters Noto Sans SC lacks — CJK Extension B and later (𠮷, U+20BB7), which some people's names
 *   use — are drawn with HanaMinB (Debian `fonts-hanazono`), and BMP stragglers with HanaMinA. Text is split
 *   into runs per font (`splitRuns`); a character that no font has is an error, never a blank box.
 *
 * Warm font cache: pdfkit parses each font file again for every document (`fontkit.create`), ~30 ms for
 * these CJK fonts. The fonts are parsed once per thread here and handed to pdfkit through a small fontkit
 * "format" that recognises a 16-byte token and returns the already-parsed font. Each document still gets
 * its own subset; only the parsed tables are shared.
 */

export const FALLBACK_FONT_PACKAGE = 'fonts-hanazono';
export const DEFAULT_FALLBACK_FONT_DIR = '/usr/share/fonts/truetype/hanazono';

export type FontName = 'NotoSansSC' | 'HanaMinB' | 'HanaMinA';

/** A font file is missing: a fault of the installation (names the Debian package to install). */
export class FontUnavailable extends Error {
  override name = 'FontUnavailable';
}

/** A character that no font has (e.g. an emoji typed into a name): a fault of the data. */
export class UnsupportedCharacter extends Error {
  override name = 'UnsupportedCharacter';
}

interface FontkitFont {
  hasGlyphForCodePoint(codePoint: number): boolean;
  glyphForCodePoint(codePoint: number): { advanceWidth: number };
  unitsPerEm: number;
  postscriptName: string;
}

interface Fontkit {
  create(buffer: Uint8Array): FontkitFont;
  registerFormat(format: unknown): void;
}

const require = createRequire(import.meta.url);
/** pdfkit's own fontkit instance (the one it calls `create` on), whichever copy npm installed */
const fontkit = createRequire(createRequire(require.resolve('pdfmake')).resolve('pdfkit'))(
  'fontkit',
) as Fontkit;

const TOKEN_MAGIC = 'EXAMFONT';
const parsed = new Map<string, FontkitFont>();

/** Hands pdfkit an already-parsed font for a token buffer (see the module comment). */
class CachedFontFormat {
  static probe(buffer: Uint8Array): boolean {
    return buffer.length === 16 && Buffer.from(buffer.subarray(0, 8)).toString('latin1') === TOKEN_MAGIC;
  }

  constructor(stream: { buffer: Uint8Array }) {
    const font = parsed.get(Buffer.from(stream.buffer).toString('latin1'));
    if (!font) throw new Error('font token without a parsed font');
    return font as unknown as CachedFontFormat;
  }
}
fontkit.registerFormat(CachedFontFormat);

function tokenFor(id: string, font: FontkitFont): Buffer {
  const token = Buffer.alloc(16, 0x5f);
  token.write(`${TOKEN_MAGIC}${id}`.slice(0, 16), 'latin1');
  parsed.set(token.toString('latin1'), font);
  return token;
}

export interface FontOptions {
  /** folder of HanaMinA.ttf / HanaMinB.ttf; default `EXAM_FALLBACK_FONT_DIR` or Debian's location */
  fallbackFontDir?: string;
}

export interface LoadedFonts {
  /** pdfmake font dictionary entries: file name (in pdfmake's virtual file system) per style */
  files: Record<FontName, { normal: string; bold: string }>;
  /** token buffers to put into pdfmake's virtual file system under those names */
  vfs: Record<string, Buffer>;
  splitRuns(text: string): { text: string; font: FontName }[];
  /**
   * The advance width of a character in em (its font's, bold or not), for laying out lines before pdfmake
   * does (pdf-renderer.ts wraps text itself: pdfmake makes one layout item per CJK character otherwise).
   */
  advance(char: string, bold: boolean): number;
}

function loadFont(path: string, id: string): { font: FontkitFont; token: Buffer } {
  const font = fontkit.create(readFileSync(path));
  return { font, token: tokenFor(id, font) };
}

export function notoSansScPaths(): { regular: string; bold: string } {
  return {
    regular: require.resolve('@expo-google-fonts/noto-sans-sc/400Regular/NotoSansSC_400Regular.ttf'),
    bold: require.resolve('@expo-google-fonts/noto-sans-sc/700Bold/NotoSansSC_700Bold.ttf'),
  };
}

function fallbackMissing(path: string): FontUnavailable {
  return new FontUnavailable(
    `生成 PDF 需要 CJK 扩展 B 区字体 ${path}（用于「𠮷」等生僻字），但该文件不存在。` +
      `请安装 Debian 软件包 ${FALLBACK_FONT_PACKAGE}：apt-get install -y ${FALLBACK_FONT_PACKAGE}` +
      `（或设置 EXAM_FALLBACK_FONT_DIR 指向 HanaMinB.ttf 所在目录）`,
  );
}

/**
 * Loads (once per thread and fallback folder) every font. Throws `FontUnavailable` naming the Debian
 * package when the fallback font is missing: a PDF with a blank box in a person's name is worse than none.
 */
export function loadFonts(options: FontOptions = {}): LoadedFonts {
  const dir = options.fallbackFontDir ?? process.env.EXAM_FALLBACK_FONT_DIR ?? DEFAULT_FALLBACK_FONT_DIR;
  const cached = loadedByDir.get(dir);
  if (cached) return cached;
  const hanaBPath = `${dir}/HanaMinB.ttf`;
  const hanaAPath = `${dir}/HanaMinA.ttf`;
  if (!existsSync(hanaBPath)) throw fallbackMissing(hanaBPath);
  const noto = notoSansScPaths();
  const notoRegular = sharedFont(noto.regular, 'NotoR');
  const notoBold = sharedFont(noto.bold, 'NotoB');
  const hanaB = sharedFont(hanaBPath, `HanaB${loadedByDir.size}`);
  let hanaA: { font: FontkitFont; token: Buffer } | null | undefined;
  const loadHanaA = () => {
    if (hanaA === undefined)
      hanaA = existsSync(hanaAPath) ? sharedFont(hanaAPath, `HanaA${loadedByDir.size}`) : null;
    return hanaA;
  };
  const vfs: Record<string, Buffer> = {
    'NotoSansSC-Regular.ttf': notoRegular.token,
    'NotoSansSC-Bold.ttf': notoBold.token,
    'HanaMinB.ttf': hanaB.token,
  };
  const fontOf = new Map<number, FontName>();
  const choose = (cp: number, ch: string): FontName => {
    let name = fontOf.get(cp);
    if (name) return name;
    if (cp < 0x20 || notoRegular.font.hasGlyphForCodePoint(cp)) name = 'NotoSansSC';
    else if (hanaB.font.hasGlyphForCodePoint(cp)) name = 'HanaMinB';
    else if (loadHanaA()?.font.hasGlyphForCodePoint(cp)) {
      name = 'HanaMinA';
      vfs['HanaMinA.ttf'] = hanaA!.token;
    } else {
      const hex = cp.toString(16).toUpperCase().padStart(4, '0');
      throw new UnsupportedCharacter(
        `字符「${ch}」（U+${hex}）没有可用的字体，无法生成 PDF；请检查该文字是否录入有误`,
      );
    }
    fontOf.set(cp, name);
    return name;
  };
  const advances = [new Map<number, number>(), new Map<number, number>()];
  const fontkitFont = (name: FontName, bold: boolean): FontkitFont =>
    name === 'NotoSansSC'
      ? bold
        ? notoBold.font
        : notoRegular.font
      : name === 'HanaMinB'
        ? hanaB.font
        : hanaA!.font;
  const loaded: LoadedFonts = {
    advance(char, bold) {
      const cp = char.codePointAt(0)!;
      const cache = advances[bold ? 1 : 0]!;
      let em = cache.get(cp);
      if (em === undefined) {
        const font = fontkitFont(choose(cp, char), bold);
        em = font.glyphForCodePoint(cp).advanceWidth / font.unitsPerEm;
        cache.set(cp, em);
      }
      return em;
    },
    files: {
      NotoSansSC: { normal: 'NotoSansSC-Regular.ttf', bold: 'NotoSansSC-Bold.ttf' },
      HanaMinB: { normal: 'HanaMinB.ttf', bold: 'HanaMinB.ttf' },
      HanaMinA: { normal: 'HanaMinA.ttf', bold: 'HanaMinA.ttf' },
    },
    vfs,
    splitRuns(text) {
      const runs: { text: string; font: FontName }[] = [];
      for (const ch of text) {
        const font = choose(ch.codePointAt(0)!, ch);
        const last = runs.at(-1);
        if (last && last.font === font) last.text += ch;
        else runs.push({ text: ch, font });
      }
      return runs;
    },
  };
  loadedByDir.set(dir, loaded);
  return loaded;
}

const loadedByDir = new Map<string, LoadedFonts>();
const sharedByPath = new Map<string, { font: FontkitFont; token: Buffer }>();

function sharedFont(path: string, id: string) {
  let entry = sharedByPath.get(path);
  if (!entry) sharedByPath.set(path, (entry = loadFont(path, id)));
  return entry;
}
