import { test, expect } from '@playwright/test';
import { ARTIST, BUYER, call, hydrated, listWork, logIn } from './support';

test('the listing form shows the net as the artist types; bid and buy-now buttons show the total with shipping', async ({ browser }, info) => {
  const artist = await logIn(browser, ARTIST, '/sell');
  await hydrated(artist);
  // Net to the artist, live: 10 % commission on the price, the shipping passed through whole.
  await expect(artist.getByTestId('net-preview')).toContainText('시작가를 입력하면');
  await artist.locator('input[name="form[start_price]"]').fill('50,000');
  await artist.getByTestId('shipping-fee').fill('3000');
  await expect(artist.getByTestId('net-at-start')).toContainText('작품가 ₩50,000 + 배송비 ₩3,000 − 수수료 ₩5,000 = 정산 ₩48,000');
  await artist.locator('input[name="form[buy_now_price]"]').fill('90000');
  await expect(artist.getByTestId('net-at-buy-now')).toContainText('정산 ₩84,000');
  // Pick-up in person: no shipping in the sum.
  await artist.getByTestId('delivery-pickup').check({ force: true });
  await expect(artist.getByTestId('net-at-start')).toContainText('배송비 ₩0 − 수수료 ₩5,000 = 정산 ₩45,000');

  const title = `배송비 표시 작품 ${info.project.name} ${Date.now() % 100000}`;
  const id = await listWork(artist, { title, delivery: 'shipping', shipping_fee: '3000' }, [200, 120, 60]);
  const buyer = await logIn(browser, BUYER, `/artworks/${id}`);
  await expect(buyer.getByTestId('live-indicator')).toHaveText('● 실시간');
  await expect(buyer.getByTestId('artwork-delivery')).toHaveText('배송비 ₩3,000');
  await expect(buyer.getByTestId('lot-delivery')).toHaveText('배송비 ₩3,000');
  // With nothing typed the button names the minimum bid; typing changes it.
  const submit = buyer.getByTestId('bid-submit');
  await expect(submit).toHaveText('₩50,000 입찰 · 낙찰 시 배송비 포함 총 ₩53,000');
  await expect(buyer.getByTestId('buy-now')).toHaveText('₩90,000 즉시 구매 · 배송비 포함 총 ₩93,000');
  await buyer.getByTestId('bid-amount').fill('60000');
  await expect(submit).toHaveText('₩60,000 입찰 · 낙찰 시 배송비 포함 총 ₩63,000');
  const before = await (await call(buyer, 'wallet', { page: '1' })).json();
  let question = '';
  buyer.once('dialog', (d) => {
    question = d.message();
    d.accept();
  });
  const answered = buyer.waitForResponse((r) => r.url().includes('/api/place_bid'));
  await submit.click();
  expect((await answered).status()).toBe(200);
  expect(question).toContain('지금 포인트에서 ₩63,000을 보류합니다');
  // The hold covers the total.
  const after = await (await call(buyer, 'wallet', { page: '1' })).json();
  expect(after.balance.held - before.balance.held).toBe(63000);
  // The same room in English: labels, position, delivery and totals.
  await buyer.goto('/locale/en');
  await buyer.goto(`/artworks/${id}`);
  await hydrated(buyer);
  await expect(buyer.getByTestId('live-indicator')).toHaveText('● Live');
  await expect(buyer.getByTestId('lot-status')).toHaveText('Live');
  await expect(buyer.getByTestId('bid-count')).toHaveText('1');
  await expect(buyer.getByTestId('lot-delivery')).toHaveText('Shipping ₩3,000');
  await expect(buyer.getByTestId('my-position')).toHaveText('Bidder 1 · You are the highest bidder (your maximum ₩60,000)');
  await expect(buyer.getByTestId('bid-submit')).toHaveText('Bid ₩51,000 · ₩54,000 with shipping if you win');
  await expect(buyer.getByTestId('bid-history')).toContainText('Bidder 1');
  // My auctions in English too.
  await buyer.goto('/me/auctions');
  await expect(buyer.getByTestId('tab-bidding')).toHaveText('Bidding');
  await expect(buyer.getByTestId('bidding-row').filter({ hasText: title }).getByTestId('bidding-leading')).toHaveText(
    'Leading (your maximum ₩60,000)',
  );
  await buyer.goto('/locale/ko');
  // Cards show the delivery too (the artist's page lists works on sale straight from the database).
  await buyer.goto(`/artists/${encodeURIComponent(ARTIST.nickname)}`);
  const card = buyer.getByTestId('artist-on-sale').getByTestId('artwork-card').filter({ hasText: title });
  await expect(card.getByTestId('card-delivery')).toHaveText('배송비 ₩3,000');
  await artist.context().close();
  await buyer.context().close();
});

