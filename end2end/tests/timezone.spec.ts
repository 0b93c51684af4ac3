import { test, expect, Page } from '@playwright/test';
import { ARTIST, BUYER, call, hydrated, listWork, logIn } from './support';

// A member's time zone: chosen in the profile, every time shown in it (and named), a typed deadline
// read in it; visitors get the site's display_timezone (Asia/Seoul as shipped).

/** `HH:MM` of `iso` in `zone`. */
function clock(iso: string, zone: string): string {
  return new Intl.DateTimeFormat('en-GB', { timeZone: zone, hour: '2-digit', minute: '2-digit', hourCycle: 'h23' }).format(new Date(iso));
}

async function endsAt(page: Page, path: string): Promise<{ text: string; iso: string }> {
  await page.goto(path);
  await hydrated(page);
  const el = page.getByTestId('ends-at');
  return { text: (await el.textContent())!, iso: (await el.getAttribute('datetime'))! };
}

test('times are shown in the member\'s zone; visitors see KST', async ({ browser, page, baseURL }) => {
  await page.goto('/');
  const lot = (await page.getByTestId('ending-soon').locator('a[href^="/artworks/"]').first().getAttribute('href'))!;
  const visitor = await endsAt(page, lot);
  expect(visitor.text).toContain(`${clock(visitor.iso, 'Asia/Seoul')} KST`);
  await expect(page.locator('html')).toHaveAttribute('data-tz', 'Asia/Seoul');

  const buyer = await logIn(browser, BUYER, '/me/profile');
  try {
    const form = buyer.getByTestId('time-zone-form');
    await buyer.getByTestId('time-zone').selectOption('America/New_York');
    await form.getByRole('button', { name: '저장' }).click();
    await expect(buyer.getByTestId('time-zone-saved')).toBeVisible();
    // The page follows at once, without a reload.
    await expect(buyer.locator('html')).toHaveAttribute('data-tz', 'America/New_York');

    const member = await endsAt(buyer, lot);
    expect(member.iso).toBe(visitor.iso);
    expect(member.text).toMatch(new RegExp(`${clock(member.iso, 'America/New_York')} E[SD]T`));
    // Rendered so on the server too (before any script runs).
    const html = await (await buyer.request.get(lot)).text();
    expect(html).toContain('data-tz="America/New_York"');
    expect(html).toMatch(/\d\d:\d\d E[SD]T/);

    // In English, the same moment reads in English, still in New York time.
    await buyer.context().addCookies([{ name: 'artipul_locale', value: 'en', url: baseURL! }]);
    const english = await endsAt(buyer, lot);
    expect(english.text).toMatch(/^(Mon|Tue|Wed|Thu|Fri|Sat|Sun) \d{1,2} [A-Z][a-z]{2} \d{4}, \d\d:\d\d E[SD]T$/);

    // An unknown zone is refused, in the member's language, and changes nothing.
    const bad = await buyer.request.post('/api/set_time_zone', { form: { time_zone: 'Mars/Olympus_Mons' }, maxRedirects: 0 });
    expect(bad.status()).toBe(400);
    expect(await bad.text()).toContain('Unknown time zone');
    await buyer.goto('/me/profile');
    await expect(buyer.getByTestId('time-zone')).toHaveValue('America/New_York');
  } finally {
    await call(buyer, 'set_time_zone', { time_zone: '' });
  }
  // Back to the site's zone.
  await buyer.goto(lot);
  await expect(buyer.locator('html')).toHaveAttribute('data-tz', 'Asia/Seoul');
});

test('a deadline the artist types is read in the artist\'s zone', async ({ browser, page }) => {
  const artist = await logIn(browser, ARTIST, '/me');
  await call(artist, 'set_time_zone', { time_zone: 'Europe/London' });
  try {
    // Two days ahead, 18:00 in London.
    const day = new Date(Date.now() + 2 * 86_400_000).toISOString().slice(0, 10);
    const id = await listWork(artist, { title: '런던 시간 마감', duration: 'custom', ends_at_kst: `${day}T18:00` }, [40, 90, 160]);
    const mine = await endsAt(artist, `/artworks/${id}`);
    expect(mine.text).toContain('18:00 GMT');
    expect(clock(mine.iso, 'Europe/London')).toBe('18:00');
    // A visitor sees the same moment in Korea: 03:00 the next morning.
    const visitor = await endsAt(page, `/artworks/${id}`);
    expect(visitor.iso).toBe(mine.iso);
    expect(visitor.text).toContain('03:00 KST');
  } finally {
    await call(artist, 'set_time_zone', { time_zone: '' });
  }
});
