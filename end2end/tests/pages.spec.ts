import { test, expect, Page } from '@playwright/test';
import { ARTIST, BUYER, call, codeFor, hydrated, listWork, logIn, ownClient, png, sentTo, signUpMember, smsFile } from './support';

// Text messages: the server sends at most one code a minute and ten a day per client address and per
// phone. Tests that text use a page of their own address (`ownClient`); a phone texted twice within a
// minute (a fresh member's sign-up, then its password reset) waits the minute out (`sendCode`).
//
// Log-in failures are counted per client address too, so no test below fails a log-in on purpose from
// the shared address: a refused old password is checked with the profile's "current password".

// Each test opens its own browser contexts (members, visitors, clients of their own address): closed
// after it, so no page's live stream outlives its test.
test.afterEach(async ({ browser }) => {
  await Promise.all(browser.contexts().map((c) => c.close()));
});

/** The demo buyer's phone (`seed-demo`: `ensure_demo_logins` and the collectors in `seed/activity.rs`). */
const BUYER_PHONE = { digits: '01090009001', e164: '+821090009001', masked: '010-****-9001' };

/** How the server masks an e-mail for "find my e-mail" (`Email::masked`): two characters, then at least three stars. */
function masked(email: string): string {
  const [local, domain] = email.split('@');
  return `${local.slice(0, 2)}${'*'.repeat(Math.max(local.length - 2, 3))}@${domain}`;
}

/**
 * Clicks "인증번호 받기" on a phone-code form until the server accepts (a refused send — one a minute per
 * client — shows an error and counts nothing), then waits for the "sent to …" line.
 */
async function sendCode(page: Page) {
  await expect(async () => {
    const answer = page
      .waitForResponse((r) => /^\/api\/send_(signup|recovery)_code$/.test(new URL(r.url()).pathname), { timeout: 20_000 })
      .catch(() => null);
    await page.getByTestId('send-code').click({ timeout: 20_000 });
    const res = await answer;
    expect(res, 'the send-code request got an answer').not.toBeNull();
    expect(res!.status(), 'refused sends (one a minute per client) are tried again').toBeLessThan(400);
  }).toPass({ intervals: [5_000], timeout: 100_000 });
  await expect(page.getByTestId('code-sent')).toBeVisible();
}

test('find e-mail: from the log-in page, a code sent to the phone shows the masked e-mail of its account', async ({ browser }) => {
  test.setTimeout(240_000);
  const page = await ownClient(browser);
  await page.goto('/login');
  await hydrated(page);
  await page.getByRole('link', { name: '이메일 찾기' }).click();
  await expect(page).toHaveURL(/\/find-email$/);
  await expect(page.getByRole('heading', { name: '이메일 찾기' })).toBeVisible();
  await hydrated(page);

  const seen = sentTo(BUYER_PHONE.e164).length;
  await page.getByLabel('휴대폰 번호').fill(BUYER_PHONE.digits);
  await sendCode(page);
  await expect(page.getByTestId('code-sent')).toContainText(BUYER_PHONE.masked);
  await page.getByLabel('인증번호 6자리').fill(await codeFor(BUYER_PHONE.e164, smsFile, seen));
  await page.getByTestId('verify-code').click();
  await expect(page.getByTestId('phone-verified')).toHaveText('휴대폰 인증이 완료되었습니다.');

  await page.getByRole('button', { name: '이메일 확인' }).click();
  const found = page.getByTestId('found-email');
  await expect(found).toContainText('가입한 이메일');
  await expect(found).toContainText(masked(BUYER.email));
  await expect(found).not.toContainText(BUYER.email);
  await found.getByRole('link', { name: '로그인' }).click();
  await expect(page).toHaveURL(/\/login$/);
});

