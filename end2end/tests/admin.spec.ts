import { test, expect, Page } from '@playwright/test';
import { ARTIST, BUYER, call, hydrated, listWork, logIn } from './support';

const ADMIN = { email: 'admin@demo.artipul.kr', password: 'artipul-demo-2026', nickname: '아티풀관리자' };

/** Opens reviews from the feed until one the viewer may report (not their own) is on screen. */
async function reportableReview(page: Page): Promise<string> {
  await page.goto('/reviews');
  const links = await page.locator('a[href^="/reviews/"]').evaluateAll((as) =>
    [...new Set(as.map((a) => a.getAttribute('href') ?? '').filter((h) => /^\/reviews\/\d+$/.test(h)))],
  );
  for (const href of links) {
    await page.goto(href);
    await hydrated(page);
    if ((await page.getByTestId('report-review').count()) > 0) return href;
  }
  throw new Error('no review the buyer may report');
}

test('a member reports a review; an admin hides it from the queue, cancels a lot open elsewhere and suspends a member', async ({
  browser,
}) => {
  // A member reports a review.
  const buyer = await logIn(browser, BUYER, '/reviews');
  const review = await reportableReview(buyer);
  const form = buyer.getByTestId('report-review');
  await form.locator('summary').click();
  await form.getByTestId('report-reason').selectOption('abuse');
  await form.getByLabel('내용 (선택, 1,000자 이내)').fill('다른 회원을 비방하는 내용입니다.');
  await form.getByTestId('report-submit').click();
  await expect(form.getByText('신고가 접수되었습니다. 관리자가 확인합니다.')).toBeVisible();

  // Members cannot see the console; the admin works the queue.
  await buyer.goto('/admin');
  await expect(buyer.getByTestId('admin-missing')).toBeVisible();
  const admin = await logIn(browser, ADMIN, '/admin');
  const item = admin.getByTestId('report-item').filter({ has: admin.locator(`a[href="${review}"]`) });
  await expect(item).toBeVisible();
  await expect(item).toContainText('욕설·괴롭힘');
  await item.getByTestId('report-note').fill('비방 확인');
  await item.getByTestId('report-act').click();
  await expect(admin.getByTestId('report-item').filter({ has: admin.locator(`a[href="${review}"]`) })).toHaveCount(0);
  await buyer.goto(review);
  await expect(buyer.getByTestId('review-missing')).toBeVisible();

  // A live lot, open in the buyer's browser, cancelled by the admin: the buyer's page follows live.
  const artist = await logIn(browser, ARTIST, '/');
  const lot = await listWork(artist, { title: '관리자 취소 경매' }, [40, 90, 160]);
  await buyer.goto(`/artworks/${lot}`);
  await hydrated(buyer);
  await expect(buyer.getByTestId('lot-status')).toHaveText('진행 중');
  await admin.goto(`/artworks/${lot}`);
  await hydrated(admin);
  admin.once('dialog', (d) => d.accept());
  const cancel = admin.getByTestId('admin-cancel-lot');
  await cancel.getByLabel('관리자: 경매 취소 사유').fill('도용 이미지 확인');
  await cancel.getByRole('button', { name: '경매 취소' }).click();
  await expect(cancel.getByText('경매를 취소했습니다.')).toBeVisible();
  await expect(buyer.getByTestId('lot-status')).toHaveText('경매 취소');

  // Suspending the buyer ends their session; reinstating lets them back in.
  try {
    await admin.goto(`/admin/members?q=${encodeURIComponent(BUYER.nickname)}`);
    const member = admin.getByTestId('member-item').filter({ hasText: BUYER.nickname });
    await member.getByLabel('사유 (감사 기록에 남습니다)').fill('사기 신고 누적');
    await member.getByTestId('suspend-member').click();
    await expect(member.getByTestId('member-suspended')).toBeVisible();
    await member.getByTestId('member-link').click();
    await expect(admin.getByTestId('member-nickname')).toHaveText(BUYER.nickname);
    await expect(admin.getByTestId('member-audit')).toContainText('suspend');
    await buyer.reload();
    await expect(buyer.getByRole('link', { name: '회원가입' })).toBeVisible();
    await expect(buyer.getByTestId('header-nickname')).toHaveCount(0);
    await admin.goto('/admin/audit?action=suspend');
    await expect(admin.getByTestId('audit-row').first()).toContainText('사기 신고 누적');
  } finally {
    await call(admin, 'admin_reinstate_member', { nickname: BUYER.nickname, reason: '테스트 종료' });
  }
});
