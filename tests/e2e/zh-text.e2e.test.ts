// 中文 mode has no English-only text (issue 14 part 7): every view, with every <details> unfolded (recipe details,
// per-layer reports of the right pane's compressed variant, warnings), is scanned for visible text nodes with no
// Chinese character that read as English words. Names, units and operators are single tokens (MatMul, ms, KB,
// PP-OCRv4, /conv1/Conv) and never match "two English words"; the allow-list holds only such proper names.
// Besides the default model's views: the Scale lab tab; the digits CNN with a Recover step (training panel) and
// both panes measured (ensemble panel, progressive figures); and photo OCR (its stages and metric tiles).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DIGIT_STROKES, drawDigit } from './draw';
import { bothReady, paneReady, text } from './lab-page';
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
    const scan = (on: typeof page) => on.evaluate(() => {
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
    const check = async (where: string, on = page) => {
      for (const t of await scan(on)) if (!NAMES.some((re) => re.test(t))) english.push(`${where}: ${t}`);
    };
    for (const tab of ['compare', 'sweep', 'sensitivity', 'scale', 'tour', 'compare']) {
      await page.getByTestId(`tab-${tab}`).click();
      await page.waitForTimeout(500);
      await check(tab);
    }

    // Training panel, recovery report rows and the ensemble: prune + a short Recover on the right, both measured.
    const pruned = { s: [['prune-structured', { rate: 50 }]], b: 'wasm' };
    const recovered = { s: [['prune-structured', { rate: 50 }], ['recover', { steps: 50 }]], b: 'wasm' };
    const second = await site.open(`#m=digits-cnn&a=${encodeURIComponent(JSON.stringify(pruned))}&b=${encodeURIComponent(JSON.stringify(recovered))}`);
    const p2 = second.page;
    await p2.getByTestId('language').selectOption('zh');
    await p2.getByTestId('training-done-right').waitFor({ timeout: 60_000 });
    await bothReady(p2);
    await drawDigit(p2, DIGIT_STROKES['7']);
    await p2.getByTestId('measure-left').click();
    await p2.getByTestId('measure-right').click();
    for (const side of ['left', 'right']) await expect.poll(() => text(p2, `quality-${side}`), { timeout: 60_000 }).toMatch(/n = 2000/);
    await expect.poll(() => p2.getByTestId('ensemble').getAttribute('data-state'), { timeout: 30_000 }).toBe('ready');
    await paneReady(p2, 'left');
    await paneReady(p2, 'right');
    await check('digits + recover, measured', p2);

    // Photo OCR: three stages, its own tiles and notes.
    await p2.getByTestId('model-photo-ocr-ppocrv4').click();
    await bothReady(p2);
    await check('photo OCR', p2);
    expect(english).toEqual([]);
    expect(second.log.errors).toEqual([]);
    expect(log.errors).toEqual([]);
  }, 90_000);
});
