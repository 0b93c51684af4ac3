import { test, expect } from '@playwright/test';
import { BUYER, hydrated } from './support';

function won(text: string | null): number {
  return Number((text ?? '').replace(/[^0-9]/g, ''));
}

test('a buyer charges ₩50,000 through the test gateway and sees the balance and the ledger row', async ({ page }) => {
  await page.goto('/login?next=/me/wallet');
  await hydrated(page);
  await page.getByLabel('이메일').fill(BUYER.email);
  await page.getByLabel('비밀번호 (8자 이상)').fill(BUYER.password);
  await page.getByRole('button', { name: '로그인' }).click();
  await expect(page).toHaveURL(/\/me\/wallet$/);
  await hydrated(page);
  // Both projects use the same demo buyer, so compare with what was there before.
  const before = won(await page.getByTestId('wallet-balance').textContent());
  const rowsBefore = await page.getByTestId('ledger-row').count();

  await page.getByTestId('charge-buttons').getByRole('button', { name: '+₩50,000' }).click();
  await expect(page).toHaveURL(/\/test-gateway\/checkout/);
  await expect(page.getByTestId('gateway-amount')).toHaveText('₩50,000');
  await page.getByRole('button', { name: '결제하기' }).click();

  await expect(page).toHaveURL(/\/me\/wallet\/complete\?/);
  await expect(page.getByTestId('charge-done')).toContainText('₩50,000');
  await page.getByRole('link', { name: '포인트 지갑' }).last().click();
  await expect(page).toHaveURL(/\/me\/wallet$/);
  await expect(page.getByTestId('wallet-balance')).toHaveText(`₩${(before + 50000).toLocaleString('en-US')}`);
  await expect(page.getByTestId('ledger-row')).toHaveCount(Math.min(rowsBefore + 1, 20));
  const first = page.getByTestId('ledger-row').first();
  await expect(first).toContainText('충전');
  await expect(first).toContainText('+₩50,000');
});
