import { test, expect, type Page } from '@playwright/test';

// The home page: search form, map and results list, rendered on the server, with the map
// and two helpers of the form as islands that run in the browser. Every choice is kept in
// the URL.

const shots = (name: string) => `screenshots/${name}.png`;

async function hydrated(page: Page) {
  await page.locator('html[data-hydrated]').waitFor({ state: 'attached' });
}

async function markStillHere(page: Page) {
  // A full page load wipes this; what the map does in place keeps it.
  await page.evaluate(() => ((window as unknown as { stillHere: boolean }).stillHere = true));
}

async function stillHere(page: Page): Promise<boolean | undefined> {
  return page.evaluate(() => (window as unknown as { stillHere?: boolean }).stillHere);
}

function viewOf(url: string): { lat: number; lon: number; zoom: number } | null {
  const view = new URL(url).searchParams.get('kaart');
  if (!view) return null;
  const [lat, lon, zoom] = view.split(',').map(Number);
  return { lat, lon, zoom };
}

async function markerCounts(page: Page): Promise<number[]> {
  return page.locator('.map .marker').evaluateAll((markers) =>
    markers.map((m) => (m.classList.contains('marker--cluster') ? Number(m.textContent) : 1)),
  );
}

test('the home page shows the map with markers and the list of companies', async ({ page }) => {
  await page.goto('/');
  await expect(page.locator('html')).toHaveAttribute('lang', 'nl');
  await expect(page).toHaveTitle(/Techkaart/);
  await expect(page.getByRole('heading', { level: 1 })).toContainText('techniek');
  await expect(page.getByRole('status')).toHaveText(/\d+ bedrijven gevonden/);
  await expect(page.locator('.company-card')).toHaveCount(12);
  await expect(page.locator('.map .map__tile').first()).toBeAttached();
  const total = Number((await page.getByRole('status').textContent())?.match(/\d+/)?.[0]);
  const counts = await markerCounts(page);
  expect(counts.reduce((a, b) => a + b, 0)).toBe(total);
});

test('filter BBL and mbo 2 in Bladel: each choice searches at once; the URL reproduces it', async ({ page }) => {
  await page.goto('/');
  await hydrated(page);

  // Each change loads the new page, whose form must come to life again before the next.
  await page.getByLabel('Soort plek').selectOption('bbl');
  await expect(page).toHaveURL(/soort=bbl/);
  await hydrated(page);
  // Level and the rest are folded under "more filters"; region and kind stay in sight.
  await expect(page.getByLabel('Niveau')).toBeHidden();
  await page.getByText('Meer filters').click();
  await page.getByLabel('Niveau').selectOption('mbo2');
  await expect(page).toHaveURL(/niveau=mbo2/);
  await hydrated(page);
  // While one of them is in use they stay unfolded, and the summary says how many.
  await expect(page.locator('.search__more summary')).toContainText('1 in gebruik');
  await page.getByLabel('Gemeente').selectOption('bladel');
  await expect(page).toHaveURL(/gemeente=bladel/);
  await expect(page).toHaveURL(/soort=bbl/);
  await expect(page.getByRole('status')).toHaveText(/\d+ bedrij(f|ven) gevonden/);
  const places = await page.locator('.company-card__place').allTextContents();
  expect(places.length).toBeGreaterThan(0);
  for (const place of places) expect(place).toMatch(/Bladel/);
  for (const kinds of await page.locator('.company-card .kind-counts').allTextContents()) {
    expect(kinds).toMatch(/BBL/);
    expect(kinds).not.toMatch(/stage|snuffeldag|baan/);
  }
  // The form shows the search it made.
  await expect(page.getByLabel('Soort plek')).toHaveValue('bbl');
  await expect(page.getByLabel('Niveau')).toHaveValue('mbo2');
  await expect(page.getByLabel('Gemeente')).toHaveValue('bladel');

  const names = await page.locator('.company-card__name').allTextContents();
  await page.reload();
  await expect(page.locator('.company-card__name')).toHaveText(names);
  await expect(page.getByLabel('Soort plek')).toHaveValue('bbl');
});

