import { test, expect, Page } from '@playwright/test';
import { ADMIN } from '../playwright.config';

// An administrator sets up a study visit from the browser, adds nominees by hand, publishes
// it, and the check-in desk checks two of them in and undoes one; the counts agree.
async function signIn(page: Page) {
  await page.goto('/admin');
  await expect(page).toHaveURL(/\/admin\/login/);
  await page.getByLabel('Email').fill(ADMIN.email);
  await page.getByLabel('Password').fill(ADMIN.password);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await expect(page.getByRole('heading', { name: 'Your events' })).toBeVisible();
}

test('an administrator sets up a study visit and checks people in at the door', async ({ page }, info) => {
  const slug = `study-visit-${info.project.name}`;
  await signIn(page);
  await page.getByRole('link', { name: 'New event' }).click();
  await page.getByLabel('Title').fill('Study visit on advancing e-government');
  await page.getByLabel('Address (slug)').fill(slug);
  await page.getByLabel('Kind of event').selectOption('study_visit');
  await page.getByLabel('Time zone (IANA, e.g. Asia/Seoul)').fill('Europe/Tallinn');
  await page.getByLabel('Starts', { exact: true }).fill('2099-06-07T09:00');
  await page.getByLabel('Ends', { exact: true }).fill('2099-06-11T17:00');
  // Bad input first: no venue or city for an in-person event.
  await page.getByRole('button', { name: 'Save' }).click();
  await expect(page.locator('#venue-error')).toHaveText('Give a venue or city, or mark the event as online.');
  await expect(page.getByLabel('Title')).toHaveValue('Study visit on advancing e-government');
  await page.getByLabel('City', { exact: true }).fill('Tallinn');
  await page.getByLabel('Capacity (empty: no limit)').fill('15');
  await page.getByRole('button', { name: 'Save' }).click();
  await expect(page.getByText('The event was created as a draft.')).toBeVisible();
  await page.getByRole('button', { name: 'Publish' }).click();
  await expect(page.getByText('The event is published.')).toBeVisible();

  // Three nominees added by hand.
  await page.getByRole('link', { name: 'Registrations' }).first().click();
  for (const [given, family, country] of [['Kadri', 'Tamm', 'Estonia'], ['Juan', 'Pérez', 'Chile'], ['Amina', 'Diallo', 'Senegal']]) {
    await page.goto(`/admin/events/${slug}/registrations`);
    await page.locator('summary', { hasText: 'Add a participant' }).click();
    const add = page.locator(`form[action="/admin/events/${slug}/registrations"]`);
    await add.getByLabel('Given name *').fill(given);
    await add.getByLabel('Family name *').fill(family);
    await add.getByLabel('Email *').fill(`${given.toLowerCase()}.${info.project.name}@gov.example`);
    await add.getByLabel('Country *').selectOption({ label: country });
    await add.getByLabel('Organization *', { exact: true }).fill('Ministry of Digital Affairs');
    await add.getByLabel('Type of organization *').selectOption('government');
    await add.getByLabel('Job title *').fill('Director');
    await add.getByRole('button', { name: 'Add a participant' }).click();
    await expect(page.getByText('The participant was added.')).toBeVisible();
  }
  await page.goto(`/admin/events/${slug}/registrations`);
  await expect(page.getByText('3 registrations')).toBeVisible();

  // The desk: check in two, undo one.
  await page.goto(`/admin/events/${slug}/checkin`);
  await expect(page.getByText('0 of 3 checked in')).toBeVisible();
  const row = (name: string) => page.locator('ul.desk li', { hasText: name });
  await row('Kadri Tamm').getByRole('button', { name: 'Check in' }).click();
  await expect(page.getByText('1 of 3 checked in')).toBeVisible();
  await row('Juan Pérez').getByRole('button', { name: 'Check in' }).click();
  await expect(page.getByText('2 of 3 checked in')).toBeVisible();
  await row('Kadri Tamm').getByRole('button', { name: 'Undo' }).click();
  await expect(page.getByText('1 of 3 checked in')).toBeVisible();
  await expect(row('Juan Pérez').getByRole('button', { name: 'Undo' })).toBeVisible();
  // The event page's counts agree.
  await page.goto(`/admin/events/${slug}`);
  await expect(page.locator('dl.counts')).toContainText('Checked in1');
});
