import { test, expect, Page } from '@playwright/test';
import { hydrated, ownClient, verifyPhone } from './support';

// Social log-in in the browser, through the local OAuth 2 provider (`artipul fake-oauth`, started by
// .ci/e2e-server and configured as Kakao): the provider's own page, the first log-in finishing sign-up
// with a phone code, a second log-in going straight in, and a cancelled one explained in each language.

async function kakao(page: Page, account: string | null) {
  await page.goto('/login');
  await hydrated(page);
  await page.getByRole('link', { name: /카카오|Kakao/ }).click();
  await expect(page.getByRole('heading', { name: 'Test provider' })).toBeVisible();
  if (account === null) {
    await page.getByRole('button', { name: 'Cancel' }).click();
  } else {
    await page.getByLabel(/Account/).fill(account);
    await page.getByRole('button', { name: 'Continue' }).click();
  }
}

test('a first Kakao log-in finishes sign-up with a phone code, the next goes straight in, a cancelled one says so', async ({ browser }, info) => {
  const page = await ownClient(browser);
  const subject = `${Date.now()}${info.project.name === 'mobile' ? 1 : 2}`;
  const phoneDigits = `010${subject.slice(-8)}`;
  const email = `kakao${subject}@artipul.kr`;
  const nickname = `카톡${subject.slice(-6)}`;

  await kakao(page, `${subject}|${email}|verified`);
  await expect(page).toHaveURL(/\/signup\/social$/);
  await hydrated(page);
  // The provider is named and its verified address shown masked; no account exists yet.
  const form = page.getByTestId('social-signup-form');
  await expect(page.getByRole('heading', { name: '가입 마무리' })).toBeVisible();
  await expect(page.locator('strong', { hasText: '카카오' })).toBeVisible();
  await expect(form).toContainText('***@artipul.kr');
  await expect(page.getByTestId('header-nickname')).toHaveCount(0);

  await page.getByLabel('닉네임 (2–20자)').fill(nickname);
  await expect(page.getByText('사용할 수 있는 닉네임입니다.')).toBeVisible();
  await page.getByLabel('이름').fill('김카카');
  await verifyPhone(page, phoneDigits);
  await page.getByRole('button', { name: '가입하기' }).click();
  await expect(page.getByTestId('header-nickname')).toHaveText(nickname);
  await page.goto('/me/profile');
  await hydrated(page);
  await expect(page.getByText('카카오', { exact: true })).toBeVisible();

  // Logged out, the same Kakao account logs straight in.
  await page.getByRole('button', { name: '로그아웃' }).click();
  await expect(page.getByTestId('header-nickname')).toHaveCount(0);
  await kakao(page, `${subject}|${email}|verified`);
  await expect(page.getByTestId('header-nickname')).toHaveText(nickname);

  // Cancelled at the provider: back on the log-in page with the reason, in the member's language.
  await page.getByRole('button', { name: '로그아웃' }).click();
  await expect(page.getByTestId('header-nickname')).toHaveCount(0);
  await kakao(page, null);
  await expect(page).toHaveURL(/\/login\?error=/);
  await expect(page.getByText('카카오 로그인이 취소되었습니다.')).toBeVisible();
  await page.context().addCookies([{ name: 'artipul_locale', value: 'en', url: page.url() }]);
  await kakao(page, null);
  await expect(page.getByText('Kakao sign-in was cancelled.')).toBeVisible();
  await page.context().close();
});
