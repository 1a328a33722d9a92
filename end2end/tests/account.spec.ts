import { test, expect } from '@playwright/test';
import { createCoordinator, shots, violations } from './helpers';

// A coordinator's first visit: the one-time link from `techkaart create-coordinator`,
// choosing a password, the dashboard, logging out and in again. Plain forms: the same
// steps work without JavaScript.

test('a coordinator sets a password by link, sees the dashboard, logs out and in again', async ({ page, baseURL }) => {
  await page.setViewportSize({ width: 390, height: 844 });
  const email = `coordinator-${Date.now()}@techkaart.example`;
  const link = createCoordinator(email, 'beide', baseURL!);

  await page.goto(link);
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Kies je wachtwoord');
  // The browser's own check is bypassed, so the server's rule is what answers.
  await page.locator('form').evaluate((form) => form.setAttribute('novalidate', ''));
  await page.getByLabel('Nieuw wachtwoord').fill('kort');
  await page.getByLabel('Herhaal het wachtwoord').fill('kort');
  await page.getByRole('button', { name: 'Wachtwoord opslaan' }).click();
  await expect(page.getByRole('alert')).toContainText('te kort');
  expect(await violations(page)).toEqual([]);
  await page.screenshot({ path: shots('password-error-phone') });

  await page.getByLabel('Nieuw wachtwoord').fill('draaibank op dinsdag');
  await page.getByLabel('Herhaal het wachtwoord').fill('draaibank op dinsdag');
  await page.getByRole('button', { name: 'Wachtwoord opslaan' }).click();
  await expect(page).toHaveURL(/\/beheer$/);
  await expect(page.getByText(email)).toBeVisible();
  await expect(page.getByRole('heading', { name: 'Wat wacht er' })).toBeVisible();
  expect(await violations(page)).toEqual([]);
  await page.screenshot({ path: shots('dashboard-phone') });

  await page.getByRole('button', { name: 'Uitloggen' }).click();
  await expect(page).toHaveURL(/\/inloggen$/);
  await page.goto('/beheer');
  await expect(page).toHaveURL(/\/inloggen$/);

  await page.getByLabel('E-mailadres').fill(email);
  await page.getByLabel('Wachtwoord').fill('draaibank op woensdag');
  await page.getByRole('button', { name: 'Inloggen' }).click();
  await expect(page.getByRole('alert')).toHaveText('Dit e-mailadres en wachtwoord horen niet bij elkaar.');
  expect(await violations(page)).toEqual([]);
  await page.screenshot({ path: shots('login-error-phone') });
  await page.getByLabel('E-mailadres').fill(email.toUpperCase());
  await page.getByLabel('Wachtwoord').fill('draaibank op dinsdag');
  await page.getByRole('button', { name: 'Inloggen' }).click();
  await expect(page).toHaveURL(/\/beheer$/);

  // The link is used up.
  await page.goto(link);
  await page.getByLabel('Nieuw wachtwoord').fill('een heel ander wachtwoord');
  await page.getByLabel('Herhaal het wachtwoord').fill('een heel ander wachtwoord');
  await page.getByRole('button', { name: 'Wachtwoord opslaan' }).click();
  await expect(page.getByRole('alert')).toContainText('werkt niet meer');
});
