// PDFs draw CJK Extension B characters (e.g. 𠮷 in some people's names) with HanaMinB from Debian's
// fonts-hanazono; Noto Sans SC (an npm dependency) has the rest. When the font is missing, install it with
// apt-get if we are root; otherwise fail and name the package. Run by `npm start` (prestart) and `npm test`.
import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';

export const FONT_PACKAGES = ['fonts-hanazono'];
export const FALLBACK_FONT_DIR = process.env.EXAM_FALLBACK_FONT_DIR ?? '/usr/share/fonts/truetype/hanazono';
export const FALLBACK_FONT = `${FALLBACK_FONT_DIR}/HanaMinB.ttf`;

export function fontsMissing() {
  return !existsSync(FALLBACK_FONT);
}

export function ensureFonts() {
  if (!fontsMissing()) return;
  const isRoot = typeof process.getuid === 'function' && process.getuid() === 0;
  if (!isRoot || !existsSync('/usr/bin/apt-get')) {
    throw new Error(
      `生成 PDF 需要 Debian 软件包 ${FONT_PACKAGES.join(' ')}（缺少 ${FALLBACK_FONT}，「𠮷」等生僻字无法显示）。` +
        `请以 root 运行：apt-get install -y ${FONT_PACKAGES.join(' ')}`,
    );
  }
  console.log(`正在安装 ${FONT_PACKAGES.join(' ')}（apt-get）…`);
  const env = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' };
  execFileSync('apt-get', ['update', '-qq'], { stdio: 'inherit', env });
  execFileSync('apt-get', ['install', '-y', '-qq', '--no-install-recommends', ...FONT_PACKAGES], {
    stdio: 'inherit',
    env,
  });
  if (fontsMissing()) throw new Error(`安装后仍找不到 ${FALLBACK_FONT}：请检查软件包 fonts-hanazono`);
}

if (import.meta.url === `file://${process.argv[1]}`) {
  try {
    ensureFonts();
  } catch (error) {
    console.error(error instanceof Error ? error.message : error);
    process.exit(1);
  }
}
