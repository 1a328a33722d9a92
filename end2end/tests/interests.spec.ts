import { test, expect, type Page } from '@playwright/test';
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import { asNewCoordinator, forwardedLink, shots, violations } from './helpers';

// A 15-year-old on her phone says she is interested in a placement, confirms by the link
// in her mail, her parent agrees by theirs (in English), and she downloads and then
// deletes everything. No account, no password, no script needed for any step.

const root = path.resolve(__dirname, '..', '..');
const targetDir = process.env.CARGO_TARGET_DIR ?? path.join(root, 'target');
const database = path.join(targetDir, 'e2e-data', 'e2e.db');

/** The path of the newest link under `prefix` mailed to `email` (from the test server's outbox). */
function mailedLink(email: string, prefix: string): string {
  const body = execFileSync('python3', [
    '-c',
    'import sqlite3, sys; print(sqlite3.connect(sys.argv[1]).execute("SELECT body FROM outbox WHERE recipient = ? AND body LIKE ? ORDER BY id DESC", (sys.argv[2], "%" + sys.argv[3] + "%")).fetchone()[0])',
    database,
    email,
    prefix,
  ]).toString();
  return body.match(new RegExp(`${prefix}[0-9a-f]{64}`))![0];
}

/** The address of the student first named `name` whose interest is at the first meeting. */
function addressAtFirstMeeting(name: string): string {
  return execFileSync('python3', [
    '-c',
    'import sqlite3, sys; print(sqlite3.connect(sys.argv[1]).execute("SELECT email FROM interests WHERE first_name = ? AND stage = \'first-meeting\' ORDER BY stage_changed_at DESC", (sys.argv[2],)).fetchone()[0])',
    database,
    name,
  ]).toString().trim();
}

async function firstPlacement(page: Page): Promise<string> {
  await page.goto('/?regio=kempen');
  await page.locator('.company-card__name a').first().click();
  await page.locator('.placement-item__title').first().click();
  await expect(page).toHaveURL(/\/bedrijven\/[a-z0-9-]+\/plekken\/\d+$/);
  return (await page.getByRole('heading', { level: 1 }).textContent())?.trim() ?? '';
}

