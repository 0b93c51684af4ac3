import { test, expect, Page } from '@playwright/test';
import { ARTIST, BUYER, call, hydrated, listWork, logIn, png } from './support';

/**
 * The purchase the review is about, made through the same server functions the pages call: the demo
 * artist lists a work with a buy-now price, the demo buyer buys it, the artist ships it and the buyer
 * confirms receipt. Answers the work's and the order's ids.
 */
async function receivedPurchase(artist: Page, buyer: Page, title: string): Promise<{ artworkId: number; orderId: number }> {
  const artworkId = await listWork(artist, { title, description: '후기 테스트용 작품' }, [40, 80, 150]);
  await call(buyer, 'buy_now', { lot_id: String(artworkId) });
  const mine = await (await call(artist, 'my_auctions', {})).json();
  const orderId: number = mine.sales.find((o: any) => o.artwork_id === artworkId).id;
  await call(artist, 'ship_order', { order_id: String(orderId), carrier: 'CJ대한통운', tracking_no: '123456789012' });
  await call(buyer, 'confirm_order', { order_id: String(orderId) });
  return { artworkId, orderId };
}

test('a buyer who received a work reviews it with a photo; it shows on the feed, the work and the artist page; another member comments and likes it', async ({ browser }, info) => {
  const stamp = `${info.project.name} ${Date.now() % 100000}`;
  const workTitle = `후기를 기다리는 바다 ${stamp}`;
  const reviewTitle = `집에 바다가 생겼어요 ${stamp}`;
  const artist = await logIn(browser, ARTIST, '/me');
  const buyer = await logIn(browser, BUYER, '/me');
  const { artworkId, orderId } = await receivedPurchase(artist, buyer, workTitle);

  // From the received order on my page, the buyer writes, previews and adds a photo.
  await buyer.goto('/me/auctions?tab=won');
  await buyer.getByTestId('order-card').filter({ hasText: workTitle }).getByTestId('write-review').click();
  await expect(buyer).toHaveURL(new RegExp(`/reviews/new\\?order=${orderId}$`));
  await hydrated(buyer);
  await expect(buyer.getByTestId('purchase-choice').filter({ hasText: workTitle }).locator('input')).toBeChecked();
  await buyer.getByLabel('제목', { exact: true }).fill(reviewTitle);
  await buyer.getByLabel('후기 (마크다운)').fill('**포장**이 정말 꼼꼼했고, 실물의 푸른색이 사진보다 깊어요.');
  await expect(buyer.getByTestId('review-preview').locator('strong')).toHaveText('포장');
  await buyer.getByTestId('image-input').setInputFiles([{ name: 'wall.png', mimeType: 'image/png', buffer: png(300, 200, [20, 110, 170]) }]);
  await expect(buyer.getByTestId('uploaded-image').locator('img')).toHaveCount(1);
  await expect(buyer.getByTestId('review-live-check')).toHaveCount(0);
  await buyer.getByTestId('review-submit').click();

  // It opens with its photo and the work; the purchase is no longer offered for a review.
  await expect(buyer).toHaveURL(/\/reviews\/\d+$/);
  const reviewPath = new URL(buyer.url()).pathname;
  await expect(buyer.getByTestId('review-title')).toHaveText(reviewTitle);
  await expect(buyer.getByTestId('review-gallery').getByTestId('main-image')).toBeVisible();
  await expect(buyer.getByTestId('review-body').locator('strong')).toHaveText('포장');
  await expect(buyer.getByTestId('reviewed-work')).toContainText(workTitle);

  // The feed, the artwork page and the artist page show it.
  await buyer.goto('/reviews');
  await expect(buyer.getByTestId('review-card').first().getByTestId('review-card-title')).toHaveText(reviewTitle);
  await buyer.goto(`/artworks/${artworkId}`);
  await expect(buyer.getByTestId('artwork-reviews').getByTestId('review-card-title')).toHaveText(reviewTitle);
  await buyer.goto(`/artists/${encodeURIComponent(ARTIST.nickname)}`);
  await expect(buyer.getByTestId('artist-reviews').getByTestId('review-card-title').first()).toHaveText(reviewTitle);

  // Another member (here the artist) likes it and comments.
  await artist.goto(reviewPath);
  await hydrated(artist);
  const like = artist.getByTestId('review-like');
  await expect(like).toHaveAttribute('aria-pressed', 'false');
  await like.click();
  await expect(like).toHaveAttribute('aria-pressed', 'true');
  await expect(artist.getByTestId('review-like-count')).toHaveText('1');
  await artist.getByTestId('comment-body').fill('소중히 걸어 주셔서 고맙습니다!');
  await artist.getByTestId('comment-submit').click();
  await expect(artist.getByTestId('comment').getByTestId('comment-text')).toHaveText('소중히 걸어 주셔서 고맙습니다!');
  await expect(artist.getByTestId('comment-count')).toHaveText('1');
  await expect(artist.getByTestId('comment-body')).toHaveValue('');

  // The author sees both after a reload, and may not like their own review.
  await buyer.goto(reviewPath);
  await expect(buyer.getByTestId('review-like-count')).toHaveText('1');
  await expect(buyer.getByTestId('review-like')).toHaveCount(0);
  await expect(buyer.getByTestId('comment').getByTestId('comment-author')).toHaveText(ARTIST.nickname);
});

test('the demo data has reviews with photos and comments, readable before hydration', async ({ browser }) => {
  // JavaScript off: the server-rendered feed and review pages are complete on their own.
  const context = await browser.newContext({ javaScriptEnabled: false });
  const page = await context.newPage();
  await page.goto('/reviews?sort=likes');
  const cards = page.getByTestId('review-card');
  expect(await cards.count()).toBeGreaterThanOrEqual(2);
  await cards.filter({ hasText: '사진 1' }).first().getByTestId('review-card-title').click();
  await expect(page).toHaveURL(/\/reviews\/\d+$/);
  await expect(page.getByTestId('review-gallery').getByTestId('main-image')).toBeVisible();
  expect(await page.getByTestId('comment').count()).toBeGreaterThanOrEqual(2);
  await expect(page.getByTestId('reviewed-work')).toBeVisible();
  await context.close();
});
