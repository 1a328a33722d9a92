import { test, expect, type APIRequestContext, type Page } from '@playwright/test';
import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { createCoordinator, shots, violations } from './helpers';

// Kiosk screens: a coordinator pairs a browser window as a screen by its code, an event
// added in the region appears on it live (and goes when it is cancelled), the screen fits
// landscape, 4K and portrait TVs, keeps rotating when the network or the server is gone,
// says when it was last updated, and catches up when the server is back.

const root = path.resolve(__dirname, '..', '..');
const targetDir = process.env.CARGO_TARGET_DIR ?? path.join(root, 'target');
const binary = path.join(targetDir, 'release', 'techkaart');
const password = 'draaibank op dinsdag';

/** Sets the password behind a coordinator's link and lands on the dashboard. */
async function becomeCoordinator(page: Page, link: string) {
  await page.goto(link);
  await page.getByLabel('Nieuw wachtwoord').fill(password);
  await page.getByLabel('Herhaal het wachtwoord').fill(password);
  await page.getByRole('button', { name: 'Wachtwoord opslaan' }).click();
  await expect(page).toHaveURL(/\/beheer$/);
}

/** A region event in Eersel starting `daysAhead` days from now, added as the form's server function does. */
async function addEvent(request: APIRequestContext, title: string, daysAhead: number, base = '', venue = 'Kempenhal') {
  const day = new Date(Date.now() + daysAhead * 86_400_000).toISOString().slice(0, 10);
  const response = await request.post(`${base}/api/save_event`, {
    form: {
      'form[version]': '0',
      'form[kind]': 'tech-event',
      'form[title_nl]': title,
      'form[start_day]': day,
      'form[start_time]': '10:00',
      'form[end_day]': day,
      'form[end_time]': '16:00',
      'form[place]': 'venue',
      'form[venue_name]': venue,
      'form[street_address]': 'Sportlaan 3',
      'form[postcode]': '5521 KL',
      'form[town]': 'Eersel',
      'form[municipality]': 'eersel',
      'form[latitude]': '51.3598',
      'form[longitude]': '5.3233',
      'form[audiences][mbo]': 'on',
      'form[participation]': 'just-come',
    },
    headers: { accept: 'application/json' },
  });
  expect(response.status(), await response.text()).toBeLessThan(300);
}

/** Whether every slide, shown in turn, lies inside the window without scrolling. */
async function everySlideFits(tv: Page): Promise<string[]> {
  return tv.evaluate(() => {
    const problems: string[] = [];
    const slides = Array.from(document.querySelectorAll('.slide'));
    const current = document.querySelector('.slide.is-current');
    for (const slide of slides) {
      slides.forEach((s) => s.classList.toggle('is-current', s === slide));
      const name = slide.getAttribute('data-name');
      for (const part of Array.from(slide.querySelectorAll('h2, p, svg'))) {
        const box = part.getBoundingClientRect();
        if (box.bottom > window.innerHeight + 0.5 || box.right > window.innerWidth + 0.5 || box.top < 0 || box.left < 0) {
          problems.push(`${name}: ${part.tagName} ${JSON.stringify(box)}`);
        }
      }
      // When and where are never cut off: only a title may be shortened.
      for (const line of Array.from(slide.querySelectorAll('.slide__body'))) {
        if (line.scrollWidth > line.clientWidth + 0.5) {
          problems.push(`${name}: cut off at ${window.innerWidth}x${window.innerHeight}: ${line.textContent}`);
        }
      }
      const title = slide.querySelector('h2');
      if (title && parseFloat(getComputedStyle(title).fontSize) < 0.085 * Math.min(innerWidth, innerHeight)) {
        problems.push(`${name}: heading smaller than 8.5% of the short side`);
      }
    }
    slides.forEach((s) => s.classList.toggle('is-current', s === current));
    if (document.documentElement.scrollHeight > window.innerHeight) problems.push('the page scrolls');
    return problems;
  });
}

