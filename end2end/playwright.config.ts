import { defineConfig } from '@playwright/test';
import * as path from 'node:path';

// The release build (scripts/build.sh) serves a fresh SQLite database with the demo data.
// Debian's Chromium is used: Playwright's own browser downloads cannot run here.
const root = path.resolve(__dirname, '..');
const targetDir = process.env.CARGO_TARGET_DIR ?? path.join(root, 'target');
const dataDir = path.join(targetDir, 'e2e-data');
const port = Number(process.env.E2E_PORT ?? 3100);
const tilePort = port + 1;

export default defineConfig({
  testDir: './tests',
  outputDir: './test-results',
  timeout: 30_000,
  expect: { timeout: 10_000 },
  fullyParallel: false,
  workers: 1,
  retries: 0,
  reporter: [['list']],
  use: {
    baseURL: `http://127.0.0.1:${port}`,
    trace: 'off',
    // Dutch is the default; a browser that asks for English gets English.
    locale: 'nl-NL',
  },
  projects: [
    {
      name: 'chromium',
      use: {
        browserName: 'chromium',
        launchOptions: {
          executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
          args: [
            '--no-sandbox',
            '--disable-gpu',
            '--disable-background-networking',
            '--disable-component-update',
            '--disable-sync',
            '--no-first-run',
          ],
        },
      },
    },
  ],
  webServer: [
    {
      // The tile service stand-in, so maps show tiles without internet.
      command: `exec node "${path.join(__dirname, 'tile-server.mjs')}"`,
      url: `http://127.0.0.1:${tilePort}/healthz`,
      reuseExistingServer: false,
      timeout: 10_000,
      env: { TILE_PORT: String(tilePort) },
    },
    {
      command: `rm -rf "${dataDir}" && exec "${path.join(targetDir, 'release', 'techkaart')}"`,
      cwd: root,
      url: `http://127.0.0.1:${port}/healthz`,
      reuseExistingServer: false,
      timeout: 60_000,
      env: {
        DATABASE_URL: `sqlite://${dataDir}/e2e.db`,
        TECHKAART_ADDR: `127.0.0.1:${port}`,
        LEPTOS_SITE_ROOT: path.join(root, 'target', 'site'),
        TECHKAART_LOG: 'warn',
        TECHKAART_TILE_URL: `http://127.0.0.1:${tilePort}/{z}/{x}/{y}.png`,
        TECHKAART_TILE_CACHE: path.join(dataDir, 'tiles'),
        TECHKAART_TILE_ATTRIBUTION: 'Testkaart (lokaal)',
      },
    },
  ],
});