test('the artist edits the title and start price of a lot without bids; a buyer and a visitor cannot', async ({ browser }, info) => {
  const stamp = `${info.project.name} ${Date.now().toString(36)}`;
  const title = `고치기 전 제목 ${stamp}`;
  const edited = `고친 제목 ${stamp}`;
  const artist = await logIn(browser, ARTIST, '/me');
  const id = await listWork(artist, { title }, [150, 70, 110]);

  // From the lot page to its editor.
  await artist.goto(`/artworks/${id}`);
  await hydrated(artist);
  await expect(artist.getByTestId('artwork-title')).toHaveText(title);
  await artist.getByTestId('owner-actions').getByRole('link', { name: '작품 수정' }).click();
  await expect(artist).toHaveURL(new RegExp(`/artworks/${id}/edit$`));
  await expect(artist.getByRole('heading', { name: '작품 수정' })).toBeVisible();
  const titleInput = artist.getByLabel('제목 (100자 이하)');
  await expect(titleInput).toHaveValue(title);
  await expect(artist.getByLabel('시작가')).toHaveValue('50000');

  await titleInput.fill(edited);
  await artist.getByLabel('시작가').fill('60000');
  await artist.getByTestId('listing-submit').click();

  await expect(artist).toHaveURL(new RegExp(`/artworks/${id}$`));
  await expect(artist.getByTestId('artwork-title')).toHaveText(edited);
  await expect(artist.getByTestId('current-price')).toContainText('₩60,000');

  // A buyer sees no edit link, the editor refuses them, and so does the server function behind it.
  const buyer = await logIn(browser, BUYER, '/me');
  await buyer.goto(`/artworks/${id}`);
  await expect(buyer.getByTestId('artwork-title')).toHaveText(edited);
  await expect(buyer.getByTestId('owner-actions')).toHaveCount(0);
  await buyer.goto(`/artworks/${id}/edit`);
  await expect(buyer.getByRole('alert').filter({ hasText: '본인의 작품만 수정할 수 있습니다.' })).toBeVisible();
  await expect(buyer.getByTestId('listing-form')).toHaveCount(0);
  const refused = await buyer.request.post('/api/update_artwork', {
    form: { id: String(id), 'form[title]': `가로챈 제목 ${stamp}`, 'form[start_price]': '1000', 'form[duration]': '3' },
    maxRedirects: 0,
  });
  expect(refused.status()).toBe(403);

  // A visitor too; the title is still the artist's.
  const visitor = await (await browser.newContext()).newPage();
  await visitor.goto(`/artworks/${id}/edit`);
  await expect(visitor.getByRole('alert').filter({ hasText: '본인의 작품만 수정할 수 있습니다.' })).toBeVisible();
  await expect(visitor.getByTestId('listing-form')).toHaveCount(0);
  await visitor.goto(`/artworks/${id}`);
  await expect(visitor.getByTestId('artwork-title')).toHaveText(edited);
});

test('reset password: a code to the phone of a fresh member sets a new password; old sessions end and the old password is refused', async ({ browser }) => {
  test.setTimeout(240_000);
  const member = await signUpMember(browser, 'reset');
  const newPassword = `새-비밀번호-${Date.now().toString(36)}`;

  const page = await ownClient(browser);
  await page.goto('/login');
  await hydrated(page);
  await page.getByRole('link', { name: '비밀번호 재설정' }).click();
  await expect(page).toHaveURL(/\/reset-password$/);
  await expect(page.getByRole('heading', { name: '비밀번호 재설정' })).toBeVisible();
  await hydrated(page);
  await page.getByLabel('이메일').fill(member.email);
  await page.getByLabel('휴대폰 번호').fill(member.phone);
  const seen = sentTo(member.e164).length;
  await sendCode(page);
  await page.getByLabel('인증번호 6자리').fill(await codeFor(member.e164, smsFile, seen));
  await page.getByTestId('verify-code').click();
  await expect(page.getByTestId('phone-verified')).toBeVisible();
  await page.getByLabel('새 비밀번호 (8자 이상)').fill(newPassword);
  await page.getByRole('button', { name: '비밀번호 바꾸기' }).click();

  // Back on the log-in page with a note; the new password logs in.
  await expect(page).toHaveURL(/\/login$/);
  await expect(page.getByTestId('notice')).toHaveText('비밀번호를 바꿨습니다. 새 비밀번호로 로그인해 주세요.');
  await hydrated(page);
  await page.getByLabel('이메일').fill(member.email);
  await page.getByLabel('비밀번호 (8자 이상)').fill(newPassword);
  await page.getByRole('button', { name: '로그인' }).click();
  await expect(page).toHaveURL(/\/$/);
  await expect(page.getByTestId('header-nickname')).toHaveText(member.nickname);

  // The session from before the reset has ended.
  await member.page.goto('/me');
  await expect(member.page).toHaveURL(/\/login\?next=\/me$/);

  // The old password is no longer the account's (checked without a failed log-in, see the top of the file).
  await page.goto('/me/profile');
  await hydrated(page);
  const form = page.getByTestId('password-form');
  await form.getByLabel('현재 비밀번호').fill(member.password);
  await form.getByLabel('새 비밀번호 (8자 이상)').fill(`또-다른-비밀번호-${Date.now().toString(36)}`);
  await form.getByRole('button', { name: '비밀번호 변경' }).click();
  await expect(form.getByRole('alert')).toHaveText('현재 비밀번호가 맞지 않습니다.');
});

