import { test, expect } from '@playwright/test';
import { signIn } from './admin';
import { link, waitForMail } from './mail';

// An administrator creates the study visit, imports five nominees from a CSV file, approves
// three and rejects one; the check-in desk checks in two and undoes one; the counts agree.

const nominees = [
  ['Kadri', 'Tamm', 'Estonia'],
  ['Juan', 'Pérez', 'CL'],
  ['Amina', 'Diallo', 'SN'],
  ['Nguyen', 'Van An', 'VN'],
  ['Fatima', 'Zahra', 'MA'],
];

test('an administrator sets up the study visit, imports nominees, decides, and checks people in', async ({ page }, info) => {
  const slug = `study-visit-${info.project.name}`;
  const email = (given: string) => `${given.toLowerCase()}.${info.project.name}@gov.example`;
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
  await page.getByLabel('Organizers approve each registration').check();
  await page.getByRole('button', { name: 'Save' }).click();
  await expect(page.getByText('The event was created as a draft.')).toBeVisible();
  await page.getByRole('button', { name: 'Publish' }).click();
  await expect(page.getByText('The event is published.')).toBeVisible();

  // Five nominees from a CSV file: previewed, then imported.
  await page.getByRole('link', { name: 'Import nominees' }).click();
  const csv = ['given_name,family_name,email,country,organization,organization_type,job_title']
    .concat(nominees.map(([g, f, c]) => `${g},${f},${email(g)},${c},Ministry of Digital Affairs,government,Director`))
    .join('\n');
  await page.getByLabel('CSV file').setInputFiles({ name: 'nominees.csv', mimeType: 'text/csv', buffer: Buffer.from(csv) });
  await page.getByRole('button', { name: 'Check the file' }).click();
  await expect(page.getByText('5 of 5 rows can be imported.')).toBeVisible();
  await page.getByRole('button', { name: 'Import 5 nominees and email them' }).click();
  await expect(page.getByText('The nominees were imported and invited to confirm.')).toBeVisible();
  await expect(page.getByText('5 registrations')).toBeVisible();

  // Four of them confirm their address from the email; they then await approval.
  for (const [given] of nominees.slice(0, 4)) {
    const mail = await waitForMail(email(given), 'Please confirm');
    expect(mail.text).toContain('registered you as a nominee');
    await page.goto(link(mail, 'confirm'));
    await expect(page.getByText("Waiting for the organizers' approval")).toBeVisible();
  }

  // Approve three, reject one with a message.
  for (const [given, family] of nominees.slice(0, 3)) {
    await page.goto(`/admin/events/${slug}/registrations?status=awaiting_approval`);
    await page.getByRole('link', { name: `${given} ${family}` }).click();
    await page.getByRole('button', { name: 'Approve' }).click();
    await expect(page.getByText('Approved; the participant has been emailed.')).toBeVisible();
  }
  await page.goto(`/admin/events/${slug}/registrations?status=awaiting_approval`);
  await page.getByRole('link', { name: 'Nguyen Van An' }).click();
  await page.locator('form[action$="/reject"] textarea').fill('We can take one nominee per ministry.');
  await page.getByRole('button', { name: 'Reject' }).click();
  await expect(page.getByText('Rejected; the participant has been emailed.')).toBeVisible();
  const rejected = await waitForMail(email('Nguyen'), 'not accepted');
  expect(rejected.text).toContain('We can take one nominee per ministry.');
  const confirmed = await waitForMail(email('Kadri'), 'You are registered');
  expect(confirmed.text).toMatch(/check-in code: [0-9A-Z]{4}-[0-9A-Z]{4}/);

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
  // The event page's counts agree: 3 confirmed of 15, 1 checked in, 1 still unconfirmed.
  await page.goto(`/admin/events/${slug}`);
  const count = (label: string) => page.locator('dl.counts div', { has: page.locator('dt', { hasText: new RegExp(`^${label}$`) }) }).locator('dd');
  await expect(count('Confirmed')).toHaveText('3 / 15');
  await expect(count('Checked in')).toHaveText('1');
  await expect(count('Email not yet confirmed')).toHaveText('1');
});
