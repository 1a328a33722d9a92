import { test, expect, type Page } from '@playwright/test';
import AxeBuilder from '@axe-core/playwright';
import { asNewCoordinator, shots } from './helpers';

// axe-core on every kind of page, in Dutch and in English: any violation of WCAG 2.0,
// 2.1 and 2.2 A/AA rules fails the test, with the rule and the elements named.

async function violations(page: Page): Promise<string[]> {
  const result = await new AxeBuilder({ page })
    .withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa'])
    .analyze();
  return result.violations.map(
    (v) => `${v.id}: ${v.help} — ${v.nodes.map((n) => n.target.join(' ')).slice(0, 5).join(', ')}`,
  );
}

async function firstCompanyAndPlacement(page: Page): Promise<[string, string]> {
  await page.goto('/?regio=kempen');
  const company = (await page.locator('.company-card__name a').first().getAttribute('href'))!;
  const placement = (await page.locator('.company-card__placements a').first().getAttribute('href'))!;
  return [company, placement];
}

for (const [language, locale] of [
  ['Dutch', 'nl-NL'],
  ['English', 'en-GB'],
] as const) {
  test.describe(`in ${language}`, () => {
    test.use({ locale });

    test('the map, company, placement and not-found pages have no accessibility violations', async ({ page }) => {
      const [company, placement] = await firstCompanyAndPlacement(page);
      for (const path of ['/?regio=kempen', '/?soort=bbl&kaart=51.37,5.22,12', company, placement, '/bestaat-niet']) {
        await page.goto(path);
        // Only the home page has islands to bring to life; the others are plain HTML.
        if (path.startsWith('/?')) await page.locator('html[data-hydrated]').waitFor({ state: 'attached' });
        await expect(page.locator('html')).toHaveAttribute('lang', locale.slice(0, 2));
        expect(await violations(page), path).toEqual([]);
      }
    });

    test('an open marker card and the phone layout have no accessibility violations', async ({ page }) => {
      await page.setViewportSize({ width: 360, height: 740 });
      await page.goto('/?regio=ijmond&kaart=52.4612,4.6104,16');
      await page.locator('html[data-hydrated]').waitFor({ state: 'attached' });
      await page.getByRole('link', { name: 'Havenkade Staalservice, IJmuiden' }).click();
      await expect(page.locator('.map__card')).toBeVisible();
      expect(await violations(page)).toEqual([]);
    });
  });
}

test('the language switch turns the page into English and back, and is remembered', async ({ page }) => {
  await page.goto('/?regio=ijmond&soort=bbl');
  await page.getByRole('link', { name: 'English' }).click();
  await expect(page).toHaveURL(/\/\?regio=ijmond&soort=bbl$/);
  await expect(page.locator('html')).toHaveAttribute('lang', 'en');
  await expect(page.getByRole('status')).toHaveText(/\d+ compan(y|ies) found/);
  await expect(page.getByLabel('Kind of placement')).toHaveValue('bbl');
  await page.goto('/bestaat-niet');
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Page not found');
  await page.getByRole('link', { name: 'Nederlands' }).click();
  await expect(page.locator('html')).toHaveAttribute('lang', 'nl');
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Pagina niet gevonden');
});

test("every page of the coordinator's workspace has no accessibility violations, in both languages", async ({ page, baseURL }) => {
  // Twenty-four pages, each checked whole: longer than one journey.
  test.setTimeout(120_000);
  const email = `a11y-${Date.now()}@techkaart.example`;
  await page.setViewportSize({ width: 390, height: 844 });
  await asNewCoordinator(page, email, 'kempen', baseURL!);
  // An interest waiting for a first look, and a placement, from the demo's board.
  await page.goto('/beheer/interesses?fase=interest');
  const interest = (await page.locator('.board-card__match a').first().getAttribute('href'))!;
  await page.goto(interest);
  const whoFits = (await page.getByRole('link', { name: 'Wie past hier?' }).first().getAttribute('href'))!;
  const paths = [
    '/beheer',
    '/beheer/interesses',
    interest,
    whoFits,
    '/beheer/nieuwe-interesse',
    '/beheer/bedrijven',
    '/beheer/bedrijven?zoek=metaal',
    '/beheer/uitnodigen',
    '/beheer/uitgaande-mail',
    '/beheer/wijzigingen',
    '/beheer/evenementen',
    '/beheer/schermen',
  ];
  for (const [lang, switchTo] of [['nl', ''], ['en', '/taal/en?terug=/beheer']] as const) {
    if (switchTo) await page.goto(switchTo);
    for (const path of paths) {
      await page.goto(path);
      await expect(page.locator('html')).toHaveAttribute('lang', lang);
      await expect(page.getByRole('navigation', { name: lang === 'nl' ? 'Werkruimte' : 'Workspace' })).toBeVisible();
      expect(await violations(page), `${lang} ${path}`).toEqual([]);
    }
  }
  await page.goto('/beheer/bedrijven');
  await page.screenshot({ path: shots('workspace-companies-phone-en'), fullPage: true });
});
