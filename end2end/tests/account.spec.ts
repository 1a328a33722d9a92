import { test, expect, type Page } from '@playwright/test';
import AxeBuilder from '@axe-core/playwright';
import { execFileSync } from 'node:child_process';
import * as path from 'node:path';

// A coordinator's first visit: the one-time link from `techkaart create-coordinator`,
// choosing a password, the dashboard, logging out and in again. Plain forms: the same
// steps work without JavaScript.

const root = path.resolve(__dirname, '..', '..');
const targetDir = process.env.CARGO_TARGET_DIR ?? path.join(root, 'target');
const database = `sqlite://${path.join(targetDir, 'e2e-data', 'e2e.db')}`;
const shots = (name: string) => `screenshots/${name}.png`;

/** Creates a coordinator with the real command and returns the printed link's path. */
function createCoordinator(email: string, baseURL: string): string {
  const output = execFileSync(
    path.join(targetDir, 'release', 'techkaart'),
    ['create-coordinator', '--email', email, '--region', 'beide', '--public-url', baseURL],
    { env: { ...process.env, DATABASE_URL: database, TECHKAART_LOG: 'off' }, encoding: 'utf8' },
  );
  const link = output.split('\n').find((line) => line.startsWith(baseURL))!;
  expect(link, output).toBeTruthy();
  return new URL(link).pathname;
}

async function violations(page: Page): Promise<string[]> {
  const result = await new AxeBuilder({ page })
    .withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa'])
    .analyze();
  return result.violations.map((v) => `${v.id}: ${v.help} — ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`);
}

test('a coordinator sets a password by link, sees the dashboard, logs out and in again', async ({ page, baseURL }) => {
  await page.setViewportSize({ width: 390, height: 844 });
  const email = `coordinator-${Date.now()}@techkaart.example`;
  const link = createCoordinator(email, baseURL!);

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
  await expect(page.getByRole('heading', { name: 'Uitgaande e-mail' })).toBeVisible();
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
