import { test, expect } from '@playwright/test';

// Reading a company and one of its placements, as a student coming from the list.

test('a student goes from the list to a company and then to one of its placements', async ({ page }) => {
  await page.goto('/?regio=kempen');
  const firstCompany = page.locator('.company-card__name a').first();
  const name = (await firstCompany.textContent())?.trim() ?? '';
  await firstCompany.click();
  await expect(page).toHaveURL(/\/bedrijven\/[a-z0-9-]+$/);
  await expect(page.getByRole('heading', { level: 1 })).toHaveText(name);
  await expect(page).toHaveTitle(`${name} – Techkaart`);
  await expect(page.getByRole('heading', { name: 'Open plekken' })).toBeVisible();
  await expect(page.getByRole('img', { name: /^Ligging: / })).toBeVisible();

  const firstPlacement = page.locator('.placement-item__title').first();
  const title = (await firstPlacement.textContent())?.trim() ?? '';
  await firstPlacement.click();
  await expect(page).toHaveURL(/\/bedrijven\/[a-z0-9-]+\/plekken\/\d+$/);
  await expect(page.getByRole('heading', { level: 1 })).toHaveText(title);
  await expect(page.getByRole('heading', { name: 'Interesse in deze plek?' })).toBeVisible();
  await expect(page.getByRole('heading', { name: 'Zelf contact opnemen' })).toBeVisible();
  await expect(page.getByRole('link', { name: /^leren@.*\.example$/ })).toBeVisible();

  await page.goBack();
  await expect(page.getByRole('heading', { level: 1 })).toHaveText(name);
  await page.getByRole('link', { name: /Terug naar de bedrijven/ }).click();
  await expect(page).toHaveURL(/\/\?regio=kempen$/);
});

test('an unknown company shows a not-found page in Dutch', async ({ page }) => {
  const response = await page.goto('/bedrijven/bestaat-niet');
  expect(response?.status()).toBe(404);
  await expect(page.getByText('Dit bedrijf staat niet (meer) op Techkaart.')).toBeVisible();
});

for (const [name, size] of [
  ['phone', { width: 390, height: 844 }],
  ['desktop', { width: 1440, height: 900 }],
] as const) {
  test(`screenshots of a company and a placement page on a ${name}`, async ({ page }) => {
    await page.setViewportSize(size);
    await page.goto('/?regio=ijmond');
    await page.locator('html[data-hydrated]').waitFor({ state: 'attached' });
    // A phone shows the map first; the list is one tap away.
    if (name === 'phone') await page.getByText('Lijst', { exact: true }).click();
    await page.locator('.company-card__name a').first().click();
    await expect(page.locator('.placement-item__title').first()).toBeVisible();
    await page.screenshot({ path: `screenshots/company-${name}.png`, fullPage: true });
    const companyOverflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
    expect(companyOverflow).toBeLessThanOrEqual(0);

    await page.locator('.placement-item__title').first().click();
    await expect(page.getByRole('heading', { name: 'Interesse in deze plek?' })).toBeVisible();
  await expect(page.getByRole('heading', { name: 'Zelf contact opnemen' })).toBeVisible();
    await page.screenshot({ path: `screenshots/placement-${name}.png`, fullPage: true });
    const placementOverflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
    expect(placementOverflow).toBeLessThanOrEqual(0);
  });
}
