// An event's own questions, in the browser: an organizer adds the passport and visa set to the
// learning conference; a participant registers answering it, leaves the passport number empty
// and sees its message beside the field, fixes it, confirms, and later corrects the number
// through the manage link. Runs with JavaScript on and off (see playwright.config.ts).
import { test, expect } from '@playwright/test';
import { signIn } from './admin';
import { link, waitForMail } from './mail';

const SLUG = 'regional-learning-conference';

test('an organizer adds the passport set; a participant answers it, fixes a missing answer and corrects it later', async ({ page }, info) => {
  const stamp = `${info.project.name}-${Date.now()}`;
  const email = `pema.${stamp}@mof.example.bt`;

  // The organizer adds the ready-made set (the second project finds it there already).
  await signIn(page);
  await page.goto(`/admin/events/${SLUG}/questions`);
  await expect(page.getByRole('heading', { name: 'Registration questions' })).toBeVisible();
  await page.getByRole('button', { name: 'Add “Passport and visa”' }).click();
  await expect(page.getByText('Passport number').first()).toBeVisible();
  await page.context().clearCookies();

  await page.goto(`/events/${SLUG}/register`);
  await page.getByLabel('Given name *').fill('Pema');
  await page.getByLabel('Family name *').fill('Wangchuk');
  await page.getByLabel('Email *').fill(email);
  await page.getByLabel('Country *').selectOption({ label: 'Bhutan' });
  await page.getByLabel('Organization *', { exact: true }).fill('Ministry of Finance');
  await page.getByLabel('Type of organization *').selectOption('government');
  await page.getByLabel('Job title *').fill('Planning Officer');
  const passport = page.locator('#q-passport_number');
  if (info.project.name === 'js-on') {
    // With JavaScript, the passport questions appear only once a visa is needed.
    await expect(passport).toBeHidden();
  } else {
    // Without it they are all shown, each with its condition written out.
    await expect(page.getByText('Only if you answered “Yes” to “Do you need a visa to enter the host country?”').first()).toBeVisible();
  }
  await page.locator('#q-visa_required-yes').check();
  await expect(passport).toBeVisible();
  await page.locator('#q-passport_name').fill('PEMA WANGCHUK');
  await page.locator('#q-nationality').selectOption('BT');
  await page.locator('#q-passport_issued').fill('2021-04-01');
  await page.locator('#q-passport_expires').fill('2031-03-31');
  await page.locator('#q-place_of_birth').fill('Thimphu');
  await page.locator('#q-date_of_birth').fill('1988-07-12');
  await page.getByLabel(/I agree that the organizers/).check();
  await page.getByRole('button', { name: 'Register' }).click();

  // The passport number was left empty: its message stands beside it, everything else kept.
  await expect(page.locator('#q-passport_number-error')).toHaveText('This field is required.');
  await expect(page.locator('#q-passport_name')).toHaveValue('PEMA WANGCHUK');
  await expect(page.getByLabel('Email *')).toHaveValue(email);
  await page.locator('#q-passport_number').fill('BT1234567');
  if (info.project.name === 'js-off') {
    // Without JavaScript the page came back from the server: the consent box is kept ticked.
    await expect(page.getByLabel(/I agree that the organizers/)).toBeChecked();
  }
  await page.getByRole('button', { name: 'Register' }).click();
  await expect(page.getByRole('heading', { name: 'Check your email' })).toBeVisible();

  await page.goto(link(await waitForMail(email, 'Please confirm'), 'confirm'));
  await expect(page.getByText('your email address is confirmed')).toBeVisible();
  await expect(page.locator('dl.details')).toContainText('BT1234567');

  // Later, the participant corrects the passport number through the manage page.
  await page.getByText('Correct my details').click();
  await page.locator('#q-passport_number').fill('BT7654321');
  await page.getByRole('button', { name: 'Save my corrections' }).click();
  await expect(page.getByText('Your corrections are saved.')).toBeVisible();
  await expect(page.locator('dl.details')).toContainText('BT7654321');
});
