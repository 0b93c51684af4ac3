import { test, expect } from '@playwright/test';

test.describe('search', () => {
  test('works before hydration: the header form searches, matches are marked, filters and sorts keep the query', async ({ browser, baseURL }) => {
    const context = await browser.newContext({ javaScriptEnabled: false, baseURL });
    const page = await context.newPage();
    await page.goto('/');
    await page.getByTestId('search-input').fill('바다');
    await page.getByTestId('search-input').press('Enter');
    await expect(page).toHaveURL(/\/artworks\?q=%EB%B0%94%EB%8B%A4$/);
    await expect(page.getByTestId('browse-heading')).toContainText('바다');
    const cards = page.getByTestId('browse-results').getByTestId('artwork-card');
    await expect(cards.first()).toBeVisible();
    await expect(cards.first().locator('mark').first()).toHaveText('바다');
    await expect(page.getByTestId('genre-facets')).toContainText('회화');

    // Relevance is the default sort of a search; another sort keeps the query in a stable URL.
    await expect(page.getByTestId('sort-links').locator('[aria-current="true"]')).toHaveText('정확도순');
    await page.getByTestId('sort-links').getByText('낮은 가격순').click();
    await expect(page).toHaveURL(/\?q=%EB%B0%94%EB%8B%A4&sort=price_asc$/);
    await expect(cards.first()).toBeVisible();

    // A facet narrows the search to a genre, still with the query.
    await page.getByTestId('genre-facets').getByRole('link', { name: /회화/ }).click();
    await expect(page).toHaveURL(/q=%EB%B0%94%EB%8B%A4&genre=%ED%9A%8C%ED%99%94/);
    await context.close();
  });

  test('suggests works as you type and opens one with the keyboard', async ({ page }) => {
    await page.goto('/artworks');
    await expect(page.locator('body')).toHaveAttribute('data-hydrated', 'true');
    const input = page.getByTestId('search-input');
    await input.pressSequentially('바다의', { delay: 40 });
    const options = page.getByTestId('search-suggestion');
    await expect(options.first()).toContainText('바다의 아침');
    await input.press('ArrowDown');
    await expect(options.first()).toHaveAttribute('aria-selected', 'true');
    await input.press('Enter');
    await expect(page).toHaveURL(/\/artworks\/\d+$/);
    await expect(page.getByRole('heading', { level: 1 })).toContainText('바다의 아침');
  });

  test('an empty result explains itself and offers browsing without the query', async ({ page }) => {
    await page.goto('/artworks?q=' + encodeURIComponent('없는작품이름zz') + '&genre=' + encodeURIComponent('회화'));
    await expect(page.getByTestId('browse-empty')).toContainText('검색 결과가 없어요');
    await page.getByTestId('browse-empty').getByRole('link').click();
    await expect(page).toHaveURL(/\/artworks\?genre=%ED%9A%8C%ED%99%94$/);
    await expect(page.getByTestId('browse-results').getByTestId('artwork-card').first()).toBeVisible();
  });
});
