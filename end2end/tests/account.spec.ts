import { test, expect } from '@playwright/test';
import { codeFor, emailFile, hydrated, ownClient, verifyPhone } from './support';

test('a student artist signs up with a phone code, logs out, and must log in again for my page', async ({ browser }, info) => {
  // Codes go out at most once a minute per client address: this page has one of its own.
  const page = await ownClient(browser);
  const n = `${Date.now() % 1_000_000}`.padStart(6, '0') + (info.project.name === 'mobile' ? '1' : '2');
  const phoneDigits = `010${n.slice(-8).padStart(8, '0')}`;
  const nickname = `작가${n.slice(-5)}`;
  const email = `artist${n}@artipul.kr`;

  await page.goto('/signup?type=artist');
  await hydrated(page);
  await page.getByLabel('이메일').fill(email);
  await page.getByLabel('비밀번호 (8자 이상)').fill('바다가-보이는-창문7');
  await page.getByLabel('닉네임 (2–20자)').fill(nickname);
  await expect(page.getByText('사용할 수 있는 닉네임입니다.')).toBeVisible();
  await page.getByLabel('이름').fill('김하늘');
  await page.getByLabel('학교 (…대학교)').fill('홍익대학교');
  await verifyPhone(page, phoneDigits);

  await page.getByRole('button', { name: '가입하기' }).click();
  await expect(page).toHaveURL(/\/$/);
  await expect(page.getByTestId('header-nickname')).toHaveText(nickname);

  await page.getByRole('button', { name: '로그아웃' }).click();
  await expect(page.getByRole('link', { name: '회원가입' })).toBeVisible();

  await page.goto('/me');
  await expect(page).toHaveURL(/\/login\?next=\/me$/);
  await hydrated(page);
  await page.getByLabel('이메일').fill(email);
  await page.getByLabel('비밀번호 (8자 이상)').fill('바다가-보이는-창문7');
  await page.getByRole('button', { name: '로그인' }).click();
  await expect(page).toHaveURL(/\/me$/);
  await expect(page.getByTestId('my-nickname')).toHaveText(nickname);

  // The sign-up mailed a code; my page asks for it until the address is verified.
  await hydrated(page);
  await page.getByTestId('verify-email-prompt').getByRole('link').click();
  await expect(page).toHaveURL(/\/me\/profile#email$/);
  await hydrated(page);
  await expect(page.getByTestId('email-status')).toHaveText('인증 필요');
  await page.getByLabel('이메일 인증번호 6자리').fill('000000' === (await codeFor(email, emailFile)) ? '111111' : '000000');
  await page.getByRole('button', { name: '인증하기' }).click();
  await expect(page.getByTestId('verify-email-form').getByRole('alert')).toContainText('인증번호');
  await page.getByLabel('이메일 인증번호 6자리').fill(await codeFor(email, emailFile));
  await page.getByRole('button', { name: '인증하기' }).click();
  await expect(page.getByTestId('email-status')).toHaveText('인증됨');
  await page.goto('/me');
  await expect(page.getByTestId('my-nickname')).toHaveText(nickname);
  await expect(page.getByTestId('verify-email-prompt')).toHaveCount(0);
});

test('a wrong password shows a Korean error and stays on the page', async ({ page }) => {
  await page.goto('/login');
  await hydrated(page);
  await page.getByLabel('이메일').fill('nobody@artipul.kr');
  await page.getByLabel('비밀번호 (8자 이상)').fill('wrong-password!');
  await page.getByRole('button', { name: '로그인' }).click();
  await expect(page.getByRole('alert')).toHaveText('이메일 또는 비밀번호가 올바르지 않습니다.');
  await expect(page).toHaveURL(/\/login$/);
});