test('a buyer edits the text of their review; the review shows the new text and the edited mark', async ({ browser }, info) => {
  const stamp = `${info.project.name} ${Date.now().toString(36)}`;
  const artist = await logIn(browser, ARTIST, '/me');
  const buyer = await logIn(browser, BUYER, '/me');

  // A received purchase, as in reviews.spec.ts, and a review of it through the server function.
  const workTitle = `고쳐 쓸 후기의 작품 ${stamp}`;
  const artworkId = await listWork(artist, { title: workTitle, description: '후기 수정 테스트용 작품' }, [60, 130, 90]);
  await call(buyer, 'buy_now', { lot_id: String(artworkId) });
  const mine = await (await call(artist, 'my_auctions', {})).json();
  const orderId = String(mine.sales.find((o: any) => o.artwork_id === artworkId).id);
  await call(artist, 'ship_order', { order_id: orderId, carrier: 'CJ대한통운', tracking_no: '123456789012' });
  await call(buyer, 'confirm_order', { order_id: orderId });
  const reviewTitle = `처음 쓴 후기 ${stamp}`;
  const firstBody = '받자마자 벽에 걸었어요. 색이 사진과 똑같아요.';
  const created = await call(buyer, 'create_review', {
    order_id: orderId, 'form[title]': reviewTitle, 'form[body]': firstBody, 'form[images]': '',
  });
  const reviewPath = created.headers()['location'];
  expect(reviewPath).toMatch(/^\/reviews\/\d+$/);

  await buyer.goto(reviewPath);
  await hydrated(buyer);
  // The line under the title: author, date, and " (수정됨)" once edited.
  const byline = buyer.locator('p', { has: buyer.getByTestId('review-author') });
  await expect(buyer.getByTestId('review-body')).toContainText(firstBody);
  await expect(byline).not.toContainText('수정됨');

  await buyer.getByTestId('edit-review').click();
  await expect(buyer).toHaveURL(new RegExp(`${reviewPath}/edit$`));
  await expect(buyer.getByRole('heading', { name: '후기 수정' })).toBeVisible();
  await expect(buyer.getByTestId('review-title-input')).toHaveValue(reviewTitle);
  const body = buyer.getByTestId('review-body-input');
  await expect(body).toHaveValue(firstBody);
  await body.fill(`**한 달 뒤** 덧붙여요: 아침 햇빛에서 보면 더 좋아요. ${stamp}`);
  await expect(buyer.getByTestId('review-preview').locator('strong')).toHaveText('한 달 뒤');
  await buyer.getByTestId('review-submit').click();

  await expect(buyer).toHaveURL(new RegExp(`${reviewPath}$`));
  await expect(buyer.getByTestId('review-title')).toHaveText(reviewTitle);
  await expect(buyer.getByTestId('review-body').locator('strong')).toHaveText('한 달 뒤');
  await expect(buyer.getByTestId('review-body')).toContainText(`아침 햇빛에서 보면 더 좋아요. ${stamp}`);
  await expect(buyer.getByTestId('review-body')).not.toContainText('받자마자');
  await expect(byline).toContainText('(수정됨)');
  // Also as the server renders it.
  await buyer.reload();
  await expect(buyer.getByTestId('review-body')).toContainText(stamp);
  await expect(byline).toContainText('(수정됨)');

  // Nobody else may edit it.
  await artist.goto(`${reviewPath}/edit`);
  await expect(artist.getByRole('alert').filter({ hasText: '본인이 쓴 후기만 수정할 수 있습니다.' })).toBeVisible();
  await expect(artist.getByTestId('review-form')).toHaveCount(0);
});