test('a coordinator pairs a screen, sees an event appear on it live, and the screen fits every TV', async ({ browser, page, baseURL }) => {
  test.setTimeout(120_000);
  const stamp = Date.now();
  await page.setViewportSize({ width: 1280, height: 900 });
  await becomeCoordinator(page, createCoordinator(`screens-${stamp}@techkaart.example`, 'kempen', baseURL!));

  // The TV: a browser window at /scherm shows a code and its QR code.
  const tvContext = await browser.newContext({ viewport: { width: 1920, height: 1080 }, locale: 'nl-NL' });
  const tv = await tvContext.newPage();
  await tv.goto('/scherm');
  const code = await tv.locator('.pairing__code').getAttribute('data-code');
  expect(code).toMatch(/^[A-HJ-NP-Z2-9]{6}$/);
  await expect(tv.locator('.pairing__qr svg')).toBeVisible();
  expect(await violations(tv)).toEqual([]);
  await tv.screenshot({ path: shots('screen-pairing-1920x1080') });

  // The coordinator types it (in lower case) on the dashboard's pairing page.
  await page.goto('/beheer/schermen');
  await page.getByRole('link', { name: 'Scherm koppelen' }).click();
  await expect(page).toHaveURL(/\/beheer\/schermen\/koppel$/);
  expect(await violations(page)).toEqual([]);
  await page.setViewportSize({ width: 390, height: 844 });
  await page.screenshot({ path: shots('screen-pair-form-phone'), fullPage: true });
  await page.setViewportSize({ width: 1280, height: 900 });
  await page.getByLabel('Koppelcode').fill('zzz222');
  await page.getByLabel('Naam van het scherm').fill(`Aula ${stamp}`);
  await page.getByRole('button', { name: 'Koppelen' }).click();
  await expect(page.locator('.field-error:not([hidden])')).toContainText('Koppelcode staat op geen scherm (meer)');
  await expect(page.getByLabel('Naam van het scherm')).toHaveValue(`Aula ${stamp}`);
  // On all day, every day: what the test sees must not depend on the hour or the weekday it runs.
  await page.getByLabel('Dagen aan').selectOption('1234567');
  await page.getByLabel('Aan vanaf').fill('00:00');
  await page.getByLabel('Uit om').fill('23:59');
  await page.getByLabel('Koppelcode').fill(code!.toLowerCase());
  await page.getByRole('button', { name: 'Koppelen' }).click();
  await expect(page).toHaveURL(/\/beheer\/schermen\?scherm=\d+#scherm-\d+$/);
  const listed = page.locator('#schermen .own-placement', { hasText: `Aula ${stamp}` });
  await expect(listed).toBeVisible();
  expect(await violations(page)).toEqual([]);

  // Within its next look (every 10 s) the TV shows slides, and reports its heartbeat.
  await expect(tv.locator('#kiosk .slide.is-current')).toBeVisible({ timeout: 15_000 });
  await expect(tv.locator('html[data-hydrated]')).toHaveCount(1);
  await expect(tv.locator('.slide--region')).toContainText('bedrijven zoeken technisch talent');
  expect(await violations(tv)).toEqual([]);
  expect(await everySlideFits(tv)).toEqual([]);
  await tv.screenshot({ path: shots('screen-slides-1920x1080') });
  // The same screen in English (a TV whose browser asks for English).
  const english = await browser.newContext({ viewport: { width: 1920, height: 1080 }, locale: 'en-GB' });
  await english.addCookies(await tvContext.cookies());
  const tvEnglish = await english.newPage();
  await tvEnglish.goto('/scherm');
  await expect(tvEnglish.locator('.slide--region')).toContainText('companies are looking for technical talent');
  expect(await violations(tvEnglish)).toEqual([]);
  expect(await everySlideFits(tvEnglish)).toEqual([]);
  await tvEnglish.screenshot({ path: shots('screen-slides-1920x1080-en') });
  await expect
    .poll(async () => {
      await page.reload();
      return listed.locator('.badge').innerText();
    }, { timeout: 15_000 })
    .toBe('Online');
  await expect(listed).toContainText(/Toont nu: (de regio in cijfers|evenement \d+|leerplek \d+)/);
  await page.screenshot({ path: shots('screens-dashboard'), fullPage: true });

  // The slides turn by themselves.
  const first = await tv.locator('.slide.is-current').getAttribute('data-name');
  await expect(tv.locator('.slide.is-current')).not.toHaveAttribute('data-name', first!, { timeout: 13_000 });

  // An event added in the region reaches the screen live, without a reload.
  await tv.evaluate(() => ((window as unknown as { stayed: boolean }).stayed = true));
  const title = `Lasdemo ${stamp}`;
  const added = Date.now();
  // At the longest venue of the demo's events, on the soonest day: its slide is in every round.
  await addEvent(page.request, title, 1, '', 'Cultureel centrum De Schakel');
  await expect(tv.locator('.slide--event', { hasText: title })).toHaveCount(1, { timeout: 5_000 });
  console.log(`event on the screen ${Date.now() - added} ms after it was saved`);
  expect(await tv.evaluate(() => (window as unknown as { stayed?: boolean }).stayed)).toBe(true);

  // 4K landscape and, set to portrait, a portrait TV: everything fits.
  await tv.setViewportSize({ width: 3840, height: 2160 });
  expect(await everySlideFits(tv)).toEqual([]);
  await tv.evaluate((t) => {
    const event = Array.from(document.querySelectorAll('.slide')).find((s) => s.textContent!.includes(t))!;
    document.querySelectorAll('.slide').forEach((s) => s.classList.toggle('is-current', s === event));
  }, title);
  await tv.screenshot({ path: shots('screen-event-3840x2160') });
  await listed.getByRole('link').click();
  await expect(page).toHaveURL(/\/beheer\/schermen\/\d+$/);
  expect(await violations(page)).toEqual([]);
  await page.setViewportSize({ width: 390, height: 844 });
  expect(await violations(page)).toEqual([]);
  await page.screenshot({ path: shots('screen-settings-phone'), fullPage: true });
  await page.setViewportSize({ width: 1280, height: 900 });
  await page.getByLabel('Stand').selectOption('portrait');
  await page.getByRole('button', { name: 'Opslaan' }).click();
  await expect(page).toHaveURL(/\/beheer\/schermen\?scherm=\d+/);
  // The change log tells who paired the screen and what its settings became, in words.
  await page.goto('/beheer/wijzigingen');
  const pairing = page.locator('.audit__entry', { hasText: `Aula ${stamp}` });
  await expect(pairing).toContainText('heeft gekoppeld');
  await expect(pairing).toContainText('scherm #');
  const turned = page.locator('.audit__entry', { hasText: 'heeft bewerkt' }).filter({ hasText: 'Staand' }).first();
  await expect(turned).toContainText('Stand');
  await expect(turned).toContainText('Liggend');
  await page.setViewportSize({ width: 390, height: 844 });
  await page.screenshot({ path: shots('screen-change-log-phone'), fullPage: true });
  await page.setViewportSize({ width: 1280, height: 900 });
  await tv.setViewportSize({ width: 1080, height: 1920 });
  await expect(tv.locator('#kiosk.kiosk--portrait')).toHaveCount(1, { timeout: 5_000 });
  expect(await everySlideFits(tv)).toEqual([]);
  await tv.evaluate(() => {
    const placement = document.querySelector('.slide--placement');
    document.querySelectorAll('.slide').forEach((s) => s.classList.toggle('is-current', s === placement));
  });
  await tv.screenshot({ path: shots('screen-placement-1080x1920') });
  // The same event's slide, portrait, with its day, times and venue whole.
  await tv.evaluate((t) => {
    const event = Array.from(document.querySelectorAll('.slide')).find((s) => s.textContent!.includes(t))!;
    document.querySelectorAll('.slide').forEach((s) => s.classList.toggle('is-current', s === event));
  }, title);
  await tv.screenshot({ path: shots('screen-event-1080x1920') });
  // In English too, at every size, portrait included.
  for (const [width, height] of [[1920, 1080], [3840, 2160], [1080, 1920]]) {
    await tvEnglish.setViewportSize({ width, height });
    await tvEnglish.reload();
    await expect(tvEnglish.locator('.slide--event', { hasText: title })).toHaveCount(1);
    expect(await everySlideFits(tvEnglish)).toEqual([]);
  }
  await tvEnglish.evaluate((t) => {
    const event = Array.from(document.querySelectorAll('.slide')).find((s) => s.textContent!.includes(t))!;
    document.querySelectorAll('.slide').forEach((s) => s.classList.toggle('is-current', s === event));
  }, title);
  await tvEnglish.screenshot({ path: shots('screen-event-1080x1920-en') });
  await english.close();
  await tvContext.close();
});

test('in English the TV asks to be paired in English, accessibly, on a portrait screen too', async ({ browser }) => {
  const context = await browser.newContext({ viewport: { width: 1080, height: 1920 }, locale: 'en-GB' });
  const tv = await context.newPage();
  await tv.goto('/scherm');
  await expect(tv.getByRole('heading', { name: 'Pair this screen' })).toBeVisible();
  await expect(tv.locator('.pairing__expires')).toContainText('The code is valid until');
  expect(await violations(tv)).toEqual([]);
  const fits = await tv.evaluate(() => document.documentElement.scrollHeight <= innerHeight);
  expect(fits).toBe(true);
  await tv.screenshot({ path: shots('screen-pairing-1080x1920-en') });
  await context.close();
});

test('a screen keeps its slides without network, says when it was last updated, and catches up', async ({ browser, page, baseURL }) => {
  test.setTimeout(90_000);
  const stamp = Date.now();
  await becomeCoordinator(page, createCoordinator(`offline-${stamp}@techkaart.example`, 'kempen', baseURL!));
  const tvContext = await browser.newContext({ viewport: { width: 1920, height: 1080 }, locale: 'nl-NL' });
  const tv = await tvContext.newPage();
  await tv.clock.install();
  await tv.goto('/scherm');
  const code = await tv.locator('.pairing__code').getAttribute('data-code');
  const paired = await page.request.post('/api/pair_screen', {
    form: { 'form[code]': code!, 'form[screen_name]': `Hal ${stamp}`, 'form[orientation]': 'landscape', 'form[shows]': 'all', 'form[on_days]': '1234567', 'form[on_from]': '00:00', 'form[on_until]': '23:59' },
    headers: { accept: 'application/json' },
  });
  expect(paired.status(), await paired.text()).toBeLessThan(300);
  await tv.goto('/scherm');
  await expect(tv.locator('#kiosk .slide.is-current')).toBeVisible();
  await expect(tv.locator('html[data-hydrated]')).toHaveCount(1);

  // Outside its on-hours the screen is dark (here: hours that ended long ago).
  const hours = await tv.locator('#kiosk').getAttribute('data-on');
  await tv.locator('#kiosk').evaluate((kiosk) => kiosk.setAttribute('data-on', '0-1'));
  await tv.clock.runFor(2_000);
  await expect(tv.locator('#kiosk.kiosk--dark')).toHaveCount(1);
  await expect(tv.locator('.slide.is-current')).toBeHidden();
  await tv.screenshot({ path: shots('screen-dark-1920x1080') });
  await tv.locator('#kiosk').evaluate((kiosk, on) => kiosk.setAttribute('data-on', on!), hours);
  await tv.clock.runFor(2_000);
  await expect(tv.locator('#kiosk.kiosk--dark')).toHaveCount(0);

  // The network goes; eleven minutes later the slides still turn and a note says since when,
  // and the page has moved a few pixels against burn-in.
  await tvContext.setOffline(true);
  await tv.clock.runFor(11 * 60_000);
  await expect(tv.locator('#kiosk')).toHaveAttribute('style', /translate\(-?\d+px, -?\d+px\)/);
  await expect(tv.locator('#kiosk-offline')).toBeVisible();
  await expect(tv.locator('#kiosk-offline')).toHaveText(/^Bijgewerkt om \d\d:\d\d$/);
  await expect(tv.locator('#kiosk .slide.is-current')).toBeVisible();
  await tv.screenshot({ path: shots('screen-offline-1920x1080') });

  // Meanwhile an event is added; back online, the screen catches up and the note goes.
  const title = `Open werkplaats ${stamp}`;
  await addEvent(page.request, title, 1);
  await tvContext.setOffline(false);
  await tv.clock.runFor(2 * 60_000);
  await expect(tv.locator('.slide--event', { hasText: title })).toHaveCount(1, { timeout: 10_000 });
  await expect(tv.locator('#kiosk-offline')).toBeHidden();
  await tvContext.close();
});

test('a screen keeps showing while its server is killed, reloads itself for a new build and catches up', async ({ browser, page }) => {
  test.setTimeout(120_000);
  const port = 3120;
  const base = `http://127.0.0.1:${port}`;
  const dataDir = path.join(targetDir, 'e2e-data', 'restart');
  fs.rmSync(dataDir, { recursive: true, force: true });
  fs.mkdirSync(dataDir, { recursive: true });
  const env = {
    ...process.env,
    DATABASE_URL: `sqlite://${dataDir}/kiosk.db`,
    TECHKAART_ADDR: `127.0.0.1:${port}`,
    LEPTOS_SITE_ROOT: path.join(root, 'target', 'site'),
    TECHKAART_LOG: 'warn',
    TECHKAART_TILE_CACHE: path.join(dataDir, 'tiles'),
  };
  // A second build of the same code: the binary beside a hash file with one more line,
  // which changes the build's name and nothing else.
  const deployed = path.join(dataDir, 'deploy', 'techkaart');
  fs.mkdirSync(path.dirname(deployed), { recursive: true });
  fs.copyFileSync(binary, deployed);
  fs.chmodSync(deployed, 0o755);
  fs.writeFileSync(
    path.join(path.dirname(deployed), 'hash.txt'),
    fs.readFileSync(path.join(path.dirname(binary), 'hash.txt'), 'utf8') + 'deploy: 2\n',
  );
  const start = async (build = binary): Promise<ChildProcess> => {
    const server = spawn(build, [], { env, stdio: 'ignore' });
    for (let i = 0; i < 100; i++) {
      const up = await fetch(`${base}/healthz`).then((r) => r.ok).catch(() => false);
      if (up) return server;
      await new Promise((r) => setTimeout(r, 200));
    }
    throw new Error('the second server did not start');
  };
  let server = await start();
  try {
    const output = execFileSync(binary, ['create-coordinator', '--email', 'restart@techkaart.example', '--region', 'kempen', '--public-url', base], {
      env: { ...env, TECHKAART_LOG: 'off' },
      encoding: 'utf8',
    });
    const link = output.split('\n').find((line) => line.startsWith(base))!;
    await becomeCoordinator(page, link);
    const tvContext = await browser.newContext({ viewport: { width: 1920, height: 1080 }, locale: 'nl-NL' });
    const tv = await tvContext.newPage();
    await tv.goto(`${base}/scherm`);
    const code = await tv.locator('.pairing__code').getAttribute('data-code');
    const paired = await page.request.post(`${base}/api/pair_screen`, {
      form: { 'form[code]': code!, 'form[screen_name]': 'Kantine', 'form[orientation]': 'landscape', 'form[shows]': 'all', 'form[on_days]': '1234567', 'form[on_from]': '00:00', 'form[on_until]': '23:59' },
      headers: { accept: 'application/json' },
    });
    expect(paired.status(), await paired.text()).toBeLessThan(300);
    await tv.goto(`${base}/scherm`);
    await expect(tv.locator('html[data-hydrated]')).toHaveCount(1);

    // kill -9: the screen goes on turning its slides on the same page.
    await tv.evaluate(() => ((window as unknown as { stayed: boolean }).stayed = true));
    server.kill('SIGKILL');
    const before = await tv.locator('.slide.is-current').getAttribute('data-name');
    await expect(tv.locator('.slide.is-current')).not.toHaveAttribute('data-name', before!, { timeout: 13_000 });
    await expect(tv.locator('#kiosk')).toHaveCount(1);
    expect(tv.url()).toBe(`${base}/scherm`);

    // Back up as a new build (a deploy): the screen loads itself anew once the server
    // answers, never onto an error page, and a change made then reaches it.
    server = await start(deployed);
    // Asked while the reload is under way, the page cannot answer: that counts as "not
    // reloaded yet", and the next poll asks the new page.
    const stayed = () =>
      tv.evaluate(() => (window as unknown as { stayed?: boolean }).stayed ?? false).catch(() => true);
    await expect.poll(stayed, { timeout: 20_000 }).toBe(false);
    await expect(tv.locator('#kiosk .slide.is-current')).toBeVisible();
    await expect(tv.locator('html[data-hydrated]')).toHaveCount(1);
    const title = `Na de herstart ${Date.now()}`;
    await addEvent(page.request, title, 1, base);
    await expect(tv.locator('.slide--event', { hasText: title })).toHaveCount(1, { timeout: 20_000 });
    await tvContext.close();
  } finally {
    server.kill('SIGKILL');
  }
});
