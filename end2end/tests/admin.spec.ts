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

const HANGUL = /[\uAC00-\uD7A3]/;

/**
 * The console's own words on the page: headings, menus, tabs, labels, buttons, options, placeholders,
 * accessible names and alt text in `main` — leaving out what members wrote or are called (nicknames,
 * titles, report and audit text), which is data and may well be Korean.
 */
async function consoleWords(page: Page): Promise<string[]> {
  return page.locator('main').evaluate((main) => {
    const own = main.querySelectorAll(
      'h1, h2:not([data-testid="member-nickname"]), h3, nav, dt, th, [role="tab"], label > span, button, option, ' +
        'a[data-testid="report-target"], [data-testid="member-suspended"]',
    );
    const words = [...own].map((e) => e.textContent ?? '');
    for (const e of main.querySelectorAll('[placeholder], [aria-label], img[alt]')) {
      words.push(e.getAttribute('placeholder') ?? '', e.getAttribute('aria-label') ?? '', e.getAttribute('alt') ?? '');
    }
    return words.map((w) => w.trim()).filter((w) => w !== '');
  });
}

test('the admin console reads in English when the language is English', async ({ browser }) => {
  const admin = await logIn(browser, ADMIN, '/admin');
  const main = admin.locator('main');
  await admin.goto('/locale/en');
  try {
    // The dashboard and the report queue.
    await admin.goto('/admin');
    await hydrated(admin);
    await expect(main.getByRole('heading', { level: 1 })).toHaveText('Admin');
    const menu = main.getByRole('navigation', { name: 'Admin menu' });
    for (const link of ['Reports · overview', 'Disputes', 'Members', 'Audit log']) {
      await expect(menu.getByRole('link', { name: link, exact: true })).toBeVisible();
    }
    await expect(admin.getByTestId('open-reports')).toContainText('Open reports');
    await expect(admin.getByTestId('new-members')).toContainText('Joined in the last 7 days');
    await expect(main.getByRole('heading', { level: 2, name: 'Reports' })).toBeVisible();
    await expect(main.getByRole('tab', { name: 'Dismissed', exact: true })).toBeVisible();
    await expect(admin.getByTestId('report-target-filter').locator('option')).toHaveText(['All', 'Work', 'Review', 'Comment', 'Member']);
    await expect(main.getByRole('button', { name: 'Show', exact: true })).toBeVisible();
    expect((await consoleWords(admin)).filter((w) => HANGUL.test(w))).toEqual([]);

    // Members: the search, a member's row and their page.
    await admin.goto(`/admin/members?q=${encodeURIComponent(BUYER.nickname)}`);
    await hydrated(admin);
    await expect(main.getByLabel('Find a member')).toHaveAttribute('placeholder', 'Nickname, e-mail or mobile number');
    const member = admin.getByTestId('member-item').filter({ hasText: BUYER.nickname });
    await expect(member.getByLabel('Reason (kept in the audit log)')).toBeVisible();
    await expect(member.getByTestId('suspend-member')).toHaveText('Suspend');
    await expect(member).toContainText('Works ');
    expect((await consoleWords(admin)).filter((w) => HANGUL.test(w))).toEqual([]);
    await member.getByTestId('member-link').click();
    await expect(admin.getByTestId('member-nickname')).toHaveText(BUYER.nickname);
    await expect(main.getByRole('heading', { level: 3, name: /^Bids \(\d+\)$/ })).toBeVisible();
    await expect(main.getByRole('heading', { level: 3, name: /^Admin actions \(\d+\)$/ })).toBeVisible();
    await expect(admin.getByTestId('student-badge-form')).toContainText('verified-student badge');
    expect((await consoleWords(admin)).filter((w) => HANGUL.test(w))).toEqual([]);

    // Disputes and the audit trail.
    await admin.goto('/admin/disputes');
    await hydrated(admin);
    await expect(main.getByRole('link', { name: 'Disputes', exact: true })).toHaveAttribute('aria-current', 'page');
    expect((await consoleWords(admin)).filter((w) => HANGUL.test(w))).toEqual([]);
    await admin.goto('/admin/audit');
    await hydrated(admin);
    await expect(main.getByLabel('Admin nickname')).toBeVisible();
    await expect(main.getByLabel('Target type')).toHaveAttribute('placeholder', 'Target (artwork, user …)');
    await expect(main.getByRole('button', { name: 'Filter', exact: true })).toBeVisible();
    expect((await consoleWords(admin)).filter((w) => HANGUL.test(w))).toEqual([]);
    await expect(admin).toHaveTitle('Audit log · Admin · ARTIPUL');
  } finally {
    await admin.goto('/locale/ko');
    await admin.context().close();
  }
});
