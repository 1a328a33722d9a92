import { test, expect, type Page } from '@playwright/test';

// The home page: server-rendered list of demo companies, hydrated, filtered by region
// through a server function with the filter kept in the URL.

const shots = (name: string) => `screenshots/${name}.png`;

async function hydrated(page: Page) {
  await page.locator('html[data-hydrated]').waitFor({ state: 'attached' });
}

async function regionsOfCards(page: Page): Promise<string[]> {
  return page.locator('.company-card').evaluateAll((cards) => cards.map((c) => c.getAttribute('data-region') ?? ''));
}

test('the home page shows both regions and the companies with open placements', async ({ page }) => {
  await page.goto('/');
  await expect(page.locator('html')).toHaveAttribute('lang', 'nl');
  await expect(page).toHaveTitle(/Techkaart/);
  await expect(page.getByRole('heading', { level: 1 })).toContainText('techniek');
  await expect(page.locator('.region-card')).toHaveCount(2);
  await expect(page.locator('.region-card').first()).toContainText(/\d+ open plekken bij \d+ bedrijven/);
  await expect(page.locator('.company-card')).toHaveCount(24);
  const regions = new Set(await regionsOfCards(page));
  expect([...regions].sort()).toEqual(['ijmond', 'kempen']);
});

test('filtering by region changes the list without a reload, and the URL reproduces it', async ({ page }) => {
  await page.goto('/');
  await hydrated(page);
  // A full page load would wipe this marker; client-side navigation keeps it.
  await page.evaluate(() => ((window as unknown as { stillHere: boolean }).stillHere = true));

  const filter = page.getByRole('navigation', { name: 'Toon bedrijven in' });
  await filter.getByRole('link', { name: 'IJmond' }).click();
  await expect(page).toHaveURL(/\/\?regio=ijmond$/);
  await expect(page.getByRole('status')).toContainText('in de IJmond');
  await expect(filter.getByRole('link', { name: 'IJmond' })).toHaveAttribute('aria-current', 'page');
  const regions = await regionsOfCards(page);
  expect(regions.length).toBeGreaterThan(0);
  expect(regions.every((r) => r === 'ijmond')).toBe(true);
  expect(await page.evaluate(() => (window as unknown as { stillHere?: boolean }).stillHere)).toBe(true);

  const names = await page.locator('.company-card__name').allTextContents();
  await page.reload();
  await expect(page.locator('.company-card__name')).toHaveText(names);
  expect(await page.evaluate(() => (window as unknown as { stillHere?: boolean }).stillHere)).toBeUndefined();

  await filter.getByRole('link', { name: 'Kempen' }).click();
  await expect(page).toHaveURL(/\/\?regio=kempen$/);
  await expect(page.getByRole('status')).toContainText('in de Kempen');
  expect((await regionsOfCards(page)).every((r) => r === 'kempen')).toBe(true);

  await page.goBack();
  await expect(page).toHaveURL(/\/\?regio=ijmond$/);
  await expect(page.locator('.company-card__name')).toHaveText(names);
});

test('the next page link shows the following companies', async ({ page }) => {
  await page.goto('/');
  await hydrated(page);
  const first = await page.locator('.company-card__name').allTextContents();
  await page.getByRole('navigation', { name: "Pagina's" }).getByRole('link', { name: 'Volgende' }).click();
  await expect(page).toHaveURL(/\/\?pagina=2$/);
  await expect(page.getByText('Pagina 2 van')).toBeVisible();
  const second = await page.locator('.company-card__name').allTextContents();
  expect(second.length).toBeGreaterThan(0);
  expect(second.some((name) => first.includes(name))).toBe(false);
});

test.describe('without JavaScript', () => {
  test.use({ javaScriptEnabled: false });

  test('the region links still filter the server-rendered list', async ({ page }) => {
    await page.goto('/');
    await page.getByRole('navigation', { name: 'Toon bedrijven in' }).getByRole('link', { name: 'Kempen' }).click();
    await expect(page).toHaveURL(/\/\?regio=kempen$/);
    const regions = await regionsOfCards(page);
    expect(regions.length).toBeGreaterThan(0);
    expect(regions.every((r) => r === 'kempen')).toBe(true);
  });
});

test('an unknown address shows the not-found page with a way back', async ({ page }) => {
  const response = await page.goto('/bestaat-niet');
  expect(response?.status()).toBe(404);
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Pagina niet gevonden');
  await page.getByRole('link', { name: 'Naar de bedrijven' }).click();
  await expect(page).toHaveURL(/\/$/);
});

for (const [name, size] of [
  ['phone', { width: 390, height: 844 }],
  ['desktop', { width: 1440, height: 900 }],
] as const) {
  test(`screenshot of the home page on a ${name}`, async ({ page }) => {
    await page.setViewportSize(size);
    await page.goto('/?regio=kempen');
    await hydrated(page);
    await expect(page.locator('.company-card').first()).toBeVisible();
    await page.screenshot({ path: shots(`home-${name}`), fullPage: false });
    await page.screenshot({ path: shots(`home-${name}-full`), fullPage: true });
    // Nothing may stick out sideways on a narrow screen.
    const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
    expect(overflow).toBeLessThanOrEqual(0);
  });
}
