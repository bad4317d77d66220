// Which browser measured a benchmark: timings from Chrome 140 and Firefox 130 are not comparable.
import type { BrowserInfo } from './schema';

interface UADataLike {
  brands?: { brand: string; version: string }[];
  platform?: string;
}

export function browserInfo(nav: { userAgent?: string; userAgentData?: UADataLike } | undefined = globalThis.navigator as never): BrowserInfo {
  const ua = nav?.userAgent ?? '';
  const data = nav?.userAgentData;
  // Client hints list a GREASE brand ("Not A;Brand") and the engine ("Chromium"): prefer the product brand.
  const brands = (data?.brands ?? []).filter((b) => !/not.?a.?brand/i.test(b.brand));
  const best = brands.find((b) => b.brand !== 'Chromium') ?? brands[0];
  if (best) return { brand: best.brand, version: best.version, platform: data?.platform ?? '' };
  for (const [brand, pattern] of [
    ['Edge', /Edg\/([\d.]+)/],
    ['Firefox', /Firefox\/([\d.]+)/],
    ['Chrome', /Chrome\/([\d.]+)/],
    ['Safari', /Version\/([\d.]+).*Safari/],
    ['Node.js', /Node\.js\/([\d.]+)/],
  ] as const) {
    const match = pattern.exec(ua);
    if (match) return { brand, version: match[1], platform: '' };
  }
  return { brand: ua ? 'Unknown' : 'Unknown (no user agent)', version: '', platform: '' };
}