test('a fresh member edits their profile: bio, avatar, shipping address and password', async ({ browser }) => {
  test.setTimeout(240_000);
  const member = await signUpMember(browser, 'profile');
  const page = member.page;
  const stamp = Date.now().toString(36);
  await page.goto('/me/profile');
  await hydrated(page);
  await expect(page.getByTestId('profile-page')).toContainText(member.email);

  // Bio: saved, then shown (and rendered from markdown) after a reload.
  const bio = `**${stamp}** 바다를 그리는 사람입니다.`;
  await page.getByTestId('bio-form').getByLabel('작가 소개 (마크다운)').fill(bio);
  await page.getByTestId('bio-form').getByRole('button', { name: '저장' }).click();
  await expect(page.getByTestId('bio-form').getByRole('status')).toHaveText('저장했습니다.');
  await page.reload();
  await hydrated(page);
  await expect(page.getByTestId('bio-form').getByLabel('작가 소개 (마크다운)')).toHaveValue(bio);
  await expect(page.getByTestId('bio-html').locator('strong')).toHaveText(stamp);

  // Avatar: a plain form post that comes back to this page.
  const avatarForm = page.getByTestId('avatar-form');
  await expect(avatarForm.getByTestId('avatar')).toHaveCount(0);
  await avatarForm.getByLabel('프로필 사진').setInputFiles({ name: 'me.png', mimeType: 'image/png', buffer: png(200, 200, [200, 90, 60]) });
  await avatarForm.getByRole('button', { name: '사진 올리기' }).click();
  const avatar = page.getByTestId('avatar-form').getByTestId('avatar');
  await expect(avatar).toBeVisible();
  await expect(page).toHaveURL(/\/me\/profile$/);
  await expect(avatar).toHaveAttribute('src', /avatars\/[0-9a-f]+\.jpg$/);
  await expect.poll(() => avatar.evaluate((img) => (img as HTMLImageElement).naturalWidth)).toBeGreaterThan(0);
  await hydrated(page);

  // Shipping address: saved, and there after a reload (the phone comes back as plain digits).
  const shipping = page.getByTestId('shipping-form');
  await shipping.getByLabel('받는 분').fill('김바다');
  await shipping.getByLabel('휴대폰 번호').fill('010-2345-6789');
  await shipping.getByLabel('우편번호 (5자리)').fill('04044');
  await shipping.getByLabel('주소', { exact: true }).fill('서울 마포구 양화로 45');
  await shipping.getByLabel('상세 주소').fill(`${stamp}호`);
  await shipping.getByRole('button', { name: '저장' }).click();
  await expect(page.getByTestId('shipping-form').getByRole('status')).toHaveText('저장했습니다.');
  await page.reload();
  await hydrated(page);
  await expect(shipping.getByLabel('받는 분')).toHaveValue('김바다');
  await expect(shipping.getByLabel('휴대폰 번호')).toHaveValue('01023456789');
  await expect(shipping.getByLabel('우편번호 (5자리)')).toHaveValue('04044');
  await expect(shipping.getByLabel('주소', { exact: true })).toHaveValue('서울 마포구 양화로 45');
  await expect(shipping.getByLabel('상세 주소')).toHaveValue(`${stamp}호`);

  // Password: changed here (this browser stays logged in), and the new one logs in elsewhere.
  const newPassword = `바뀐-비밀번호-${stamp}`;
  const password = page.getByTestId('password-form');
  await password.getByLabel('현재 비밀번호').fill(member.password);
  await password.getByLabel('새 비밀번호 (8자 이상)').fill(newPassword);
  await password.getByRole('button', { name: '비밀번호 변경' }).click();
  await expect(password.getByRole('status')).toHaveText('비밀번호를 바꿨습니다. 다른 기기에서는 로그아웃되었습니다.');
  await page.goto('/me');
  await expect(page.getByTestId('my-nickname')).toHaveText(member.nickname);
  const again = await logIn(browser, { email: member.email, password: newPassword }, '/me/profile');
  await expect(again.getByTestId('profile-page')).toContainText(member.nickname);
  await expect(again.getByTestId('avatar')).toBeVisible();
  await expect(again.getByTestId('bio-html').locator('strong')).toHaveText(stamp);
});

