import { test, expect, Page, Browser } from '@playwright/test';
import { ARTIST, BUYER, hydrated, logIn } from './support';

// Both demo log-ins have demo points (artists may bid on other artists' works).

function won(text: string | null): number {
  return Number((text ?? '').replace(/[^0-9]/g, ''));
}

/** A live lot without bids, not by the demo artist, that ends days from now (it cannot end mid-test). */
async function quietLot(page: Page): Promise<string> {
  for (let p = 1; p <= 4; p++) {
    await page.goto(`/artworks?sort=price_asc&page=${p}`);
    const cards = page.getByTestId('artwork-card');
    const n = await cards.count();
    for (let i = 0; i < n; i++) {
      const card = cards.nth(i);
      const left = (await card.getByTestId('countdown').textContent()) ?? '';
      const bids = (await card.getByTestId('card-bids').textContent()) ?? '';
      const text = (await card.textContent()) ?? '';
      if (left.includes('일') && bids.includes('입찰 0회') && !text.includes(ARTIST.nickname)) {
        const href = await card.locator('a').first().getAttribute('href');
        if (href) return href;
      }
    }
  }
  throw new Error('no quiet live lot in the demo data');
}

/** Logs in on the lot page and waits for its live stream. */
async function logInLive(browser: Browser, who: { email: string; password: string }, next: string): Promise<Page> {
  const page = await logIn(browser, who, next);
  await expect(page.getByTestId('live-indicator')).toHaveText('● 실시간');
  return page;
}

async function bid(page: Page, amount: number) {
  page.once('dialog', (d) => d.accept());
  const answered = page.waitForResponse((r) => r.url().includes('/api/place_bid'));
  await page.getByTestId('bid-amount').fill(String(amount));
  await page.getByTestId('bid-submit').click();
  expect((await answered).status()).toBe(200);
}

test('a bid appears on another open page within a second, and a page that lost its connection catches up', async ({ page, browser }) => {
  const href = await quietLot(page);

  // B: a visitor watching the lot.
  await page.goto(href);
  await hydrated(page);
  await expect(page.getByTestId('live-indicator')).toHaveText('● 실시간');
  await expect(page.getByTestId('bid-count')).toHaveText('0회');
  await expect(page.getByTestId('no-bids')).toBeVisible();

  // A: the demo buyer bids the minimum on the same lot.
  const a = await logInLive(browser, BUYER, href);
  const minimum = won(await a.getByTestId('min-next-bid').textContent());
  await bid(a, minimum);
  await expect(a.getByTestId('my-position')).toContainText('최고 입찰자입니다');

  // B sees it without reloading, within a second of A's answer.
  await expect(page.getByTestId('bid-count')).toHaveText('1회', { timeout: 1_000 });
  await expect(page.getByTestId('bid-row')).toHaveCount(1, { timeout: 1_000 });
  await expect(page.getByTestId('bid-row').first()).toContainText('입찰자 1');
  await expect(page.getByTestId('current-price')).toHaveText(`₩${minimum.toLocaleString('en-US')}`);

  // B drops off the network; meanwhile C outbids A.
  await page.context().setOffline(true);
  await expect(page.getByTestId('live-indicator')).toHaveText('○ 연결 중…');
  const c = await logInLive(browser, ARTIST, href);
  const next = won(await c.getByTestId('min-next-bid').textContent());
  await bid(c, next + 10_000);
  await expect(c.getByTestId('my-position')).toContainText('최고 입찰자입니다');
  // A's open page follows live: A is outbid.
  await expect(a.getByTestId('my-position')).toContainText('더 높은 입찰이 있습니다', { timeout: 2_000 });
  await page.waitForTimeout(300);
  await expect(page.getByTestId('bid-count')).toHaveText('1회');

  // Back online: B reconnects from its cursor and shows the bid it missed.
  await page.context().setOffline(false);
  await expect(page.getByTestId('live-indicator')).toHaveText('● 실시간', { timeout: 10_000 });
  await expect(page.getByTestId('bid-count')).toHaveText('2회', { timeout: 5_000 });
  await expect(page.getByTestId('bid-row')).toHaveCount(2);
  await expect(page.getByTestId('bid-row').first()).toContainText('입찰자 2');
  await expect(page.getByTestId('current-price')).toHaveText(`₩${next.toLocaleString('en-US')}`);
  await a.context().close();
  await c.context().close();
});