test('a student of 15 says she is interested, her parent agrees, and she deletes everything', async ({ page, browser }) => {
  const stamp = Date.now();
  const email = `sanne-${stamp}@mail.example`;
  const parent = `ouder-${stamp}@mail.example`;
  const title = await firstPlacement(page);
  // From here on as on her phone.
  await page.setViewportSize({ width: 390, height: 844 });

  // The form is folded away until she asks for it.
  await expect(page.getByRole('heading', { name: 'Interesse in deze plek?' })).toBeVisible();
  await expect(page.getByLabel('Voornaam')).toBeHidden();
  await page.getByText('Ik heb interesse').click();
  await page.getByLabel('Voornaam').fill('Sanne');
  await page.getByLabel('Jonger dan 16').check();
  await page.getByLabel('School', { exact: true }).fill('Pius X College');
  await page.getByLabel('Opleiding').selectOption('vmbo-4');
  await page.getByLabel('E-mailadres', { exact: true }).fill(email);
  await page.getByLabel('Wanneer kun je beginnen?').selectOption('now');
  await page.getByLabel(/^Postcode/).fill('5531');
  await page.getByLabel(/^Waarom wil je dit/).fill('Ik sleutel graag aan brommers.');
  expect(await violations(page)).toEqual([]);
  await page.screenshot({ path: shots('interest-form-phone'), fullPage: true });

  // Under 16 without a parent's address: refused at that field, the rest kept.
  await page.getByRole('button', { name: 'Verstuur' }).click();
  await expect(page.locator('#field-guardian-email-error')).toHaveText(
    'E-mailadres van je ouder of verzorger moet ingevuld zijn',
  );
  await expect(page.getByLabel('Voornaam')).toHaveValue('Sanne');
  await expect(page.getByLabel('Jonger dan 16')).toBeChecked();
  await page.screenshot({ path: shots('interest-form-refused-phone'), fullPage: true });
  await page.getByLabel('E-mailadres van je ouder of verzorger').fill(parent);
  await page.getByRole('button', { name: 'Verstuur' }).click();
  await expect(page.getByRole('status')).toHaveText(
    'Bijna klaar! Kijk in je mail en druk op de link om je interesse te bevestigen.',
  );

  // Her link: confirm, then it waits for her parent.
  const own = mailedLink(email, '/mijn-interesse/');
  await page.goto(own);
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Mijn interesse');
  await expect(page.getByRole('heading', { name: title })).toBeVisible();
  await expect(page.locator('.interest-card__state')).toHaveText('Nog niet bevestigd');
  expect(await violations(page)).toEqual([]);
  await page.getByRole('button', { name: 'Bevestigen' }).click();
  await expect(page.getByRole('status')).toHaveText('Bevestigd. Dank je!');
  await expect(page.locator('.interest-card__state')).toHaveText('Wacht op toestemming van je ouder of verzorger');
  await expect(page.getByRole('button', { name: 'Bevestigen' })).toHaveCount(0);

  // Her parent reads English.
  const parentContext = await browser.newContext({ locale: 'en-GB', viewport: { width: 390, height: 844 } });
  const parentPage = await parentContext.newPage();
  await parentPage.goto(mailedLink(parent, '/toestemming/'));
  await expect(parentPage.getByRole('heading', { level: 1 })).toHaveText('Your consent is asked');
  await expect(parentPage.locator('.facts')).toContainText('Pius X College');
  await expect(parentPage.locator('.facts')).toContainText('Under 16');
  expect(await violations(parentPage)).toEqual([]);
  await parentPage.screenshot({ path: shots('interest-guardian-phone-en'), fullPage: true });
  await parentPage.getByRole('button', { name: 'I give my consent' }).click();
  await expect(parentPage.getByRole('status')).toHaveText(
    'Thank you. Once Sanne has confirmed too, the interest goes to the region\'s coordinator.',
  );
  await expect(parentPage.getByRole('button', { name: 'I give my consent' })).toHaveCount(0);
  await parentContext.close();

  await page.reload();
  await expect(page.locator('.interest-card__state')).toHaveText('Ontvangen: de coördinator kijkt er binnenkort naar');
  await expect(page.locator('.facts')).toContainText('vmbo, jaar 4');
  await page.screenshot({ path: shots('interest-own-page-phone'), fullPage: true });

  // Everything as a file.
  const [download] = await Promise.all([
    page.waitForEvent('download'),
    page.getByRole('link', { name: 'Download mijn gegevens' }).click(),
  ]);
  const saved = JSON.parse(readFileSync((await download.path())!, 'utf8'));
  expect(saved.interests).toHaveLength(1);
  expect(saved.interests[0].first_name).toBe('Sanne');
  expect(saved.interests[0].guardian_email).toBe(parent);

  // Deleting is two clicks, and then nothing is left.
  await page.getByRole('link', { name: 'Verwijder alles' }).click();
  await expect(page.getByRole('alert')).toHaveText('Weet je het zeker? Alles wordt meteen gewist, ook bij de coördinator.');
  await page.screenshot({ path: shots('interest-delete-phone') });
  await page.getByRole('button', { name: 'Ja, verwijder alles' }).click();
  await expect(page).toHaveURL(/\/privacy\?verwijderd=1$/);
  await expect(page.getByRole('status')).toHaveText('Alles is verwijderd. We hebben niets meer van je.');
  await expect(page.getByRole('heading', { name: 'Hoe lang?' })).toBeVisible();
  expect(await violations(page)).toEqual([]);
  await page.screenshot({ path: shots('privacy-phone'), fullPage: true });
  await page.goto(own);
  await expect(page.getByText(/Deze link werkt niet meer/)).toBeVisible();
});

