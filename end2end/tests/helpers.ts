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
