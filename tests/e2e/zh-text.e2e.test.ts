// 中文 mode has no English-only text (issue 14 part 7): every view, with every <details> unfolded (recipe details,
// per-layer reports of the right pane's compressed variant, warnings), is scanned for visible text nodes with no
// Chinese character that read as English words. Names, units and operators are single tokens (MatMul, ms, KB,
// PP-OCRv4, /conv1/Conv) and never match "two English words"; the allow-list holds only such proper names.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { bothReady } from './lab-page';
import { startSite, type Site } from './site';

let site: Site;
beforeAll(async () => {
  site = await startSite();
});
afterAll(async () => site?.close());

/** Proper names that are two words in every language. */
const NAMES = [/^Noto Sans/, /^Web ?GPU$/i, /^Hugging Face$/];

describe('中文 mode', () => {
  it('finds no English-only text node in any view', async () => {
    const { page, log } = await site.open();
    await bothReady(page);
    await page.getByTestId('language').selectOption('zh');
    const scan = () => page.evaluate(() => {
      document.querySelectorAll('details').forEach((d) => (d.open = true));
      const found = new Set<string>();
      const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
      for (let n = walker.nextNode(); n; n = walker.nextNode()) {
        const t = (n.textContent ?? '').trim();
        const el = n.parentElement;
        if (!t || !el || el.closest('script,style,[hidden]') || !el.checkVisibility()) continue;
        if (/\p{Script=Han}/u.test(t)) continue;
        if (/[A-Za-z]{3,}\s+[A-Za-z]{3,}/.test(t)) found.add(t.slice(0, 120));
      }
      return [...found];
    });
    const english: string[] = [];
    for (const tab of ['compare', 'sweep', 'sensitivity', 'tour', 'compare']) {
      await page.getByTestId(`tab-${tab}`).click();
      await page.waitForTimeout(500);
      for (const t of await scan()) if (!NAMES.some((re) => re.test(t))) english.push(`${tab}: ${t}`);
    }
    expect(english).toEqual([]);
    expect(log.errors).toEqual([]);
  }, 90_000);
});
