import { test, expect, type Page, type Browser } from '@playwright/test';
import { createCoordinator, shots, violations } from './helpers';

// The company journey: the coordinator invites someone of a new company, that person
// opens the link from the outbox, chooses a password, adds a BBL placement and finds it
// on the public map; two people editing the same placement meet the conflict message.
// The profile's location moves by dragging the map under its pin. Also: the app still
// comes to life under its Content-Security-Policy.

const password = 'draaibank op dinsdag';

async function choosePassword(page: Page, link: string) {
  await page.goto(link);
  await page.getByLabel('Nieuw wachtwoord').fill(password);
  await page.getByLabel('Herhaal het wachtwoord').fill(password);
  await page.getByRole('button', { name: 'Wachtwoord opslaan' }).click();
  await expect(page).toHaveURL(/\/beheer$/);
}

async function logIn(browser: Browser, email: string): Promise<Page> {
  const context = await browser.newContext({ viewport: { width: 390, height: 844 } });
  const page = await context.newPage();
  await page.goto('/inloggen');
  await page.getByLabel('E-mailadres', { exact: true }).fill(email);
  await page.getByLabel('Wachtwoord').fill(password);
  await page.getByRole('button', { name: 'Inloggen' }).click();
  await expect(page).toHaveURL(/\/beheer$/);
  return page;
}

