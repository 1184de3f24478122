// Nominations through a government's focal point, in the browser: an organizer gives a
// country seats on the study visit and names its focal point; the focal point, through the
// emailed link and without an account, attaches the nomination letter and nominates two
// officials; one confirms their address and the organizer approves them; the nominations page
// counts the country's seats, nominees and approvals. Runs with JavaScript on and off.
import { test, expect, Page } from '@playwright/test';
import { signIn } from './admin';
import { link, waitForMail } from './mail';

const SLUG = 'study-visit-e-government';
// Each project takes its own country: they share the server.
const COUNTRY = { 'js-on': ['PH', 'Philippines'], 'js-off': ['VN', 'Viet Nam'] } as Record<string, [string, string]>;

/** A day of the study visit (it starts 90 days after the demo was made), as YYYY-MM-DD. */
const visitDay = (n: number) => new Date(Date.now() + (89 + n) * 86_400_000).toISOString().slice(0, 10);

/** A small, well-formed PDF: the nomination letter. */
const letter = Buffer.from('%PDF-1.4\n1 0 obj\n<< /Type /Catalog >>\nendobj\ntrailer\n<< /Root 1 0 R >>\n%%EOF\n');

async function nominate(page: Page, given: string, family: string, email: string) {
  await page.getByLabel('Given name *').fill(given);
  await page.getByLabel('Family name *').fill(family);
  await page.getByLabel('Email *').fill(email);
  await page.getByLabel('Organization *', { exact: true }).fill('Department of Information and Communications Technology');
  await page.getByLabel('Type of organization *').selectOption('government');
  await page.getByLabel('Job title *').fill('Director');
  await page.locator('#q-visa_required-no').check();
  await page.locator('#q-arrival').fill(`${visitDay(0)}T09:30`);
  await page.locator('#q-departure').fill(`${visitDay(5)}T18:00`);
  await page.getByLabel(/The nominee agrees that the organizers/).check();
  await page.getByRole('button', { name: 'Nominate', exact: true }).click();
  await expect(page.getByText('Nominated. The nominee has been emailed')).toBeVisible();
}

test('an organizer sets seats and a focal point; the focal point nominates two with a letter; one is approved', async ({ page }, info) => {
  const [code, name] = COUNTRY[info.project.name];
  const stamp = `${info.project.name}-${Date.now()}`;
  const focal = `focal.${stamp}@dict.gov.example`;

  // The organizer gives the country two seats and names its focal point.
  await signIn(page);
  await page.goto(`/admin/events/${SLUG}/nominations`);
  await expect(page.getByRole('heading', { name: 'Nominations and seats per country' })).toBeVisible();
  const rows = await page.locator('#quotas tbody tr').count();
  const empty = rows - 3;
  await page.locator(`select[name="country.${empty}"]`).selectOption(code);
  await page.locator(`input[name="seats.${empty}"]`).fill('2');
  await page.locator('#quotas').locator('..').getByRole('button', { name: 'Save' }).click();
  await expect(page.getByRole('status').filter({ hasText: 'Saved' })).toBeVisible();
  const form = page.locator('#add-focal-point');
  await form.getByLabel('Country', { exact: true }).selectOption(code);
  await form.getByLabel('Name', { exact: true }).fill('Maria Santos');
  await form.getByLabel('Email', { exact: true }).fill(focal);
  await form.getByLabel('Ministry or institution').fill('Department of Foreign Affairs');
  await form.getByRole('button', { name: 'Add and email the link' }).click();
  await expect(page.getByText('The link was emailed.')).toBeVisible();
  await page.context().clearCookies();

  // The focal point opens their link: their country's seats, the letter, two nominees.
  await page.goto(link(await waitForMail(focal, 'Nominate participants'), 'nominate'));
  await expect(page.getByText(`Seats for ${name}: 2`)).toBeVisible();
  await page.getByLabel('The letter (PDF)').setInputFiles({ name: 'note-verbale.txt', mimeType: 'text/plain', buffer: Buffer.from('not a pdf') });
  await page.getByRole('button', { name: 'Upload the letter' }).click();
  await expect(page.locator('#file-error')).toHaveText('This file is not a PDF. Upload the letter as a PDF file.');
  await page.getByLabel('The letter (PDF)').setInputFiles({ name: 'note-verbale.pdf', mimeType: 'application/pdf', buffer: letter });
  await page.getByRole('button', { name: 'Upload the letter' }).click();
  await expect(page.getByText('The nomination letter is kept.')).toBeVisible();
  await expect(page.getByRole('link', { name: 'note-verbale.pdf' })).toBeVisible();
  // The country is the focal point's own, and the only one offered.
  await expect(page.getByLabel('Country *').locator('option[value]:not([value=""])')).toHaveCount(1);
  const first = `first.${stamp}@dict.gov.example`;
  await nominate(page, 'Jose', 'Rizal', first);
  await nominate(page, 'Gabriela', 'Silang', `second.${stamp}@dict.gov.example`);
  await expect(page.getByText(`Seats for ${name}: 2 · nominated: 2 · left: 0`)).toBeVisible();
  await expect(page.getByText('All seats for your country are taken.')).toBeVisible();

  // The first nominee confirms their address and waits for the organizers.
  await page.goto(link(await waitForMail(first, 'Please confirm'), 'confirm'));
  await expect(page.getByText('your email address is confirmed')).toBeVisible();

  // The organizer sees who nominated them, with the letter, and approves.
  await signIn(page);
  await page.goto(`/admin/events/${SLUG}/registrations?q=${encodeURIComponent(first)}`);
  const row = page.getByRole('row').filter({ hasText: first });
  await expect(row).toContainText('Nominated by');
  await expect(row).toContainText('Maria Santos, Department of Foreign Affairs');
  await expect(row.getByRole('link', { name: 'letter' })).toBeVisible();
  await row.getByRole('button', { name: 'Approve' }).click();
  await expect(page.getByText('Approved; the participant has been emailed.')).toBeVisible();
  await page.goto(`/admin/events/${SLUG}/nominations`);
  const line = page.locator('#nominations-by-country tr').filter({ hasText: name });
  await expect(line.locator('td')).toHaveText(['2', '2', '1', '0']);
});