test('a settled sale gives the buyer a certificate: printable page, QR, PDF, price shown only if the buyer allows', async ({ browser, page }, info) => {
  const artist = await logIn(browser, ARTIST, '/sell');
  const title = `인증서 작품 ${info.project.name} ${Date.now() % 100000}`;
  const artworkId = await listWork(artist, { title, shipping_fee: '4000' }, [30, 140, 90]);
  const buyer = await logIn(browser, BUYER, `/artworks/${artworkId}`);
  await call(buyer, 'buy_now', { lot_id: String(artworkId) });
  const mine = await (await call(artist, 'my_auctions', {})).json();
  const orderId: number = mine.sales.find((o: any) => o.artwork_id === artworkId).id;
  await call(artist, 'ship_order', { order_id: String(orderId), carrier: 'CJ대한통운', tracking_no: '123456789012' });
  await call(buyer, 'confirm_order', { order_id: String(orderId) });

  // The artist's sale shows the settlement breakdown.
  await artist.goto('/me/auctions?tab=sales');
  await hydrated(artist);
  const sale = artist.getByTestId('order-card').filter({ hasText: title });
  await expect(sale.getByTestId('order-payout')).toContainText('작품가 ₩90,000 + 배송비 ₩4,000 − 수수료 ₩9,000 = 정산 ₩85,000');

  // The buyer opens the certificate from the order.
  await buyer.goto('/me/auctions?tab=won');
  await hydrated(buyer);
  const order = buyer.getByTestId('order-card').filter({ hasText: title });
  await expect(order.getByTestId('order-paid')).toContainText('₩94,000');
  await order.getByTestId('order-certificate').click();
  await expect(buyer).toHaveURL(/\/certificates\/AP-[0-9A-Z]{4}-[0-9A-Z]{4}-[0-9A-Z]{4}$/);
  const serial = buyer.url().split('/').pop()!;
  await hydrated(buyer);
  await expect(buyer.getByTestId('certificate')).toHaveAttribute('data-genuine', 'true');
  await expect(buyer.getByTestId('certificate-status')).toContainText('서명이 확인되었습니다');
  await expect(buyer.getByTestId('certificate-title')).toHaveText(title);
  await expect(buyer.getByTestId('certificate-serial')).toHaveText(serial);
  await expect(buyer.getByTestId('certificate-qr').locator('svg')).toHaveCount(1);
  await expect(buyer.getByTestId('certificate-price')).toHaveText('₩90,000');
  const [download] = await Promise.all([buyer.waitForEvent('download'), buyer.getByTestId('certificate-pdf').click()]);
  expect(download.suggestedFilename()).toBe(`artipul-certificate-${serial}.pdf`);
  const fs = await import('fs');
  expect(fs.readFileSync(await download.path()).subarray(0, 5).toString()).toBe('%PDF-');

  // A visitor sees it genuine, without the price — until the buyer shows it.
  await page.goto(`/certificates/${serial}`);
  await expect(page.getByTestId('certificate')).toHaveAttribute('data-genuine', 'true');
  await expect(page.getByTestId('certificate-price')).toHaveText('비공개');
  await expect(page.getByTestId('certificate-owner')).toHaveCount(0);
  await buyer.getByTestId('certificate-price-toggle').click();
  await expect(buyer.getByTestId('certificate-price-toggle')).toHaveText('낙찰가 숨기기');
  await page.reload();
  await expect(page.getByTestId('certificate-price')).toHaveText('₩90,000');
  // The artist's page lists the certified sale; an unknown serial says so.
  await page.goto(`/artists/${encodeURIComponent(ARTIST.nickname)}`);
  await expect(page.getByTestId('artist-certified').getByText(serial)).toBeVisible();
  await page.goto('/certificates/AP-0000-0000-0000');
  await expect(page.getByTestId('certificate-missing')).toContainText('등록되지 않은 인증서 번호');
  await artist.context().close();
  await buyer.context().close();
});

test('the About page explains bidding, holds, fees and shipping with the commission in force, in both languages', async ({ page, baseURL }) => {
  // Pages set their text in self-hosted Pretendard: font subsets from this origin, nothing from another.
  const requests: string[] = [];
  page.on('request', (r) => requests.push(r.url()));
  await page.goto('/');
  await page.evaluate(() => document.fonts.ready);
  expect(await page.evaluate(() => document.fonts.check('16px "Pretendard Variable"', '경매'))).toBe(true);
  expect(requests.some((u) => u.includes('/fonts/pretendard/woff2-dynamic-subset/'))).toBe(true);
  expect(requests.filter((u) => !u.startsWith(baseURL!) && !u.startsWith('data:'))).toEqual([]);
  await page.getByTestId('footer-about').click();
  await expect(page).toHaveURL(/\/about$/);
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Artipul 소개');
  await expect(page.getByTestId('about-fees')).toContainText('낙찰가의 10%가 수수료로');
  await expect(page.getByTestId('about-holds')).toContainText('최대 입찰가와 배송비만큼');
  await page.getByTestId('about-faq').getByText('입찰을 취소할 수 있나요?').click();
  await expect(page.getByTestId('about-faq')).toContainText('입찰은 구속력이 있어');
  await page.goto('/locale/en');
  await page.goto('/about');
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('About Artipul');
  await expect(page.getByTestId('about-fees')).toContainText('10% of the price is kept as commission');
  await page.goto('/locale/ko');
});