test('a free-text search finds words inside words and ignores case', async ({ page }) => {
  await page.goto('/');
  await hydrated(page);
  await page.getByLabel('Zoekwoorden').fill('LAS');
  await page.getByRole('button', { name: 'Zoeken' }).click();
  await expect(page).toHaveURL(/zoek=LAS/);
  const cards = page.locator('.company-card');
  await expect(cards.first()).toBeVisible();
  for (const text of await cards.allTextContents()) expect(text.toLowerCase()).toContain('las');
});

test('an empty result says so and offers to widen the search', async ({ page }) => {
  await page.goto('/?zoek=bestaatnergens');
  await expect(page.getByRole('status')).toHaveText('0 bedrijven gevonden');
  await page.getByRole('link', { name: /Zoek breder/ }).click();
  await expect(page).toHaveURL(/\/$/);
  await expect(page.locator('.company-card').first()).toBeVisible();
});

test('zooming in on a cluster splits it, and the view is kept in the URL', async ({ page }) => {
  await page.goto('/?regio=kempen');
  await hydrated(page);
  const before = await markerCounts(page);
  await markStillHere(page);
  const cluster = page.locator('.map .marker--cluster').first();
  await expect(cluster).toBeVisible();
  await cluster.click();
  await expect(page).toHaveURL(/kaart=/);
  await expect.poll(async () => (await markerCounts(page)).length).toBeGreaterThan(before.length);
  // The map fetched the markers for its new zoom itself: the page was not reloaded.
  expect(await stillHere(page)).toBe(true);
  const zoomed = viewOf(page.url());
  expect(zoomed?.zoom).toBeGreaterThan(10);
  await page.screenshot({ path: shots('map-zoomed') });
});

test('dragging, the wheel and the keyboard move the map', async ({ page }) => {
  await page.goto('/?regio=kempen');
  await hydrated(page);
  const map = page.locator('.map');
  await map.scrollIntoViewIfNeeded();
  const box = (await map.boundingBox())!;
  await page.mouse.move(box.x + box.width / 2, box.y + box.height / 2);
  await page.mouse.down();
  await page.mouse.move(box.x + box.width / 2 - 150, box.y + box.height / 2, { steps: 8 });
  await page.mouse.up();
  await expect(page).toHaveURL(/kaart=/);
  const dragged = viewOf(page.url())!;
  expect(dragged.lon).toBeGreaterThan(5.22);
  // The list's next page and the language switch keep the view the map moved to.
  const next = (await page.getByRole('link', { name: 'Volgende' }).getAttribute('href'))!;
  expect(viewOf(`http://x${next}`)).toEqual(dragged);
  const english = (await page.getByRole('link', { name: 'English' }).getAttribute('href'))!;
  const back = new URL(`http://x${english}`).searchParams.get('terug')!;
  expect(viewOf(`http://x${back}`)).toEqual(dragged);

  await page.mouse.move(box.x + box.width / 2, box.y + box.height / 2);
  await page.mouse.wheel(0, -400);
  await expect.poll(() => viewOf(page.url())?.zoom).toBeGreaterThan(dragged.zoom);

  const wheeled = viewOf(page.url())!;
  await map.focus();
  await page.keyboard.press('ArrowUp');
  await expect.poll(() => viewOf(page.url())?.lat).toBeGreaterThan(wheeled.lat);
  await page.keyboard.press('-');
  await expect.poll(() => viewOf(page.url())?.zoom).toBeLessThan(wheeled.zoom);
});

