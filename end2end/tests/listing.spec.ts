import { test, expect } from '@playwright/test';
import { ARTIST, hydrated, png } from './support';

test('an artist lists a work with two images; it shows under its genre and on the artist page; a visitor opens it', async ({ page, browser }, info) => {
  const title = `파도의 기억 ${info.project.name} ${Date.now() % 100000}`;

  await page.goto('/login?next=/sell');
  await hydrated(page);
  await page.getByLabel('이메일').fill(ARTIST.email);
  await page.getByLabel('비밀번호 (8자 이상)').fill(ARTIST.password);
  await page.getByRole('button', { name: '로그인' }).click();
  await expect(page).toHaveURL(/\/sell$/);
  await hydrated(page);

  await page.getByLabel('제목 (100자 이하)').fill(title);
  await page.getByLabel('작품 설명 (마크다운, 5000자 이하)').fill('**파도**가 부서지는 순간');
  await expect(page.getByTestId('description-preview').locator('strong')).toHaveText('파도');
  const genre = page.getByTestId('genre-select');
  await genre.locator('select[data-level="0"]').selectOption('회화');
  await genre.locator('select[data-level="1"]').selectOption('풍경');
  await genre.locator('select[data-level="2"]').selectOption('중');
  await genre.locator('select[data-level="3"]').selectOption('가로형');
  // What comparable works sold for follows the chosen genre (the demo data has ended landscape lots).
  const comparables = page.getByTestId('comparables');
  await expect(comparables.getByTestId('comparables-scope')).toHaveText('회화/풍경 · 소·중·대');
  await expect(comparables.getByTestId('comparables-counts')).toContainText('비슷한 작품');
  await page.getByLabel('태그 (5개까지)').fill('#바다, 파도');
  await page.getByLabel('재료').fill('캔버스에 유채');
  await page.getByLabel('가로 (cm)').fill('53');
  await page.getByLabel('세로 (cm)').fill('45.5');

  await page.getByTestId('image-input').setInputFiles([
    { name: 'wave-1.png', mimeType: 'image/png', buffer: png(320, 240, [30, 90, 160]) },
    { name: 'wave-2.png', mimeType: 'image/png', buffer: png(240, 320, [230, 120, 40]) },
  ]);
  const uploaded = page.getByTestId('uploaded-image');
  await expect(uploaded).toHaveCount(2);
  await expect(uploaded.locator('img')).toHaveCount(2);

  await page.getByLabel('시작가').fill('30000');
  await page.getByLabel('즉시 구매가').fill('120000');
  await expect(page.getByTestId('live-check')).toHaveCount(0);
  await page.getByTestId('listing-submit').click();

  await expect(page).toHaveURL(/\/artworks\/\d+$/);
  const workUrl = page.url();
  await expect(page.getByTestId('artwork-title')).toHaveText(title);
  await expect(page.getByTestId('thumbnails').locator('img')).toHaveCount(2);

  // Under its genre in browse.
  await page.goto('/artworks?genre=' + encodeURIComponent('회화/풍경') + '&sort=newest');
  await expect(page.getByTestId('browse-results').getByText(title)).toBeVisible();
  // On the artist's page.
  await page.goto(`/artists/${encodeURIComponent(ARTIST.nickname)}`);
  await expect(page.getByTestId('artist-on-sale').getByText(title)).toBeVisible();

  // A visitor (no cookies) opens it.
  const visitor = await browser.newContext();
  const v = await visitor.newPage();
  await v.goto(workUrl);
  await expect(v.getByTestId('artwork-title')).toHaveText(title);
  await expect(v.getByTestId('main-image')).toBeVisible();
  await expect(v.getByTestId('lot-panel')).toContainText('₩30,000');
  await expect(v.getByTestId('owner-actions')).toHaveCount(0);
  await visitor.close();
});

test('browse works before hydration with stable URLs and a helpful empty state', async ({ page }) => {
  await page.goto('/artworks?sort=price_asc');
  await expect(page.getByTestId('browse-results').getByTestId('artwork-card').first()).toBeVisible();
  await page.getByTestId('genre-facets').getByRole('link', { name: /조소/ }).click();
  await expect(page).toHaveURL(/genre=%EC%A1%B0%EC%86%8C/);
  await expect(page).toHaveURL(/sort=price_asc/);
  await page.goto('/artworks?min=999999999');
  await expect(page.getByTestId('browse-empty')).toBeVisible();
  // The price boxes share the row equally, on a phone too (the minimum box used to collapse to a sliver).
  const min = await page.getByTestId('price-min').boundingBox();
  const max = await page.getByTestId('price-max').boundingBox();
  expect(min!.width).toBeGreaterThan(80);
  expect(Math.abs(min!.width - max!.width)).toBeLessThan(2);
});
