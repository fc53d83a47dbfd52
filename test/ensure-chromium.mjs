// Browser tests use Debian's Chromium (Playwright cannot download its own browsers here). When it is
// missing, install it with apt if we are root; otherwise fail and name the package. Never skip silently.
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';

export const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
// fonts-noto-cjk: Chinese text must render in the browser, not as boxes;
// fonts-hanazono: the PDF renderer's fallback font for CJK Extension B (e.g. 𠮷), see scripts/ensure-fonts.mjs
const PACKAGES = ['chromium', 'fonts-noto-cjk', 'fonts-hanazono'];
const HANAZONO = '/usr/share/fonts/truetype/hanazono/HanaMinB.ttf';

function fontsMissing() {
  const r = spawnSync('fc-list', [':lang=zh'], { encoding: 'utf8' });
  return r.status !== 0 || !r.stdout.trim();
}

export function ensureChromium() {
  if (existsSync(CHROMIUM) && !fontsMissing() && existsSync(HANAZONO)) return;
  const isRoot = typeof process.getuid === 'function' && process.getuid() === 0;
  if (!isRoot || !existsSync('/usr/bin/apt-get')) {
    throw new Error(
      `浏览器与 PDF 测试需要 Debian 软件包 ${PACKAGES.join(' ')}（${CHROMIUM} 不存在或缺少中文字体）。请以 root 运行：apt-get install -y ${PACKAGES.join(' ')}`,
    );
  }
  console.log(`正在安装 ${PACKAGES.join(' ')}（apt-get）…`);
  const env = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' };
  execFileSync('apt-get', ['update', '-qq'], { stdio: 'inherit', env });
  execFileSync('apt-get', ['install', '-y', '-qq', '--no-install-recommends', ...PACKAGES], {
    stdio: 'inherit',
    env,
  });
  if (!existsSync(CHROMIUM)) throw new Error(`安装后仍找不到 ${CHROMIUM}：请检查软件包 chromium`);
  if (!existsSync(HANAZONO)) throw new Error(`安装后仍找不到 ${HANAZONO}：请检查软件包 fonts-hanazono`);
}

if (import.meta.url === `file://${process.argv[1]}`) ensureChromium();