test('a marker opens a card; the company page and Back return to the same map view', async ({ page }) => {
  // Centred on one demo company, close enough that it stands alone.
  await page.goto('/?regio=ijmond&kaart=52.4612,4.6104,16');
  await hydrated(page);
  const marker = page.getByRole('link', { name: 'Havenkade Staalservice, IJmuiden' });
  await marker.click();
  const card = page.locator('.map__card');
  await expect(card).toBeVisible();
  await expect(marker).toHaveClass(/marker--selected/);
  const name = await card.locator('.map__card-name').textContent();
  await page.screenshot({ path: shots('map-card') });
  const mapUrl = page.url();
  await card.getByRole('link', { name: 'Bekijk het bedrijf' }).click();
  await expect(page.getByRole('heading', { level: 1 })).toHaveText(name!);
  await page.goBack();
  await expect(page).toHaveURL(mapUrl);
  await expect(page.locator('.map .marker').first()).toBeVisible();
  expect(viewOf(page.url())).toEqual(viewOf(mapUrl));
});

test('the keyboard alone reaches a company page through the list', async ({ page }) => {
  await page.goto('/?regio=kempen');
  await hydrated(page);
  const firstName = (await page.locator('.company-card__name a').first().textContent())!;
  for (let i = 0; i < 80; i++) {
    await page.keyboard.press('Tab');
    const focused = await page.evaluate(() => document.activeElement?.textContent ?? '');
    if (focused === firstName) break;
  }
  await page.keyboard.press('Enter');
  await expect(page.getByRole('heading', { level: 1 })).toHaveText(firstName);
});

test('on a phone the list and the map take turns', async ({ page }) => {
  await page.setViewportSize({ width: 390, height: 844 });
  await page.goto('/');
  await hydrated(page);
  await expect(page.locator('.map')).toBeVisible();
  await expect(page.locator('.results')).toBeHidden();
  await page.getByText('Lijst', { exact: true }).click();
  await expect(page.getByRole('radio', { name: 'Lijst' })).toBeChecked();
  await expect(page.locator('.results')).toBeVisible();
  await expect(page.locator('.map')).toBeHidden();
  await page.getByRole('radio', { name: 'Kaart' }).focus();
  await page.keyboard.press('Space');
  await expect(page.locator('.map')).toBeVisible();
});

test.describe('without JavaScript', () => {
  test.use({ javaScriptEnabled: false });

  test('the map, its markers and links, and the form all work', async ({ page }) => {
    await page.goto('/?regio=kempen');
    await expect(page.locator('.map .marker').first()).toBeVisible();
    await expect(page.locator('.map .map__tile').first()).toBeAttached();
    const zoomIn = page.getByRole('link', { name: 'Inzoomen' });
    const target = (await zoomIn.getAttribute('href'))!;
    expect(viewOf(`http://x${target}`)?.zoom).toBeGreaterThan(7);
    await zoomIn.click();
    expect(viewOf(page.url())).toEqual(viewOf(`http://x${target}`));
    await page.getByRole('navigation', { name: 'Regio' }).getByRole('link', { name: 'IJmond' }).click();
    await expect(page).toHaveURL(/regio=ijmond/);
    await page.getByLabel('Soort plek').selectOption('bbl');
    await page.getByRole('button', { name: 'Zoeken' }).click();
    await expect(page).toHaveURL(/soort=bbl/);
    await expect(page).toHaveURL(/regio=ijmond/);
    const places = await page.locator('.company-card').evaluateAll((cards) => cards.map((c) => c.getAttribute('data-region')));
    expect(places.length).toBeGreaterThan(0);
    expect(places.every((r) => r === 'ijmond')).toBe(true);
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
    await expect(page.locator('.map .marker').first()).toBeVisible();
    await page.screenshot({ path: shots(`home-${name}`), fullPage: false });
    await page.screenshot({ path: shots(`home-${name}-full`), fullPage: true });
    // A student lands on the map, not on a form: its top third is in the first view, and
    // on a wide screen the first result beside it too.
    const map = await page.locator('.map').boundingBox();
    expect(map!.y + map!.height / 3).toBeLessThan(size.height);
    if (name === 'desktop') {
      const first = await page.locator('.company-card').first().boundingBox();
      expect(first!.y + 40).toBeLessThan(size.height);
    }
    // Nothing may stick out sideways on a narrow screen.
    const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
    expect(overflow).toBeLessThanOrEqual(0);
  });
}
