// Page helpers for the playground, written in terms of what a person sees and does.
import type { Page } from 'playwright-core';

export async function paneReady(page: Page, side: 'left' | 'right', timeout = 90_000): Promise<void> {
  await page.locator(`[data-testid="pane-${side}"][data-status="ready"]`).waitFor({ timeout });
}

export async function bothReady(page: Page): Promise<void> {
  await paneReady(page, 'left');
  await paneReady(page, 'right');
}

/** The top label shown in a pane, once the pane is idle again. */
export async function topLabel(page: Page, side: 'left' | 'right'): Promise<string> {
  const pane = page.getByTestId(`pane-${side}`);
  await pane.locator('[data-testid="predictions"]').waitFor({ timeout: 60_000 });
  await paneReady(page, side);
  const first = pane.locator('[data-testid="predictions"] li').first();
  if (await first.count()) return (await first.getAttribute('data-label')) ?? '';
  return (await pane.locator('[data-testid="predictions"]').getAttribute('data-label')) ?? '';
}

/** Text of an element, waiting for it generously: a loaded 2-core CI machine can take a while to render. */
export async function text(page: Page, testId: string): Promise<string> {
  return (await page.getByTestId(testId).first().textContent({ timeout: 90_000 })) ?? '';
}