test('the privacy page reads in English and every page links to it', async ({ browser }) => {
  const context = await browser.newContext({ locale: 'en-GB' });
  const page = await context.newPage();
  await page.goto('/');
  await page.getByRole('contentinfo').getByRole('link', { name: 'Privacy' }).click();
  await expect(page).toHaveURL(/\/privacy$/);
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Privacy');
  await expect(page.getByRole('heading', { name: 'Who sees it?' })).toBeVisible();
  expect(await violations(page)).toEqual([]);
  await page.screenshot({ path: shots('privacy-desktop-en'), fullPage: true });
  await context.close();
});

test('a coordinator works the board on her phone: filters, moves one along and closes another with an answer', async ({ page, baseURL }) => {
  const stamp = Date.now();
  const email = `board-${stamp}@techkaart.example`;
  await page.setViewportSize({ width: 390, height: 844 });
  await asNewCoordinator(page, email, 'kempen', baseURL!);

  // The workspace navigation leads to the board.
  const nav = page.getByRole('navigation', { name: 'Werkruimte' });
  await expect(nav.getByRole('link', { name: 'Overzicht' })).toHaveAttribute('aria-current', 'page');
  await nav.getByRole('link', { name: 'Interesses' }).click();
  await expect(page).toHaveURL(/\/beheer\/interesses$/);
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Interesses');
  // The demo's Kempen students, and none of the IJmond's.
  await expect(page.locator('.board-card')).not.toHaveCount(0);
  await expect(page.locator('.board-card__name', { hasText: /^Mila\s/ })).toHaveCount(0);
  expect(await violations(page)).toEqual([]);
  await page.screenshot({ path: shots('board-phone'), fullPage: true });

  // The count per stage filters.
  const counts = page.getByRole('navigation', { name: 'Fase' });
  await counts.getByRole('link', { name: /^Interesse \d+$/ }).click();
  await expect(page).toHaveURL(/fase=interest/);
  const waiting = page.locator('.board-card');
  const before = await waiting.count();
  expect(before).toBeGreaterThan(0);
  const first = waiting.first();
  const name = (await first.locator('.board-card__name').textContent())!.split('·')[0].trim();
  await first.getByRole('button', { name: 'Naar: In behandeling' }).click();
  await expect(page.locator('.board-card')).toHaveCount(before - 1);
  await page.goto('/beheer/interesses?fase=in-review');
  const moved = page.locator('.board-card', { has: page.locator('.board-card__name', { hasText: name }) });
  await expect(moved.locator('.stage')).toHaveText('In behandeling');

  // Closing asks for a reason and who declined, and mails the student.
  await moved.getByText('Afsluiten', { exact: true }).click();
  await moved.getByLabel('Reden').selectOption('no-match');
  await moved.getByLabel('Wie zag ervan af?').selectOption('nobody');
  await moved.getByLabel('Bericht aan de leerling').fill('We zoeken verder en laten het je weten.');
  await page.screenshot({ path: shots('board-close-phone'), fullPage: true });
  await moved.getByRole('button', { name: 'Afsluiten en bericht sturen' }).click();
  await page.goto('/beheer/interesses?fase=closed');
  const closed = page.locator('.board-card', { has: page.locator('.board-card__name', { hasText: name }) });
  await expect(closed.locator('.board-card__closed')).toContainText('Geen passende plek');
  const studentMail = closed.locator('a[href^="mailto:"]');
  const address = (await studentMail.textContent())!.trim();
  const body = execFileSync('python3', [
    '-c',
    'import sqlite3, sys; print(sqlite3.connect(sys.argv[1]).execute("SELECT body FROM outbox WHERE recipient = ? ORDER BY id DESC", (sys.argv[2],)).fetchone()[0])',
    database,
    address,
  ]).toString();
  expect(body).toContain('We zoeken verder en laten het je weten.');

  // The change log says what moved, not who the student is.
  await page.goto('/beheer/wijzigingen');
  await expect(page.locator('#wijzigingen')).toContainText('heeft verplaatst');
  await expect(page.locator('#wijzigingen')).not.toContainText(name);
});

