import { expect, type Page } from '@playwright/test';
import AxeBuilder from '@axe-core/playwright';
import { execFileSync } from 'node:child_process';
import * as path from 'node:path';

// What the account and self-service journeys share: the real `techkaart` command against
// the browser tests' database, and the accessibility check.

const root = path.resolve(__dirname, '..', '..');
const targetDir = process.env.CARGO_TARGET_DIR ?? path.join(root, 'target');
const database = `sqlite://${path.join(targetDir, 'e2e-data', 'e2e.db')}`;

export const shots = (name: string) => `screenshots/${name}.png`;

/** Creates a coordinator with the real command and returns the printed link's path. */
export function createCoordinator(email: string, region: 'kempen' | 'ijmond' | 'beide', baseURL: string): string {
  const output = execFileSync(
    path.join(targetDir, 'release', 'techkaart'),
    ['create-coordinator', '--email', email, '--region', region, '--public-url', baseURL],
    { env: { ...process.env, DATABASE_URL: database, TECHKAART_LOG: 'off' }, encoding: 'utf8' },
  );
  const link = output.split('\n').find((line) => line.startsWith(baseURL))!;
  expect(link, output).toBeTruthy();
  return new URL(link).pathname;
}

/** The WCAG 2.x A and AA violations axe-core finds on the page, one line each. */
export async function violations(page: Page): Promise<string[]> {
  const result = await new AxeBuilder({ page })
    .withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa'])
    .analyze();
  return result.violations.map((v) => `${v.id}: ${v.help} — ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`);
}

/** The password the journeys' new coordinators choose. */
export const coordinatorPassword = 'kantbank-op-woensdag-42';

/** Creates a coordinator of `region` with the real command, chooses their password through
 *  the printed link in `page` and lands on the overview. */
export async function asNewCoordinator(page: Page, email: string, region: 'kempen' | 'ijmond' | 'beide', baseURL: string) {
  await page.goto(createCoordinator(email, region, baseURL));
  await page.getByLabel('Nieuw wachtwoord').fill(coordinatorPassword);
  await page.getByLabel('Herhaal het wachtwoord').fill(coordinatorPassword);
  await page.getByRole('button', { name: 'Wachtwoord opslaan' }).click();
  await expect(page).toHaveURL(/\/beheer$/);
}

/** Opens the coordinator's outbox and returns the path of the password link in the newest
 *  mail to `recipient`, as a coordinator forwards it where no mail server sends it. */
export async function forwardedLink(page: Page, recipient: string): Promise<string> {
  await page.goto('/beheer/uitgaande-mail');
  const mail = page.locator('.outbox__mail', { hasText: recipient }).first();
  const body = await mail.locator('.outbox__body').innerText();
  return new URL(body.match(/https?:\/\/\S+\/wachtwoord\/[0-9a-f]{64}/)![0]).pathname;
}
