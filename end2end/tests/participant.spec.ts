// The participant's path, in the browser: find the forum, register choosing two workshops,
// confirm through the emailed link, change sessions, cancel, and see the next person in line
// promoted. Runs with JavaScript on and off (see playwright.config.ts).
import { test, expect } from '@playwright/test';
import { link, waitForMail } from './mail';

const FORUM = '/events/un-public-service-forum';

test('a participant registers, confirms, changes sessions and cancels; the next in line moves up', async ({ page, request }, info) => {
  const js = info.project.name === 'js-on';
  // Each project uses its own one-seat morning workshop (see the fixture in the config).
  const [morning, afternoon, otherAfternoon] = js ? ['Workshop 1:', 'Workshop 4:', 'Workshop 5:'] : ['Workshop 2:', 'Workshop 5:', 'Workshop 6:'];
  const stamp = `${info.project.name}-${Date.now()}`;
  const ana = `ana.${stamp}@mofa.example.org`;
  const ben = `ben.${stamp}@mof.example.org`;

  await page.goto('/events');
  await expect(page.getByRole('heading', { name: 'Upcoming events' })).toBeVisible();
  await page.getByRole('link', { name: 'United Nations Public Service Forum' }).click();
  await expect(page).toHaveURL(new RegExp(`${FORUM}$`));
  await expect(page.getByRole('heading', { name: 'Programme' })).toBeVisible();
  await page.getByRole('link', { name: 'Register', exact: true }).click();

  await page.getByLabel('Given name *').fill('Ana');
  await page.getByLabel('Family name *').fill('Reyes');
  await page.getByLabel('Email *').fill(ana);
  await page.getByLabel('Country *').selectOption({ label: 'Philippines' });
  await page.getByLabel('Organization *', { exact: true }).fill('Department of Foreign Affairs');
  await page.getByLabel('Type of organization *').selectOption('government');
  await page.getByLabel('Job title *').fill('Director');
  // The forum's own questions: a field visit, and no funding request.
  await page.getByLabel('Songdo smart city operations centre').check();
  await page.locator('#q-funding_requested-no').check();
  await page.getByLabel(morning).check();
  await page.getByLabel(afternoon).check();
  await page.getByLabel(/I agree that the organizers/).check();
  await page.getByRole('button', { name: 'Register' }).click();
  await expect(page.getByRole('heading', { name: 'Check your email' })).toBeVisible();

  const confirmMail = await waitForMail(ana, 'Please confirm your registration');
  await page.goto(link(confirmMail, 'confirm'));
  await expect(page.getByText('your email address is confirmed')).toBeVisible();
  await expect(page.locator('#registration-status')).toHaveText('Confirmed');
  const registered = await waitForMail(ana, 'You are registered');
  expect(registered.attachments.map((a) => a.filename)).toContain('event.ics');
  const manageUrl = page.url().replace(/\?.*$/, '');

  // Change sessions: swap the afternoon workshop.
  await page.getByLabel(afternoon).uncheck();
  await page.getByLabel(otherAfternoon).check();
  await page.getByRole('button', { name: 'Save my sessions' }).click();
  await expect(page.getByText('Your sessions are saved.')).toBeVisible();
  await expect(page.getByLabel(otherAfternoon)).toBeChecked();
  await expect(page.getByLabel(afternoon)).not.toBeChecked();
  await waitForMail(ana, 'Your sessions were updated');

  // Ben wants the same one-seat workshop: he registers through the API and waits in line.
  const forum = await (await request.get(`/api/v1/events/un-public-service-forum`)).json();
  const seat = forum.sessions.find((s: { title: string }) => s.title.startsWith(morning));
  const res = await request.post('/api/v1/events/un-public-service-forum/registrations', {
    data: {
      given_name: 'Ben', family_name: 'Okafor', email: ben, country: 'NG', organization: 'Ministry of Finance',
      organization_type: 'government', job_title: 'Analyst', sessions: [seat.id], consent: true,
      answers: { field_visit: 'nia', funding_requested: false },
    },
  });
  expect(res.status()).toBe(202);
  await page.goto(link(await waitForMail(ben, 'Please confirm'), 'confirm'));
  await expect(page.getByText('Waiting list, position 1')).toBeVisible();
  const benManage = page.url().replace(/\?.*$/, '');

  // Ana cancels (a POST); Ben gets her seat and an email saying so.
  await page.goto(manageUrl);
  await page.getByRole('button', { name: 'Cancel my registration' }).click();
  await expect(page.getByText('Your registration is cancelled.')).toBeVisible();
  await expect(page.locator('#registration-status')).toHaveText('Cancelled');
  await waitForMail(ana, 'Registration cancelled');
  const promoted = await waitForMail(ben, 'A seat opened for you');
  expect(promoted.text).toContain(morning);
  await page.goto(benManage);
  const benSeat = page.locator('.check', { hasText: morning });
  await expect(benSeat.getByText('Seat confirmed')).toBeVisible();
});

test('bad input is explained next to its field and nothing typed is lost', async ({ page }, info) => {
  const js = info.project.name === 'js-on';
  await page.goto(`${FORUM}/register`);
  await page.getByLabel('Given name *').fill('Mei');
  await page.getByLabel('Family name *').fill('Chen');
  await page.getByLabel('Email *').fill('mei.chen@@gov');
  await page.getByLabel('Job title *').fill('Deputy Director');
  if (js) {
    // With JavaScript the field is checked as soon as it is left, before any submission.
    await page.getByLabel('Job title *').focus();
    await expect(page.locator('#email-error')).toHaveText('Please enter an email address like name@example.org.');
  }
  await page.getByRole('button', { name: 'Register' }).click();
  await expect(page.locator('#email-error')).toHaveText('Please enter an email address like name@example.org.');
  await expect(page.locator('#country-error')).toHaveText('This field is required.');
  await expect(page.locator('#consent-error')).toHaveText('Please agree to the use of your data to register.');
  // The forum's own required questions are named beside their fields too.
  await expect(page.locator('#q-field_visit-error')).toHaveText('This field is required.');
  await expect(page.getByLabel('Given name *')).toHaveValue('Mei');
  await expect(page.getByLabel('Job title *')).toHaveValue('Deputy Director');
  await expect(page.getByLabel('Email *')).toHaveValue('mei.chen@@gov');

  // Fixing the fields and submitting again works.
  await page.getByLabel('Email *').fill(`mei.${info.project.name}.${Date.now()}@gov.example.cn`);
  await page.getByLabel('Country *').selectOption({ label: 'China' });
  await page.getByLabel('Organization *', { exact: true }).fill('National Academy of Governance');
  await page.getByLabel('Type of organization *').selectOption('academia');
  await page.getByLabel('National Information Society Agency').check();
  await page.locator('#q-funding_requested-no').check();
  await page.getByLabel(/I agree that the organizers/).check();
  await page.getByRole('button', { name: 'Register' }).click();
  await expect(page.getByRole('heading', { name: 'Check your email' })).toBeVisible();
});
