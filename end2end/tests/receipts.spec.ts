import { test, expect } from '@playwright/test';
import * as fs from 'fs';
import { ARTIST, BUYER, hydrated, logIn, listWork } from './support';

test('a bid comes with a signed receipt the public verify page accepts, and a forged one it refuses', async ({ browser, page }) => {
  const artist = await logIn(browser, ARTIST, '/sell');
  // Unique per run: the test runs once per device project against the same server.
  const title = `영수증 확인용 작품 ${Date.now() % 100000}`;
  const id = await listWork(artist, { title }, [90, 40, 160]);

  // The demo buyer bids; their own row in the bid history offers the receipt.
  const buyer = await logIn(browser, BUYER, `/artworks/${id}`);
  await expect(buyer.getByTestId('live-indicator')).toHaveText('● 실시간');
  buyer.once('dialog', (d) => d.accept());
  const answered = buyer.waitForResponse((r) => r.url().includes('/api/place_bid'));
  await buyer.getByTestId('bid-amount').fill('60000');
  await buyer.getByTestId('bid-submit').click();
  expect((await answered).status()).toBe(200);
  const link = buyer.getByTestId('receipt-link');
  await expect(link).toHaveCount(1);
  await expect(link).toHaveText('영수증');
  const [download] = await Promise.all([buyer.waitForEvent('download'), link.click()]);
  expect(download.suggestedFilename()).toBe(`artipul-receipt-${id}-1.json`);
  const text = fs.readFileSync(await download.path(), 'utf8');
  const signed = JSON.parse(text);
  expect(signed.receipt.lot_id).toBe(id);
  expect(signed.receipt.max_amount).toBe(60000);
  // My page lists the lot with the same receipt.
  await buyer.goto('/me/auctions');
  await hydrated(buyer);
  const row = buyer.getByTestId('bidding-row').filter({ hasText: title });
  await expect(row.getByTestId('bidding-receipt')).toHaveAttribute('href', `/receipts/${id}/1`);
  // A visitor sees no receipt link on someone else's bid.
  await page.goto(`/artworks/${id}`);
  await hydrated(page);
  await expect(page.getByTestId('bid-row')).toHaveCount(1);
  await expect(page.getByTestId('receipt-link')).toHaveCount(0);

  // Anyone checks it on the verify page, without logging in.
  await page.goto('/verify');
  await hydrated(page);
  // The downloaded file, chosen with the file picker, fills the box.
  await page.getByTestId('receipt-file').setInputFiles({ name: download.suggestedFilename(), mimeType: 'application/json', buffer: Buffer.from(text) });
  await expect(page.getByTestId('receipt-input')).toHaveValue(text);
  await page.getByTestId('receipt-check').click();
  const result = page.getByTestId('verify-result');
  await expect(result).toHaveAttribute('data-valid', 'true');
  await expect(result).toContainText('유효한 영수증입니다');
  await expect(result).toContainText('₩60,000');

  // A forged maximum fails the signature.
  signed.receipt.max_amount = 6_000_000;
  await page.getByTestId('receipt-input').fill(JSON.stringify(signed));
  await page.getByTestId('receipt-check').click();
  await expect(result).toHaveAttribute('data-valid', 'false');
  await expect(result).toContainText('서명이 맞지 않습니다');
  await artist.context().close();
  await buyer.context().close();
});