test('introduced to a company, a student is seen by name and school, and by contact only once she chose a moment to meet', async ({ page, browser, baseURL }) => {
  const stamp = Date.now();
  const coordinator = `intro-${stamp}@techkaart.example`;
  const companyUser = `leerlingen-${stamp}@bedrijf.example`;
  await page.setViewportSize({ width: 1280, height: 900 });
  const password = 'draaibank-op-vrijdag-17';
  await asNewCoordinator(page, coordinator, 'kempen', baseURL!);

  // The coordinator introduces a student who is in review.
  await page.goto('/beheer/interesses?fase=in-review');
  const card = page.locator('.board-card').first();
  const name = (await card.locator('.board-card__name').textContent())!.split('·')[0].trim();
  const company = (await card.locator('.board-card__placement').textContent())!.split('·')[1].trim();
  await card.getByRole('button', { name: 'Naar: Voorgesteld' }).click();
  await expect(page.locator('.board-card__name', { hasText: new RegExp(`^${name}\\s`) })).toHaveCount(0);

  // The coordinator invites someone of that company, and forwards the link.
  await page.goto('/beheer/uitnodigen');
  await page.locator('#uitnodigen').getByLabel('E-mailadres', { exact: true }).fill(companyUser);
  const option = page.getByLabel('Bedrijf', { exact: true }).locator('option', { hasText: company });
  await page.getByLabel('Bedrijf', { exact: true }).selectOption(await option.first().getAttribute('value'));
  await page.getByRole('button', { name: 'Uitnodiging maken' }).click();
  await expect(page.getByRole('status')).toContainText('De uitnodiging is gemaakt');
  const link = await forwardedLink(page, companyUser);

  // The company, on a phone: the candidate by name and school, no contact yet.
  const context = await browser.newContext({ viewport: { width: 390, height: 844 } });
  const phone = await context.newPage();
  await phone.goto(link);
  await phone.getByLabel('Nieuw wachtwoord').fill(password);
  await phone.getByLabel('Herhaal het wachtwoord').fill(password);
  await phone.getByRole('button', { name: 'Wachtwoord opslaan' }).click();
  await expect(phone).toHaveURL(/\/beheer$/);
  const candidate = phone.locator('#kandidaten .board-card', { has: phone.locator('.board-card__name', { hasText: new RegExp(`^${name}\\s`) }) });
  await expect(candidate).toHaveCount(1);
  await expect(candidate.locator('.board-card__facts')).toContainText('School');
  await expect(candidate.locator('a[href^="mailto:"]')).toHaveCount(0);
  await expect(candidate).toContainText('Contactgegevens zie je zodra de leerling een van je momenten voor een kennismaking kiest.');
  expect(await violations(phone)).toEqual([]);
  await candidate.screenshot({ path: shots('candidate-introduced-phone') });

  await candidate.getByLabel('Momenten voor een kennismaking').fill('di 3 december 15:00\ndo 5 december 10:00');
  await candidate.getByRole('button', { name: 'Kennismaking voorstellen' }).click();
  await expect(phone).toHaveURL(/\/beheer#kandidaten$/);
  await expect(candidate.locator('.stage')).toHaveText('Kennismaking');
  await expect(candidate).toContainText('do 5 december 10:00');
  // Still no contact: the student chooses first.
  await expect(candidate.locator('a[href^="mailto:"]')).toHaveCount(0);

  // The student, on her phone, chooses a moment on the page her mail links to.
  const student = await browser.newContext({ viewport: { width: 390, height: 844 } });
  const own = await student.newPage();
  await own.goto(mailedLink(addressAtFirstMeeting(name), '/mijn-interesse/'));
  const meeting = own.locator('.interest-card__meeting');
  await expect(meeting.getByRole('group', { name: 'Kennismaken?' })).toBeVisible();
  expect(await violations(own)).toEqual([]);
  await own.screenshot({ path: shots('student-chooses-moment-phone'), fullPage: true });
  await meeting.getByLabel('do 5 december 10:00').check();
  await meeting.getByRole('button', { name: 'Dit moment kies ik' }).click();
  await expect(own.getByRole('status')).toContainText('Je hebt een moment gekozen.');
  await expect(own.locator('.interest-card__meeting')).toContainText('do 5 december 10:00');
  await student.close();

  // Now the company sees how to reach her, and which moment she chose.
  await phone.reload();
  await expect(candidate.locator('a[href^="mailto:"]')).toHaveCount(1);
  await expect(candidate).toContainText('Gekozen moment');
  await candidate.screenshot({ path: shots('candidate-meeting-phone') });
  await context.close();

  // The coordinator's board shows the company's step.
  await page.goto('/beheer/interesses?fase=first-meeting');
  await expect(page.locator('.board-card__name', { hasText: new RegExp(`^${name}\\s`) })).toHaveCount(1);
});

test('a coordinator registers a student for her school, sees what fits and introduces her', async ({ page, baseURL }) => {
  const stamp = Date.now();
  const email = `match-${stamp}@techkaart.example`;
  await page.setViewportSize({ width: 390, height: 844 });
  await asNewCoordinator(page, email, 'kempen', baseURL!);

  // Jesse, 15, comes through her school: no parent's address is asked.
  await page.goto('/beheer/interesses');
  await page.getByRole('link', { name: 'Interesse noteren voor een leerling' }).click();
  await expect(page).toHaveURL(/\/beheer\/nieuwe-interesse$/);
  await expect(page.getByLabel('E-mailadres van je ouder of verzorger')).toHaveCount(0);
  await page.getByLabel('Voornaam').fill('Jesse');
  await page.getByLabel('Jonger dan 16').check();
  await page.getByLabel('School', { exact: true }).fill('Kempen College');
  await page.getByLabel('Opleiding').selectOption('vmbo-4');
  await page.getByLabel('Wanneer kan de leerling beginnen?').selectOption('now');
  // The form speaks of the student, not to her.
  await expect(page.getByText('Leeftijd van de leerling')).toBeVisible();
  await expect(page.getByText('Hoe oud ben je?')).toHaveCount(0);
  // An address the server refuses: the form comes back with the placement still chosen.
  const placement = page.getByLabel('Plek', { exact: true });
  const second = await placement.locator('option').nth(1).getAttribute('value');
  await placement.selectOption(second!);
  await page.getByLabel('E-mailadres', { exact: true }).fill(`jesse-${stamp}@leerling`);
  await page.getByRole('button', { name: 'Interesse noteren' }).click();
  await expect(page.locator('#field-email-error')).not.toBeEmpty();
  await expect(placement).toHaveValue(second!);
  await expect(page.getByLabel('Voornaam')).toHaveValue('Jesse');
  await placement.selectOption('');
  await page.getByLabel('E-mailadres', { exact: true }).fill(`jesse-${stamp}@leerling.example`);
  expect(await violations(page)).toEqual([]);
  await page.screenshot({ path: shots('register-interest-phone'), fullPage: true });
  await page.getByRole('button', { name: 'Interesse noteren' }).click();

  // Her page: the open placements that fit, with why.
  await expect(page).toHaveURL(/\/beheer\/interesses\/\d+$/);
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Passende plekken: Jesse');
  const suggestions = page.locator('.suggestions > li');
  await expect(suggestions).not.toHaveCount(0);
  await expect(suggestions.first().locator('.fit__reasons li')).not.toHaveCount(0);
  expect(await violations(page)).toEqual([]);
  await page.screenshot({ path: shots('suggestions-phone'), fullPage: true });
  const title = (await suggestions.first().locator('.suggestion__title').textContent())!.trim();

  // The other way round: who fits that placement, Jesse among them.
  await suggestions.first().getByRole('link', { name: 'Wie past hier?' }).click();
  await expect(page).toHaveURL(/\/beheer\/plekken\/\d+\/passend$/);
  await expect(page.getByRole('heading', { level: 2, name: title })).toBeVisible();
  await expect(page.locator('.board-card__name', { hasText: /^Jesse\s/ })).toHaveCount(1);
  expect(await violations(page)).toEqual([]);
  await page.screenshot({ path: shots('who-fits-phone'), fullPage: true });

  // Introduced with one click; no more suggestions then.
  await page.goBack();
  await page.locator('.suggestions > li').first().getByRole('button', { name: /^Voorstellen bij / }).click();
  await expect(page.locator('.board-card .stage')).toHaveText('Voorgesteld');
  await expect(page.locator('.board-card__placement')).toContainText(title);
  await expect(page.locator('.notice')).toContainText('Deze leerling is al voorgesteld.');
  await page.screenshot({ path: shots('suggestions-introduced-phone'), fullPage: true });
});

test('a pupil says she is interested on an orientation day, and the coordinator finds placements near her home', async ({ page, browser, baseURL }) => {
  const stamp = Date.now();
  const email = `noa-${stamp}@mail.example`;
  await page.setViewportSize({ width: 390, height: 844 });
  await page.goto('/evenementen?soort=orientation-day&regio=kempen');
  await page.locator('.event-card__title a').first().click();
  await expect(page).toHaveURL(/\/evenementen\/\d+$/);
  const day = (await page.getByRole('heading', { level: 1 }).textContent())!.trim();

  await expect(page.getByRole('heading', { name: 'Interesse in deze oriëntatiedag?' })).toBeVisible();
  // A class sign-up may be on the same page, with fields of the same names: this form's own.
  const form = page.locator('#interesse');
  await form.getByText('Ik heb interesse').click();
  await form.getByLabel('Voornaam').fill('Noa');
  await form.getByLabel('16 of 17').check();
  await form.getByLabel('School', { exact: true }).fill('Kempenhorst College');
  await form.getByLabel('Opleiding').selectOption('vmbo-4');
  await form.getByLabel('E-mailadres', { exact: true }).fill(email);
  await form.getByLabel('Wanneer kun je beginnen?').selectOption('now');
  await form.getByLabel(/^Postcode/).fill('5531');
  expect(await violations(page)).toEqual([]);
  await form.getByRole('button', { name: 'Verstuur' }).click();
  await expect(page).toHaveURL(/interesse=verstuurd/);
  await expect(page.getByRole('status')).toHaveText(
    'Bijna klaar! Kijk in je mail en druk op de link om je interesse te bevestigen.',
  );
  await page.screenshot({ path: shots('event-interest-sent-phone'), fullPage: true });

  // Her own page names the orientation day.
  await page.goto(mailedLink(email, '/mijn-interesse/'));
  await expect(page.getByRole('heading', { name: day })).toBeVisible();
  await expect(page.locator('.interest-card')).toContainText('Oriëntatiedag');
  await page.getByRole('button', { name: 'Bevestigen' }).click();
  await expect(page.locator('.interest-card__state')).toHaveText('Ontvangen: de coördinator kijkt er binnenkort naar');
  expect(await violations(page)).toEqual([]);
  await page.screenshot({ path: shots('event-interest-own-page-phone'), fullPage: true });

  // The coordinator sees the day on Noa's card, and placements that fit with travel times.
  const coordinator = await browser.newContext({ viewport: { width: 390, height: 844 } });
  const desk = await coordinator.newPage();
  await asNewCoordinator(desk, `event-interest-${stamp}@techkaart.example`, 'kempen', baseURL!);
  await desk.goto('/beheer/interesses?fase=interest');
  const card = desk.locator('.board-card', { has: desk.locator('.board-card__name', { hasText: /^Noa\s/ }) });
  await expect(card.locator('.interest-event')).toContainText(day);
  await expect(card.locator('.board-card__placement')).toHaveText('Nog geen plek gekozen');
  await card.getByRole('link', { name: 'Passende plekken' }).click();
  await expect(desk.locator('.suggestion').first()).toBeVisible();
  await expect(desk.locator('.fit__travel').first()).toContainText(/^Vanaf de postcode van de leerling: ca\. [\d,]+ km · \d+ min fietsen/);
  expect(await violations(desk)).toEqual([]);
  await desk.screenshot({ path: shots('event-interest-suggestions-phone'), fullPage: true });
  await coordinator.close();
});
