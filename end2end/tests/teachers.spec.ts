import { test, expect } from '@playwright/test';
import { asNewCoordinator, forwardedLink, shots, violations } from './helpers';

// A teacher's own account: the coordinator invites a teacher of a Kempen school and
// forwards the link from the outbox; the teacher, on her phone, chooses a password,
// registers a pupil of her school (no parent's link: the school answers for it) and
// sees whom she registered and where each stands; the coordinator finds the pupil on
// the board. Plain forms throughout.

const password = 'lasbril en werkbank';

test('a coordinator invites a teacher, who registers a pupil of her school and follows it', async ({ page, browser, baseURL }) => {
  const stamp = Date.now();
  const teacher = `docent-${stamp}@pius.example`;
  const school = `Pius X College ${stamp}`;
  await page.setViewportSize({ width: 390, height: 844 });
  await asNewCoordinator(page, `co-teachers-${stamp}@techkaart.example`, 'kempen', baseURL!);

  await page.goto('/beheer/uitnodigen');
  const invite = page.locator('#docenten');
  await expect(invite.getByRole('heading', { name: 'Een docent uitnodigen' })).toBeVisible();
  await invite.getByLabel('E-mailadres', { exact: true }).fill(teacher);
  await invite.getByLabel('School', { exact: true }).fill(school);
  expect(await violations(page)).toEqual([]);
  await page.screenshot({ path: shots('teacher-invite-phone'), fullPage: true });
  await invite.getByRole('button', { name: 'Docent uitnodigen' }).click();
  await expect(page).toHaveURL(/docent-uitgenodigd=1#docenten$/);
  await expect(page.locator('#docenten').getByRole('status')).toContainText('De uitnodiging voor de docent is gemaakt');
  const listed = page.locator('#docenten .company-users__user', { hasText: teacher });
  await expect(listed).toContainText(school);
  await expect(listed).toContainText('uitgenodigd, nog geen wachtwoord');
  const link = await forwardedLink(page, teacher);
  await expect(page.locator('.outbox__mail', { hasText: teacher }).first()).toContainText(school);

  // The teacher, on her phone.
  const context = await browser.newContext({ viewport: { width: 390, height: 844 } });
  const phone = await context.newPage();
  await phone.goto(link);
  await phone.getByLabel('Nieuw wachtwoord').fill(password);
  await phone.getByLabel('Herhaal het wachtwoord').fill(password);
  await phone.getByRole('button', { name: 'Wachtwoord opslaan' }).click();
  await expect(phone).toHaveURL(/\/beheer$/);
  await expect(phone.getByRole('heading', { name: 'Leerlingen aanmelden' })).toBeVisible();
  await expect(phone.getByText(school, { exact: false }).first()).toBeVisible();
  await expect(phone.getByText('Je hebt nog niemand aangemeld.')).toBeVisible();
  // Not the coordinator's workspace.
  await expect(phone.getByRole('navigation', { name: 'Werkruimte' })).toHaveCount(0);

  await phone.getByRole('link', { name: 'Een leerling aanmelden' }).click();
  await expect(phone).toHaveURL(/\/beheer\/nieuwe-interesse$/);
  await expect(phone.getByRole('navigation', { name: 'Werkruimte' })).toHaveCount(0);
  // Her school is given, not asked; no parent's address either.
  await expect(phone.getByLabel('School', { exact: true })).toHaveCount(0);
  await expect(phone.locator('.fixed-field')).toContainText(school);
  await expect(phone.getByLabel('E-mailadres van je ouder of verzorger')).toHaveCount(0);
  await phone.getByLabel('Voornaam').fill('Lotte');
  await phone.getByLabel('Jonger dan 16').check();
  await phone.getByLabel('Opleiding').selectOption('vmbo-4');
  await phone.getByLabel('E-mailadres', { exact: true }).fill(`lotte-${stamp}@leerling.example`);
  await phone.getByLabel('Wanneer kan de leerling beginnen?').selectOption('now');
  const placement = phone.getByLabel('Plek', { exact: true });
  const chosen = placement.locator('option').nth(1);
  const chosenTitle = (await chosen.textContent())!.split('·')[1].trim();
  await placement.selectOption((await chosen.getAttribute('value'))!);
  expect(await violations(phone)).toEqual([]);
  await phone.screenshot({ path: shots('teacher-register-phone'), fullPage: true });
  await phone.getByRole('button', { name: 'Interesse noteren' }).click();

  // Back on her page: Lotte, the placement, where it stands; no contact details.
  await expect(phone).toHaveURL(/\/beheer\?aangemeld=1#aanmeldingen$/);
  await expect(phone.getByRole('status')).toContainText('De aanmelding is opgeslagen');
  const item = phone.locator('.registrations__item', { hasText: 'Lotte' });
  await expect(item).toContainText(chosenTitle);
  await expect(item.locator('.stage')).toHaveText('Interesse');
  await expect(phone.locator('body')).not.toContainText(`lotte-${stamp}@leerling.example`);
  expect(await violations(phone)).toEqual([]);
  await phone.screenshot({ path: shots('teacher-registrations-phone'), fullPage: true });
  await phone.setViewportSize({ width: 1280, height: 900 });
  await phone.screenshot({ path: shots('teacher-registrations-desktop'), fullPage: true });
  await phone.setViewportSize({ width: 390, height: 844 });
  // The board is not hers.
  await phone.goto('/beheer/interesses');
  await expect(phone.getByRole('alert')).toHaveText('Dit kan niet met dit account.');
  await expect(phone.locator('.board-card')).toHaveCount(0);
  // Her pages in English.
  await phone.goto('/taal/en?terug=/beheer');
  await expect(phone.getByRole('heading', { name: 'Register students' })).toBeVisible();
  await expect(phone.locator('.registrations__item', { hasText: 'Lotte' }).locator('.stage')).toHaveText('Interest');
  expect(await violations(phone)).toEqual([]);
  await phone.goto('/beheer/nieuwe-interesse');
  await expect(phone.locator('html')).toHaveAttribute('lang', 'en');
  expect(await violations(phone)).toEqual([]);
  await phone.screenshot({ path: shots('teacher-register-phone-en'), fullPage: true });
  await context.close();

  // The coordinator finds Lotte on the board, registered by the school.
  await page.goto('/beheer/interesses?fase=interest');
  // (The demo has a Lotte of its own: this one is found by her school.)
  const card = page.locator('.board-card', { hasText: school });
  await expect(card).toHaveCount(1);
  await expect(card.locator('.board-card__name')).toContainText('Lotte');
  // The teacher now has a password.
  await page.goto('/beheer/uitnodigen');
  await expect(page.locator('#docenten .company-users__user', { hasText: teacher })).toContainText('actief');
  await page.setViewportSize({ width: 1280, height: 900 });
  await page.screenshot({ path: shots('teacher-invite-desktop'), fullPage: true });
});
