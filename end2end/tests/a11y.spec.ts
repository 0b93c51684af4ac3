import { test, expect, Page } from '@playwright/test';
import AxeBuilder from '@axe-core/playwright';
import { ARTIST, BUYER, hydrated, logIn } from './support';

// axe-core on every page, for visitors, members, an artist and an admin, in Korean and in English, on
// the desktop and the phone (the two projects): no serious or critical violation of WCAG 2.1 A/AA.
const ADMIN = { email: 'admin@demo.artipul.kr', password: 'artipul-demo-2026' };

async function audit(page: Page, path: string): Promise<string[]> {
  const response = await page.goto(path);
  expect(response?.status(), path).toBeLessThan(500);
  await hydrated(page);
  // Wait until nothing is loading any more (Suspense fallbacks are marked aria-busy).
  await expect(page.locator('[aria-busy="true"]')).toHaveCount(0);
  const results = await new AxeBuilder({ page }).withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa']).analyze();
  return results.violations
    .filter((v) => v.impact === 'serious' || v.impact === 'critical')
    .map((v) => `${path}: ${v.id} (${v.impact}) — ${v.help}\n    ${v.nodes.slice(0, 3).map((n) => n.target.join(' ')).join('\n    ')}`);
}

async function auditAll(page: Page, paths: string[]) {
  const found: string[] = [];
  for (const path of paths) found.push(...(await audit(page, path)));
  expect(found, found.join('\n')).toEqual([]);
}

async function aLotPath(page: Page): Promise<string> {
  await page.goto('/');
  const href = await page.getByTestId('ending-soon').locator('a[href^="/artworks/"]').first().getAttribute('href');
  return href!;
}

test('visitor pages have no serious accessibility violation, in Korean and in English', async ({ page, context, baseURL }) => {
  const lot = await aLotPath(page);
  const paths = [
    '/', '/artworks', '/artworks?g=%ED%9A%8C%ED%99%94', lot, '/reviews', '/reviews/1', '/about', '/login', '/signup',
    '/find-email', '/reset-password', '/verify', `/artists/${encodeURIComponent(ARTIST.nickname)}`, '/no/such/page',
  ];
  await auditAll(page, paths);
  await context.addCookies([{ name: 'artipul_locale', value: 'en', url: baseURL! }]);
  await auditAll(page, ['/', '/artworks', lot, '/reviews', '/about', '/login']);
});

test('member, artist and admin pages have no serious accessibility violation', async ({ browser }) => {
  const buyer = await logIn(browser, BUYER, '/me');
  await auditAll(buyer, [
    '/me', '/me/profile', '/me/wallet', '/me/auctions?tab=bidding', '/me/auctions?tab=won', '/me/notifications', '/reviews/new',
  ]);
  const artist = await logIn(browser, ARTIST, '/me');
  await auditAll(artist, ['/sell', '/me/auctions?tab=sales']);
  const admin = await logIn(browser, ADMIN, '/admin');
  await auditAll(admin, ['/admin', '/admin/audit', '/admin/disputes', '/admin/members']);
});
