// Largest Contentful Paint of a page in headless Chromium with the CPU slowed 4x and a
// slow-4G network (150 ms round trip, 1.6 Mbit/s down, 750 kbit/s up, as Lighthouse
// uses). Prints the median of a few cold loads. Usage: node bench-lcp.mjs URL [runs]
import { chromium } from '@playwright/test';

const url = process.argv[2];
const runs = Number(process.argv[3] ?? 5);
const browser = await chromium.launch({
  executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
  args: ['--no-sandbox', '--disable-gpu'],
});
const results = [];
for (let i = 0; i < runs; i++) {
  const context = await browser.newContext({ viewport: { width: 390, height: 844 }, locale: 'nl-NL' });
  const page = await context.newPage();
  const cdp = await context.newCDPSession(page);
  await cdp.send('Network.enable');
  await cdp.send('Network.setCacheDisabled', { cacheDisabled: true });
  await cdp.send('Network.emulateNetworkConditions', {
    offline: false,
    latency: 150,
    downloadThroughput: (1.6 * 1024 * 1024) / 8,
    uploadThroughput: (750 * 1024) / 8,
  });
  await cdp.send('Emulation.setCPUThrottlingRate', { rate: 4 });
  await page.addInitScript(() => {
    window.__lcp = 0;
    new PerformanceObserver((list) => {
      for (const entry of list.getEntries()) window.__lcp = entry.startTime;
    }).observe({ type: 'largest-contentful-paint', buffered: true });
  });
  await page.goto(url, { waitUntil: 'load' });
  await page.locator('html[data-hydrated]').waitFor({ state: 'attached', timeout: 60_000 });
  const hydrated = await page.evaluate(() => performance.now());
  // LCP is final once the person interacts; a click on the page ends it without navigating.
  await page.mouse.click(5, 5);
  const lcp = await page.evaluate(() => window.__lcp);
  results.push({ lcp, hydrated });
  await context.close();
}
await browser.close();
const median = (xs) => xs.sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const lcp = median(results.map((r) => r.lcp));
const hydrated = median(results.map((r) => r.hydrated));
console.log(`  LCP of ${url}: ${(lcp / 1000).toFixed(2)} s median of ${runs} (budget 2.5 s); interactive (hydrated) after ${(hydrated / 1000).toFixed(2)} s`);