test('a coordinator invites a company, which adds a BBL placement that appears on the map', async ({ page, browser, baseURL }) => {
  const stamp = Date.now();
  const coordinator = `coordinator-${stamp}@techkaart.example`;
  const companyUser = `werkplaats-${stamp}@kempenlas.example`;
  const companyName = `Kempen Las ${stamp}`;
  const title = `Leerling lasser ${stamp}`;

  await page.setViewportSize({ width: 1280, height: 900 });
  await choosePassword(page, createCoordinator(coordinator, 'kempen', baseURL!));
  // The overview says what waits; the navigation leads to each part of the workspace.
  await expect(page.getByRole('heading', { name: 'Wat wacht er' })).toBeVisible();
  await page.getByRole('navigation', { name: 'Werkruimte' }).getByRole('link', { name: 'Uitnodigen' }).click();
  await expect(page).toHaveURL(/\/beheer\/uitnodigen$/);
  // The page also invites teachers, with an address field of its own.
  await page.locator('#uitnodigen').getByLabel('E-mailadres', { exact: true }).fill(companyUser);
  await page.getByLabel('Bedrijf', { exact: true }).selectOption('new');
  await page.getByLabel('Naam van het bedrijf', { exact: true }).fill(companyName);
  await page.getByLabel('Straat en huisnummer', { exact: true }).fill('De Run 4000');
  await page.getByLabel('Postcode', { exact: true }).fill('5531 AB');
  await page.getByLabel('Plaats', { exact: true }).selectOption('hapert');
  await page.getByLabel('Grootte', { exact: true }).selectOption('10-49');
  expect(await violations(page)).toEqual([]);
  await page.screenshot({ path: shots('invite-form'), fullPage: true });
  await page.getByRole('button', { name: 'Uitnodiging maken' }).click();
  await expect(page.getByRole('status')).toContainText('De uitnodiging is gemaakt');
  await page.getByRole('status').getByRole('link', { name: 'Uitgaande mail' }).click();
  await expect(page).toHaveURL(/\/beheer\/uitgaande-mail$/);
  // The outbox's search finds the invitation by its recipient.
  await page.getByLabel('Zoek op ontvanger of onderwerp').fill(companyUser);
  await page.getByRole('button', { name: 'Zoeken' }).click();
  await expect(page.locator('.outbox__mail')).toHaveCount(1);
  expect(await violations(page)).toEqual([]);
  const mail = page.locator('.outbox__mail', { hasText: companyUser }).first();
  // The coordinator forwards the invitation (no mail server here), and the outbox says so.
  await expect(mail).toContainText(`Link getoond aan ${coordinator}`);
  await mail.screenshot({ path: shots('outbox-invitation') });
  const body = await mail.locator('.outbox__body').innerText();
  const link = new URL(body.match(/https?:\/\/\S+\/wachtwoord\/[0-9a-f]{64}/)![0]).pathname;

  // The companies of the region, searched: the new one, its person invited.
  await page.goto('/beheer/bedrijven');
  await page.getByLabel('Zoek een bedrijf, plaats of e-mailadres').fill(companyName);
  await page.getByRole('button', { name: 'Zoeken' }).click();
  await expect(page.locator('.workspace-count')).toHaveText('1 bedrijf gevonden');
  await expect(page.locator('.company-users__user', { hasText: companyUser })).toContainText('uitgenodigd, nog geen wachtwoord');
  expect(await violations(page)).toEqual([]);
  await page.setViewportSize({ width: 390, height: 844 });
  await page.screenshot({ path: shots('workspace-companies-phone'), fullPage: true });
  await page.goto('/beheer');
  await page.screenshot({ path: shots('workspace-overview-phone'), fullPage: true });
  await page.setViewportSize({ width: 1280, height: 900 });

  // The company user, on a phone, in a browser of their own.
  const context = await browser.newContext({ viewport: { width: 390, height: 844 } });
  const phone = await context.newPage();
  await choosePassword(phone, link);
  await expect(phone.getByRole('heading', { name: companyName })).toBeVisible();
  await phone.getByRole('link', { name: 'Plek toevoegen' }).click();
  await expect(phone).toHaveURL(/\/beheer\/plekken\/nieuw$/);

  // The browser checks with the same rules as the server (the HTML checks are switched
  // off to see that): a message when a field is left, and sending is held back.
  await expect(phone.locator('html[data-hydrated]')).toHaveCount(1);
  await phone.locator('form.edit-form').evaluate((form) => form.setAttribute('novalidate', ''));
  await phone.getByLabel('Soort plek').selectOption('bbl');
  await phone.getByLabel('Niveau').selectOption('mbo2');
  await phone.getByLabel('Vakgebied').selectOption('welding');
  await phone.getByLabel('Crebo-code').fill('2578');
  await phone.getByLabel('Crebo-code').press('Tab');
  await expect(phone.getByText('Crebo-code heeft een onleesbare vorm')).toBeVisible();
  await expect(phone.getByText('Titel van de plek moet ingevuld zijn')).toHaveCount(0);
  await phone.getByLabel('woensdag').check();
  await phone.getByRole('button', { name: 'Opslaan', exact: true }).click();
  await expect(phone.getByText('Titel van de plek moet ingevuld zijn')).toBeVisible();
  await expect(phone.getByLabel('Titel van de plek')).toBeFocused();
  await expect(phone).toHaveURL(/\/beheer\/plekken\/nieuw$/);
  await phone.getByLabel('Titel van de plek').fill(title);
  await expect(phone.getByText('Titel van de plek moet ingevuld zijn')).toHaveCount(0);
  await expect(phone.getByLabel('woensdag')).toBeChecked();
  expect(await violations(phone)).toEqual([]);
  await phone.screenshot({ path: shots('placement-form-error-phone'), fullPage: true });
  await phone.getByLabel('Crebo-code').fill('25787');
  await phone.getByLabel('Uren per week').fill('32');
  await phone.getByRole('button', { name: 'Opslaan', exact: true }).click();
  await expect(phone).toHaveURL(/\/beheer\?opgeslagen=\d+/);
  await expect(phone.getByRole('status')).toHaveText('Opgeslagen.');
  const item = phone.locator('.own-placement', { hasText: title });
  await expect(item).toContainText('Open');
  expect(await violations(phone)).toEqual([]);
  await phone.screenshot({ path: shots('company-dashboard-phone'), fullPage: true });

  // On the public map at once.
  await page.goto(`/?zoek=${encodeURIComponent(title)}`);
  await expect(page.locator('.company-card', { hasText: companyName })).toBeVisible();

  // Two people edit the same placement: the second save is refused and shows the first.
  const editLink = await item.getByRole('link', { name: `Bewerken: ${title}` }).getAttribute('href');
  const colleague = await logIn(browser, companyUser);
  await colleague.goto(editLink!);
  await phone.goto(editLink!);
  await colleague.getByLabel('Titel van de plek').fill(`${title} MIG/MAG`);
  await colleague.getByRole('button', { name: 'Opslaan', exact: true }).click();
  await expect(colleague).toHaveURL(/opgeslagen=/);
  await phone.getByLabel('Aantal plekken').fill('3');
  await phone.getByRole('button', { name: 'Opslaan', exact: true }).click();
  const notice = phone.locator('.stale-notice');
  await expect(notice).toContainText('Iemand anders heeft deze plek intussen opgeslagen');
  await expect(notice).toContainText(`${title} MIG/MAG`);
  await expect(phone.getByLabel('Aantal plekken')).toHaveValue('3');
  expect(await violations(phone)).toEqual([]);
  await phone.screenshot({ path: shots('placement-conflict-phone'), fullPage: true });

  // The profile: dragging the map moves the pin's position into the fields.
  await phone.goto('/beheer/profiel');
  await expect(phone.locator('html[data-hydrated]')).toHaveCount(1);
  const latitude = phone.getByLabel('Breedtegraad');
  const before = await latitude.inputValue();
  const frame = phone.locator('.location-map__frame');
  await frame.scrollIntoViewIfNeeded();
  const box = (await frame.boundingBox())!;
  await phone.mouse.move(box.x + box.width / 2, box.y + box.height / 2);
  await phone.mouse.down();
  await phone.mouse.move(box.x + box.width / 2 + 30, box.y + box.height / 2 + 40, { steps: 5 });
  await phone.mouse.up();
  await expect(latitude).not.toHaveValue(before);
  const moved = Number(await latitude.inputValue());
  expect(moved).toBeGreaterThan(Number(before));
  await frame.focus();
  await phone.keyboard.press('ArrowDown');
  await expect(latitude).not.toHaveValue(String(moved.toFixed(5)));
  await phone.getByLabel('Lassen').check();
  await phone.getByLabel('Beschrijving (Nederlands)').fill('Wij lassen stalen constructies voor de machinebouw.');
  expect(await violations(phone)).toEqual([]);
  await phone.screenshot({ path: shots('profile-phone'), fullPage: true });
  await phone.getByRole('button', { name: 'Opslaan', exact: true }).click();
  await expect(phone.getByRole('status')).toHaveText('Het profiel is opgeslagen.');

  // A logo: any PNG, JPEG or WebP; the server stores its own PNG of it.
  await phone.goto('/beheer/profiel');
  await phone.getByLabel('Kies een afbeelding').setInputFiles({
    name: 'logo.png',
    mimeType: 'image/png',
    buffer: Buffer.from('iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8DwHwAFBQIAX8jx0gAAAABJRU5ErkJggg==', 'base64'),
  });
  await phone.getByRole('button', { name: 'Logo opslaan' }).click();
  await expect(phone.getByRole('status')).toHaveText('Het logo is opgeslagen.');
  await expect(phone.getByRole('img', { name: 'Het huidige logo' })).toBeVisible();

  // One click: filled, and gone from the map.
  await phone.goto('/beheer');
  await phone.getByRole('button', { name: `Vervuld: ${title} MIG/MAG` }).click();
  await expect(phone.locator('.own-placement', { hasText: title })).toContainText('Vervuld');
  await page.goto(`/?zoek=${encodeURIComponent(title)}`);
  await expect(page.locator('.company-card', { hasText: companyName })).toHaveCount(0);
});

test('the map comes to life under the content security policy', async ({ page }) => {
  const refused: string[] = [];
  page.on('console', (message) => {
    if (/Content.Security.Policy/i.test(message.text())) refused.push(message.text());
  });
  const response = await page.goto('/');
  const policy = response!.headers()['content-security-policy'];
  expect(policy).toContain("'wasm-unsafe-eval'");
  expect(policy).toContain("object-src 'none'");
  expect(policy).toContain("frame-ancestors 'none'");
  expect(response!.headers()['x-content-type-options']).toBe('nosniff');
  await expect(page.locator('html[data-hydrated]')).toHaveCount(1);
  // An island works: a zoom click moves the map without loading a page.
  await page.getByRole('link', { name: 'Inzoomen' }).click();
  await expect(page).toHaveURL(/kaart=/);
  expect(refused).toEqual([]);
});
