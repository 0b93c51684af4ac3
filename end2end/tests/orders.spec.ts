import { test, expect, Page } from '@playwright/test';
import { ARTIST, BUYER, hydrated, listWork, logIn } from './support';

// An order from end to end in the browser: like, buy now, the artist ships, the buyer's bell counts it
// live, the buyer confirms receipt; a second order disputed by the buyer and refunded by an admin.
const ADMIN = { email: 'admin@demo.artipul.kr', password: 'artipul-demo-2026' };

function orderCard(page: Page, title: string) {
  return page.getByTestId('order-card').filter({ hasText: title });
}

async function buyNow(buyer: Page, id: number) {
  await buyer.goto(`/artworks/${id}`);
  await hydrated(buyer);
  buyer.once('dialog', (d) => d.accept());
  await buyer.getByTestId('buy-now').click();
  await expect(buyer.getByTestId('lot-status')).toHaveText('낙찰');
}

async function unread(page: Page): Promise<number> {
  const badge = page.getByTestId('unread-badge');
  return (await badge.count()) === 0 ? 0 : Number(await badge.textContent());
}

test('like and buy now; the artist ships, the bell counts it live, the buyer confirms; a dispute is refunded', async ({ browser }) => {
  const stamp = Date.now().toString(36);
  const artist = await logIn(browser, ARTIST, '/');
  const buyer = await logIn(browser, BUYER, '/');
  const first = `주문 흐름 ${stamp}`;
  const second = `분쟁 흐름 ${stamp}`;
  const firstId = await listWork(artist, { title: first }, [150, 60, 40]);
  const secondId = await listWork(artist, { title: second }, [60, 150, 40]);

  // A like counts once and stays after a reload.
  await buyer.goto(`/artworks/${firstId}`);
  await hydrated(buyer);
  const like = buyer.getByTestId('like-button');
  await expect(like).toHaveAttribute('aria-pressed', 'false');
  await like.click();
  await expect(like).toHaveAttribute('aria-pressed', 'true');
  await expect(buyer.getByTestId('like-count')).toHaveText('1');
  await buyer.reload();
  await hydrated(buyer);
  await expect(buyer.getByTestId('like-button')).toHaveAttribute('aria-pressed', 'true');

  // Buy now: the lot is sold at once and the order waits for shipping.
  await buyNow(buyer, firstId);
  const before = await unread(buyer);

  await artist.goto('/me/auctions?tab=sales');
  await hydrated(artist);
  const sale = orderCard(artist, first);
  await expect(sale.getByTestId('order-status')).toHaveText('결제 완료 · 발송 대기');
  await sale.getByTestId('tracking-no').fill('6012-3456-7890');
  await sale.getByTestId('ship-submit').click();
  await expect(orderCard(artist, first).getByTestId('order-status')).toHaveText('배송 중');

  // The buyer's open page counts the new notification without a reload.
  await expect.poll(() => unread(buyer), { timeout: 10_000 }).toBeGreaterThan(before);
  await buyer.getByTestId('notification-bell').click();
  await expect(buyer).toHaveURL(/\/me\/notifications$/);
  await expect(buyer.getByTestId('notification').first()).toContainText(`'${first}' 작품이 발송되었습니다`);

  await buyer.goto('/me/auctions?tab=won');
  await hydrated(buyer);
  const order = orderCard(buyer, first);
  await expect(order.getByTestId('order-status')).toHaveText('배송 중');
  await order.getByTestId('confirm-order').click();
  await expect(orderCard(buyer, first).getByTestId('order-status')).toHaveText(/수령 확인|정산 완료/);
  await expect(orderCard(buyer, first).getByTestId('write-review')).toBeVisible();

  // The second work: bought, then disputed before it arrives.
  await buyNow(buyer, secondId);
  await buyer.goto('/me/auctions?tab=won');
  await hydrated(buyer);
  const disputed = orderCard(buyer, second);
  await disputed.getByText('문제가 있나요?').click();
  await disputed.getByRole('textbox', { name: '문제 설명' }).fill('작품이 오지 않았습니다. 작가와 연락도 되지 않습니다.');
  await disputed.getByRole('button', { name: '문제 신고' }).click();
  await expect(orderCard(buyer, second).getByTestId('order-status')).toHaveText('분쟁 처리 중');

  // An admin refunds it from the disputes queue.
  const admin = await logIn(browser, ADMIN, '/admin/disputes');
  const item = admin.getByTestId('dispute-item').filter({ hasText: second });
  await expect(item).toBeVisible();
  await item.locator('input[name="note"]').fill('발송 기록 없음');
  await item.getByTestId('dispute-refund').click();
  await expect(admin.getByTestId('dispute-item').filter({ hasText: second })).toHaveCount(0);

  await buyer.goto('/me/auctions?tab=won');
  await hydrated(buyer);
  await expect(orderCard(buyer, second).getByTestId('order-status')).toHaveText('환불 완료');
  await buyer.goto('/me/notifications');
  await expect(buyer.getByTestId('notification').first()).toContainText('환불했습니다');
  for (const p of [artist, buyer, admin]) await p.context().close();
});
