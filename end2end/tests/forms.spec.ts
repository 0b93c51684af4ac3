import { test, expect, Page } from '@playwright/test';
import { ARTIST, BUYER, hydrated, logIn } from './support';

// Every form at phone width (390 px): no field squeezed to a sliver, nothing wider than the screen; a
// screenshot of each is attached to the report.

async function checkForms(page: Page, path: string, info: import('@playwright/test').TestInfo): Promise<string[]> {
  await page.goto(path);
  await hydrated(page);
  const problems: string[] = await page.evaluate((path) => {
    const found: string[] = [];
    const overflow = document.documentElement.scrollWidth - window.innerWidth;
    if (overflow > 1) found.push(`${path}: the page is ${overflow}px wider than the screen`);
    for (const el of Array.from(document.querySelectorAll('main input, main select, main textarea'))) {
      const input = el as HTMLInputElement;
      if (['hidden', 'radio', 'checkbox', 'file'].includes(input.type) || input.classList.contains('sr-only')) continue;
      const box = input.getBoundingClientRect();
      if (box.width === 0 && box.height === 0) continue; // not shown (a closed <details>, another step)
      if (box.width < 96) found.push(`${path}: ${input.name || input.id || input.type} is ${Math.round(box.width)}px wide`);
      if (box.right > window.innerWidth + 1) found.push(`${path}: ${input.name || input.type} runs off the screen`);
    }
    return found;
  }, path);
  await info.attach(`form ${path}`, { body: await page.screenshot({ fullPage: true }), contentType: 'image/png' });
  return problems;
}

test.describe('at phone width', () => {
  test.use({ viewport: { width: 390, height: 844 } });

  test('every form keeps its fields usable', async ({ page, browser }, info) => {
    const found: string[] = [];
    for (const path of ['/login', '/signup', '/find-email', '/reset-password', '/artworks', '/verify']) {
      found.push(...(await checkForms(page, path, info)));
    }
    const buyer = await logIn(browser, BUYER, '/me');
    await buyer.setViewportSize({ width: 390, height: 844 });
    for (const path of ['/me/profile', '/me/wallet', '/me/auctions?tab=won', '/reviews/new']) {
      found.push(...(await checkForms(buyer, path, info)));
    }
    const artist = await logIn(browser, ARTIST, '/me');
    await artist.setViewportSize({ width: 390, height: 844 });
    for (const path of ['/sell', '/me/auctions?tab=sales']) {
      found.push(...(await checkForms(artist, path, info)));
    }
    expect(found, found.join('\n')).toEqual([]);
  });
});
