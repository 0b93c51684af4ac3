import { test, expect } from '@playwright/test';

test.describe('home page', () => {
  test('is rendered on the server with demo data and works without JavaScript', async ({ browser, baseURL }) => {
    const context = await browser.newContext({ javaScriptEnabled: false, baseURL });
    const page = await context.newPage();
    await page.goto('/');
    await expect(page.getByTestId('hero-title')).toHaveText('미대생의 오늘을, 당신의 벽에.');
    const endingSoon = page.getByTestId('ending-soon').getByTestId('artwork-card');
    await expect(endingSoon).toHaveCount(8);
    await expect(endingSoon.first().getByRole('img')).toHaveAttribute('src', /\/media\/artworks\/.+\/400\.jpg$/);
    await expect(page.getByTestId('artist-card').first()).toContainText('대학');
    await expect(page.getByText('₩').first()).toBeVisible();
    await expect(page.getByTestId('genre-shortcut')).toHaveCount(3);
    await context.close();
  });

  test('hydrates: the language switch changes the page in place, without a reload', async ({ page }) => {
    await page.goto('/');
    await expect(page.locator('body')).toHaveAttribute('data-hydrated', 'true');
    await page.evaluate(() => ((window as any).__sameDocument = true));

    await page.getByTestId('language-switch').click();
    await expect(page.locator('html')).toHaveAttribute('lang', 'en');
    await expect(page.getByTestId('hero-title')).toHaveText("Today's art students, on your wall.");
    expect(await page.evaluate(() => (window as any).__sameDocument)).toBe(true);

    // The choice survives a reload (cookie), rendered by the server this time.
    await page.reload();
    await expect(page.getByTestId('hero-title')).toHaveText("Today's art students, on your wall.");
    await page.getByTestId('language-switch').click();
    await expect(page.getByTestId('hero-title')).toHaveText('미대생의 오늘을, 당신의 벽에.');
  });

  test('hydrates: countdowns tick on the client', async ({ page }) => {
    await page.goto('/');
    await expect(page.locator('body')).toHaveAttribute('data-hydrated', 'true');
    // The first lot ends within the hour, so its countdown shows seconds.
    const countdown = page.getByTestId('ending-soon').getByTestId('countdown').first();
    await expect(countdown).toContainText('초 남음');
    const before = await countdown.textContent();
    await expect.poll(() => countdown.textContent(), { timeout: 5_000 }).not.toBe(before);
  });

  test('looks like a real product (screenshot)', async ({ page }, info) => {
    await page.goto('/');
    await expect(page.locator('body')).toHaveAttribute('data-hydrated', 'true');
    await page.getByTestId('artwork-card').first().getByRole('img').evaluate((img: HTMLImageElement) => img.decode());
    await page.screenshot({ path: `end2end/screenshots/home-${info.project.name}.png`, fullPage: true });
  });
});

test('the mobile menu opens before hydration', async ({ browser, baseURL }) => {
  const context = await browser.newContext({ javaScriptEnabled: false, baseURL, viewport: { width: 390, height: 800 } });
  const page = await context.newPage();
  await page.goto('/');
  await page.getByTestId('menu-toggle').click();
  await expect(page.locator('details[open] nav').getByRole('link', { name: '작품 보기' })).toBeVisible();
  await context.close();
});

test('unknown pages show a Korean 404', async ({ page }) => {
  const res = await page.goto('/no/such/page');
  expect(res?.status()).toBe(404);
  await expect(page.getByTestId('not-found')).toContainText('페이지를 찾을 수 없습니다');
  await page.getByRole('link', { name: '홈으로 가기' }).click();
  await expect(page).toHaveURL(/\/$/);
});

test('pages hydrate and stream under the Content-Security-Policy without a single violation', async ({ page }) => {
  // Collected in the page itself, before any of its scripts run.
  await page.addInitScript(() => {
    (window as any).__cspViolations = [];
    document.addEventListener('securitypolicyviolation', (e) =>
      (window as any).__cspViolations.push(`${e.violatedDirective} ${e.blockedURI}`),
    );
  });
  const consoleViolations: string[] = [];
  page.on('console', (m) => {
    if (m.text().includes('Content Security Policy')) consoleViolations.push(m.text());
  });
  for (const path of ['/', '/artworks', '/reviews', '/login']) {
    const response = await page.goto(path);
    expect(response?.headers()['content-security-policy']).toContain("'nonce-");
    await expect(page.locator('body')).toHaveAttribute('data-hydrated', 'true');
    expect(await page.evaluate(() => (window as any).__cspViolations)).toEqual([]);
  }
  // A lot page: its live stream (EventSource) connects under connect-src 'self'.
  await page.goto('/');
  const href = await page.getByTestId('ending-soon').locator('a[href^="/artworks/"]').first().getAttribute('href');
  await page.goto(href!);
  await expect(page.locator('body')).toHaveAttribute('data-hydrated', 'true');
  await expect(page.getByTestId('live-indicator')).toHaveText('● 실시간');
  expect(await page.evaluate(() => (window as any).__cspViolations)).toEqual([]);
  expect(consoleViolations).toEqual([]);
});
