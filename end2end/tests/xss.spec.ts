import { test, expect, Page } from '@playwright/test';
import { ARTIST, BUYER, call, hydrated, listWork, logIn } from './support';

// Script in every free-text field a member can fill, shown on every page that shows it: the browser
// must show it as text and run none of it. Any dialog (alert, confirm, prompt) fails the test.
const SHORT = `<img src=x onerror=alert(1)>`;
const LONG =
  `<script>alert("script")</script><img src=x onerror=alert("img")><svg onload=alert("svg")>` +
  `"'><iframe src="javascript:alert('frame')"></iframe>[링크](javascript:alert('md')) <b onmouseover=alert("hover")>굵게</b>`;

/** Records every dialog a page opens (the test fails on any). */
function guard(page: Page, fired: string[]) {
  page.on('dialog', async (d) => {
    fired.push(`${page.url()}: ${d.type()} ${d.message()}`);
    await d.dismiss();
  });
}

test('script typed into any text field is shown as text and never runs', async ({ browser }, info) => {
  test.skip(info.project.name === 'mobile', 'the same server-rendered HTML; once is enough');
  const stamp = `${Date.now() % 100000}`;
  const artist = await logIn(browser, ARTIST, '/me');
  const buyer = await logIn(browser, BUYER, '/me');
  const visitor = await (await browser.newContext()).newPage();
  const fired: string[] = [];
  for (const p of [artist, buyer, visitor]) guard(p, fired);

  // The artist: bio, and a listing whose title, description and medium carry the payload.
  await call(artist, 'update_bio', { bio: LONG });
  const title = `${SHORT} ${stamp}`;
  const artworkId = await listWork(artist, { title, description: LONG, medium: SHORT, width_cm: '30', height_cm: '20' }, [200, 60, 60]);

  // The buyer: a shipping address, the purchase, a review and a comment; the artist's carrier too.
  await call(buyer, 'set_shipping_address', {
    recipient: SHORT, phone: '01012345678', postal_code: '04066', address1: LONG.slice(0, 190), address2: SHORT,
  });
  await call(buyer, 'buy_now', { lot_id: String(artworkId) });
  const sales = (await (await call(artist, 'my_auctions', {})).json()).sales;
  const orderId = String(sales.find((o: any) => o.artwork_id === artworkId).id);
  await call(artist, 'ship_order', { order_id: orderId, carrier: SHORT, tracking_no: '123456789012' });
  await call(buyer, 'confirm_order', { order_id: orderId });
  const review = await call(buyer, 'create_review', {
    order_id: orderId, 'form[title]': `${SHORT} ${stamp}`, 'form[body]': LONG, 'form[images]': '',
  });
  const reviewPath = review.headers()['location'];
  expect(reviewPath).toMatch(/^\/reviews\/\d+$/);
  const reviewId = reviewPath.split('/').pop()!;
  await call(artist, 'add_review_comment', { review_id: reviewId, body: LONG });

  const visits: [Page, string][] = [
    [visitor, '/'],
    [visitor, '/artworks'],
    [visitor, `/artworks/${artworkId}`],
    [visitor, `/artists/${encodeURIComponent(ARTIST.nickname)}`],
    [visitor, '/reviews'],
    [visitor, reviewPath],
    [visitor, `/artworks?q=${encodeURIComponent(LONG)}`],
    [visitor, `/login?error=${encodeURIComponent(LONG)}&next=${encodeURIComponent('/"><script>alert(1)</script>')}`],
    [artist, '/me'],
    [artist, '/me/auctions?tab=sales'],
    [artist, '/me/profile'],
    [artist, '/me/notifications'],
    [artist, `/artworks/${artworkId}/edit`],
    [buyer, '/me/auctions?tab=won'],
    [buyer, '/me/profile'],
    [buyer, reviewPath],
    [buyer, `/reviews/${reviewId}/edit`],
    [buyer, '/me/notifications'],
  ];
  for (const [page, path] of visits) {
    await page.goto(path);
    await hydrated(page);
    // Give any injected handler (onerror of a broken image, onload of an SVG) its chance to run.
    await page.evaluate(() => new Promise((r) => requestAnimationFrame(() => setTimeout(r, 50))));
    // The policy (CSP) would also stop an injected handler, so look at the document itself: the payload
    // must not have become an element, an attribute or a script.
    const injected = await page.evaluate(() => ({
      // (Leptos's own data scripts carry resource values, payload included, as escaped JSON strings.)
      scripts: [...document.querySelectorAll('script')].filter((s) => (s.textContent ?? '').trim().startsWith('alert(')).length,
      handlers: document.querySelectorAll('[onerror], [onload], [onmouseover]').length,
      frames: document.querySelectorAll('iframe').length,
      jsLinks: [...document.querySelectorAll('a[href]')].filter((a) => a.getAttribute('href')!.trim().toLowerCase().startsWith('javascript:')).length,
    }));
    expect(injected, path).toEqual({ scripts: 0, handlers: 0, frames: 0, jsLinks: 0 });
  }
  // The payload was really shown — as text.
  await visitor.goto(`/artworks/${artworkId}`);
  await expect(visitor.getByRole('heading', { level: 1 })).toContainText(SHORT);
  await visitor.goto(reviewPath);
  await expect(visitor.getByTestId('review-title')).toContainText(SHORT);
  await expect(visitor.getByText('굵게').first()).toBeVisible();
  expect(fired, 'dialogs opened by injected script').toEqual([]);
});