test('a charge left unpaid at the test gateway shows as pending in the wallet, and the balance stays', async ({ browser }) => {
  const page = await logIn(browser, BUYER, '/me/wallet');
  // An amount of its own (₩11,000–₩47,000), so the row is told apart from wallet.spec's ₩50,000 charges.
  const amount = (11 + (Date.now() % 37)) * 1000;
  const shown = `₩${amount.toLocaleString('en-US')}`;
  const before = await page.getByTestId('wallet-balance').textContent();

  await page.getByLabel('충전 금액').fill(String(amount));
  await page.getByRole('button', { name: '충전하기' }).click();
  await expect(page).toHaveURL(/\/test-gateway\/checkout/);
  await expect(page.getByTestId('gateway-amount')).toHaveText(shown);
  // Not paid: the checkout is cancelled and the browser comes back.
  await page.getByRole('button', { name: '취소' }).click();
  await expect(page).toHaveURL(/\/me\/wallet\/complete\?.*imp_success=false/);
  await expect(page.getByTestId('charge-failed')).toHaveText('결제가 취소되었거나 완료되지 않았습니다.');

  await page.goto('/me/wallet');
  await hydrated(page);
  // Newest charge first.
  const charge = page.getByTestId('charges').locator('li').first();
  await expect(charge).toContainText(shown);
  await expect(charge).toContainText('결제 대기');
  await expect(charge.getByTestId('check-charge')).toHaveText('결제 확인');
  await expect(page.getByTestId('wallet-balance')).toHaveText(before ?? '');

  // Asking the gateway again changes nothing: it was never paid.
  await charge.getByTestId('check-charge').click();
  await expect(page.getByText('아직 결제가 완료되지 않았습니다. 결제를 마친 뒤 다시 확인해 주세요.')).toBeVisible();
  await expect(page.getByTestId('charges').locator('li').first()).toContainText('결제 대기');
  await expect(page.getByTestId('wallet-balance')).toHaveText(before ?? '');
});

test('find e-mail for a number without an account: the same answer, but no text goes out and nothing is found', async ({ browser }) => {
  const page = await ownClient(browser);
  const digits = `0104${String(Date.now() % 10_000_000).padStart(7, '0')}`;
  const e164 = `+82${digits.slice(1)}`;
  await page.goto('/find-email');
  await hydrated(page);
  await page.getByLabel('휴대폰 번호').fill(digits);
  // The answer does not tell whether the number has an account...
  await sendCode(page);
  await expect(page.getByTestId('code-sent')).toContainText(`010-****-${digits.slice(-4)}`);
  // ...but no text went out, so no code can be right.
  expect(sentTo(e164)).toHaveLength(0);
  await page.getByLabel('인증번호 6자리').fill('000000');
  await page.getByTestId('verify-code').click();
  await expect(page.getByText('인증번호가 만료되었습니다. 인증번호를 다시 받아 주세요.')).toBeVisible();
  await expect(page.getByTestId('phone-verified')).toHaveCount(0);
  // Without a verified phone the e-mail is not looked up.
  await page.getByRole('button', { name: '이메일 확인' }).click();
  await expect(page.getByText('휴대폰 인증을 먼저 완료해 주세요.')).toBeVisible();
  await expect(page.getByTestId('found-email')).toHaveCount(0);
  expect(sentTo(e164)).toHaveLength(0);
});

test('the lot room works from the keyboard alone, and its live price is announced politely', async ({ browser }, info) => {
  const stamp = `${info.project.name} ${Date.now().toString(36)}`;
  const artist = await logIn(browser, ARTIST, '/me');
  const id = await listWork(artist, { title: `키보드로 입찰 ${stamp}` }, [90, 90, 160]);
  const buyer = await logIn(browser, BUYER, '/me');
  await buyer.goto(`/artworks/${id}`);
  await hydrated(buyer);
  await expect(buyer.getByTestId('current-price')).toHaveAttribute('aria-live', 'polite');
  await expect(buyer.getByTestId('bid-count')).toHaveText('0회');

  // From the top of the page, Tab alone reaches the bid amount (a bounded walk through the focus order).
  const amount = buyer.getByTestId('bid-amount');
  const focused = () => amount.evaluate((el) => el === document.activeElement);
  let stops = 0;
  while (!(await focused())) {
    expect(stops++, 'the bid amount is reachable with Tab').toBeLessThan(120);
    await buyer.keyboard.press('Tab');
  }
  await buyer.keyboard.type('50000');
  // The next stop is the bid button; Enter on it bids (the confirmation is the browser's own dialog).
  await buyer.keyboard.press('Tab');
  await expect(buyer.getByTestId('bid-submit')).toBeFocused();
  buyer.once('dialog', (d) => d.accept());
  await buyer.keyboard.press('Enter');
  await expect(buyer.getByTestId('bid-count')).toHaveText('1회');
  await expect(buyer.getByTestId('current-price')).toContainText('₩50,000');
  await expect(buyer.getByTestId('bid-row')).toHaveCount(1);
});
