import { startSite } from './site';
import { bothReady } from './lab-page';
const site = await startSite();
for (let trial = 0; trial < 2; trial++) {
  const { page } = await site.open();
  await bothReady(page);
  await page.getByTestId('tab-sweep').click();
  await page.getByTestId('sweep-none').click();
  for (const id of ['fp32', 'prune-unstructured-25', 'prune-unstructured-50', 'prune-unstructured-75', 'fp16']) await page.getByTestId(`sweep-check-${id}`).check();
  await page.getByTestId('sweep-eval-limit').fill('50');
  await page.getByTestId('sweep-run').click();
  await page.waitForFunction(() => document.querySelectorAll('[data-testid^="sweep-result-"]').length === 5 && !document.querySelector('[data-testid="sweep-progress"]'), null, { timeout: 120_000 });
  const rows = await page.locator('[data-testid^="sweep-result-"]').evaluateAll((els) => els.map((e) => `${e.getAttribute('data-testid')!.slice(13)}=${Number(e.getAttribute('data-median')).toFixed(3)}`));
  console.log(rows.join('  '));
  await page.close();
}
await site.close();
