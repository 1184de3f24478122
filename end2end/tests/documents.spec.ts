// Documents in the browser: an organizer turns on visa letters and certificates for the study
// visit; a participant who registered with their passport details downloads their letter
// from the manage page; the organizer approves and checks them in, sends certificates, and
// the certificate's verification page says it is genuine. Runs with JavaScript on and off.
import { test, expect } from '@playwright/test';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { signIn } from './admin';
import { link, mailsTo, waitForMail } from './mail';

const SLUG = 'study-visit-e-government';

/** A day of the study visit (it starts 90 days after the demo was made), as YYYY-MM-DD. */
const visitDay = (n: number) => new Date(Date.now() + (89 + n) * 86_400_000).toISOString().slice(0, 10);

/** The text of a PDF, through pdftotext (poppler-utils), whitespace squashed. */
function pdfText(pdf: Buffer): string {
  const dir = mkdtempSync(join(tmpdir(), 'plenary-doc-'));
  writeFileSync(join(dir, 'd.pdf'), pdf);
  return execFileSync('pdftotext', ['-enc', 'UTF-8', join(dir, 'd.pdf'), '-']).toString().replace(/\s+/g, ' ');
}

test('letters and certificates: turned on, downloaded, sent, verified', async ({ page, request }, info) => {
  const stamp = `${info.project.name}-${Date.now()}`;
  const email = `tshering.${stamp}@mofa.gov.example`;
  const family = info.project.name === 'js-on' ? 'Dorji' : 'Wangmo';

  // The participant registers with the passport and visa questions answered.
  const r = await request.post(`/api/v1/events/${SLUG}/registrations`, {
    data: {
      given_name: 'Tshering', family_name: family, email, country: 'BT',
      organization: 'Ministry of Foreign Affairs', organization_type: 'government', job_title: 'Director', consent: true,
      answers: {
        visa_required: 'yes', passport_name: `TSHERING ${family.toUpperCase()}`, nationality: 'BT', passport_number: 'BT1234567',
        passport_issued: '2022-01-10', passport_expires: '2032-01-09', place_of_birth: 'Paro', date_of_birth: '1985-04-02',
        arrival: `${visitDay(0)}T09:30`, departure: `${visitDay(5)}T18:00`,
      },
    },
  });
  expect(r.status(), await r.text()).toBe(202);
  await page.goto(link(await waitForMail(email, 'Please confirm'), 'confirm'));

  // The organizer turns letters and certificates on, and approves the registration.
  await signIn(page);
  await page.goto(`/admin/events/${SLUG}/documents`);
  await expect(page.getByRole('heading', { name: 'Badges, letters and certificates' })).toBeVisible();
  await page.getByLabel('Confirmed participants can download an invitation letter').check();
  await page.getByLabel('People who attended receive a certificate').check();
  await page.locator('#documents-form').getByRole('button', { name: 'Save' }).click();
  await expect(page.getByRole('status').filter({ hasText: 'Saved' })).toBeVisible();
  await expect(page.getByLabel('Confirmed participants can download an invitation letter')).toBeChecked();
  await page.goto(`/admin/events/${SLUG}/registrations?q=${encodeURIComponent(email)}`);
  await page.getByRole('row').filter({ hasText: email }).getByRole('button', { name: 'Approve' }).click();
  await expect(page.getByText('Approved; the participant has been emailed.')).toBeVisible();

  // The participant downloads the letter: it names their passport as they gave it.
  const manage = link(await waitForMail(email, 'You are registered'), 'manage');
  await page.context().clearCookies();
  await page.goto(manage);
  await expect(page.getByRole('heading', { name: 'Invitation letter for your visa' })).toBeVisible();
  const download = page.waitForEvent('download');
  await page.getByRole('link', { name: 'Download the letter (PDF)' }).click();
  const letter = await download;
  expect(letter.suggestedFilename()).toMatch(/^letter-STUDY-VISIT-E-GOVERNMENT-L-\d{4}\.pdf$/);
  const text = pdfText(readFileSync(await letter.path()));
  expect(text).toContain(`TSHERING ${family.toUpperCase()}`);
  expect(text).toContain('BT1234567');
  expect(text).toContain('Study visit on advancing e-government');

  // The organizer sees the download, checks the participant in and sends certificates.
  await signIn(page);
  await page.goto(`/admin/events/${SLUG}/documents`);
  const issued = page.locator('#issued-table tr').filter({ hasText: `Tshering ${family}` });
  await expect(issued).toContainText('Invitation letter');
  await expect(issued.locator('td').nth(4)).toHaveText(/^1 \(/);
  await page.goto(`/admin/events/${SLUG}/checkin?q=${encodeURIComponent(`Tshering ${family}`)}`);
  await page.locator('ul.desk li', { hasText: `Tshering ${family}` }).getByRole('button', { name: 'Check in' }).click();
  await expect(page.locator('ul.desk li', { hasText: `Tshering ${family}` }).getByRole('button', { name: 'Undo' })).toBeVisible();
  await page.goto(`/admin/events/${SLUG}/documents`);
  await page.getByRole('button', { name: 'Send certificates' }).click();
  await expect(page.getByText('Certificates are on their way')).toBeVisible();

  // The certificate arrives attached; its verification page says it is genuine.
  await expect.poll(async () => (await mailsTo(email)).some((m) => m.attachments.some((a) => a.contentType === 'application/pdf')), { timeout: 20_000 }).toBe(true);
  const mail = (await mailsTo(email)).find((m) => m.attachments.some((a) => a.contentType === 'application/pdf'))!;
  expect(mail.attachments.map((a) => a.filename)).toContainEqual(expect.stringMatching(/^certificate-STUDY-VISIT-E-GOVERNMENT-C-\d{4}\.pdf$/));
  const verify = mail.text.match(/https?:\/\/\S+\/verify\/[0-9A-Z-]{19}/);
  expect(verify, 'a verification link').not.toBeNull();
  await page.context().clearCookies();
  await page.goto(verify![0]);
  await expect(page.locator('#verify-result')).toContainText('Genuine');
  await expect(page.locator('#verify-details')).toContainText(`Tshering ${family}`);
  await expect(page.locator('#verify-details')).toContainText('Study visit on advancing e-government');
  await expect(page.locator('#verify-details')).not.toContainText(email);
});
