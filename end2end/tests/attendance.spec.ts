// Webinar attendance from Zoom, in the browser: an organizer downloads the demo webinar's
// attendee list, gets Zoom's "Attendee report" for the webinar's day (written here in Zoom's
// real layout, with one unregistered walk-in), uploads it, reviews who matched, adds the
// walk-in, saves, and sees the attendance in the event's report. Runs with JavaScript on and off.
import { test, expect } from '@playwright/test';
import { signIn } from './admin';
import { link, waitForMail } from './mail';

const SLUG = 'webinar-innovation-disaster-risk';

/** A CSV field, quoted when it needs to be. */
const field = (v: string) => (/[",\n]/.test(v) ? `"${v.replace(/"/g, '""')}"` : v);

/** Splits one CSV line (the export quotes fields with commas). */
function cells(line: string): string[] {
  const out: string[] = [];
  let cur = '';
  let quoted = false;
  for (let i = 0; i < line.length; i++) {
    const c = line[i];
    if (quoted && c === '"' && line[i + 1] === '"') { cur += '"'; i++; }
    else if (c === '"') quoted = !quoted;
    else if (c === ',' && !quoted) { out.push(cur); cur = ''; }
    else cur += c;
  }
  out.push(cur);
  return out;
}

/** Six officials, in six scripts, registered for the webinar and confirmed. */
async function registerSix(page: import('@playwright/test').Page, project: string) {
  const names = [['Pema', 'Wangchuk', 'BT'], ['أمينة', 'حداد', 'JO'], ['伟', '李', 'CN'], ['Ольга', 'Иванова', 'RU'], ['सीता', 'शर्मा', 'NP'], ['Amélie', 'Durand', 'FR']];
  for (const [i, [given, family, country]] of names.entries()) {
    const email = `webinar${i}.${project}.${Date.now()}@gov.example`;
    const res = await page.request.post(`/api/v1/events/${SLUG}/registrations`, {
      data: {
        given_name: given, family_name: family, email, country, organization: 'Ministry', organization_type: 'government',
        job_title: 'Officer', consent: true, sessions: [], answers: { role: 'policy' },
      },
    });
    expect(res.status(), await res.text()).toBe(202);
    await page.goto(link(await waitForMail(email, 'Please confirm'), 'confirm'));
  }
}

test('an organizer uploads a Zoom attendee report, adds a walk-in and sees attendance in the report', async ({ page }, info) => {
  await registerSix(page, info.project.name);
  await signIn(page);

  // The webinar's registrations, from the organizer's own export.
  const res = await page.request.get(`/admin/events/${SLUG}/registrations.csv`);
  expect(res.ok()).toBeTruthy();
  const lines = (await res.text()).replace(/^\ufeff/, '').trim().split('\r\n');
  const head = cells(lines[0]);
  const [gi, fi, ei, si] = ['Given name', 'Family name', 'Email', 'Status'].map((h) => head.indexOf(h));
  const people = lines.slice(1).map(cells).filter((c) => /^confirmed$/i.test(c[si]));
  expect(people.length).toBeGreaterThan(5);

  // Zoom writes times in its own format, on the webinar's day (21 days after the demo's start).
  const day = new Date(Date.now() + 21 * 86_400_000);
  const date = `${day.toLocaleString('en-US', { month: 'short', timeZone: 'UTC' })} ${day.getUTCDate()}, ${day.getUTCFullYear()}`;
  const at = (hm: string) => `"${date} ${hm}:00"`;
  // One walk-in per project, with a name of his own (the other project's walk-in is registered by now).
  const walkIn = `juan.${info.project.name}@minhacienda.example.pe`;
  const surname = info.project.name === 'js-on' ? 'Pérez' : 'Quispe';
  const report = [
    'Attendee Report',
    `Report Generated:,${at('18:02')}`,
    'Topic,Webinar ID,Actual Start Time,Actual Duration (minutes),# Registered,# Cancelled,Unique Viewers,Total Users,Max Concurrent Views',
    `Government innovation (${info.project.name}),912 3456 7890,${at('14:55')},96,${people.length},0,${people.length},${people.length + 1},${people.length}`,
    '',
    'Host Details,',
    'Attended,User Name (Original Name),Email,Join Time,Leave Time,Time in Session (minutes),Is Guest,Country/Region Name',
    `Yes,Conference Host,host@un.example,${at('14:55')},${at('16:31')},96,No,Republic of Korea`,
    '',
    'Attendee Details,',
    'Attended,User Name (Original Name),First Name,Last Name,Email,City,Country/Region,Phone,Organization,Job Title,Registration Time,Approval Status,Join Time,Leave Time,Time in Session (minutes),Is Guest,Country/Region Name',
    ...people.map((c) =>
      ['Yes', `${c[gi]} ${c[fi]}`, c[gi], c[fi], c[ei], '', '', '', '', '', '', 'approved'].map(field).join(',') + `,${at('15:00')},${at('16:00')},60,Yes,`),
    ['Yes', `Juan ${surname}`, 'Juan', surname, walkIn, 'Lima', 'Peru', '', '', '', '', 'approved'].map(field).join(',') + `,${at('15:05')},${at('16:10')},65,Yes,Peru`,
  ].join('\n');

  await page.goto(`/admin/events/${SLUG}`);
  await page.getByRole('link', { name: 'Online attendance' }).click();
  await expect(page.getByRole('heading', { name: 'Attendance from Zoom or Teams' })).toBeVisible();

  // A file that is not a report is refused beside the field.
  await page.getByLabel('Attendance report (CSV file)').setInputFiles({ name: 'list.csv', mimeType: 'text/csv', buffer: Buffer.from('name,email\nAna,ana@example.org\n') });
  await page.getByRole('button', { name: 'Read the report' }).click();
  await expect(page.locator('#file-error')).toContainText('not an attendance report Plenary knows');

  await page.getByLabel('Attendance report (CSV file)').setInputFiles({ name: 'attendee-report.csv', mimeType: 'text/csv', buffer: Buffer.from(report) });
  await page.getByRole('button', { name: 'Read the report' }).click();
  await expect(page.getByRole('heading', { name: 'Review the attendance report' })).toBeVisible();
  await expect(page.getByText('Zoom webinar attendee report')).toBeVisible();
  await expect(page.getByRole('status').filter({ hasText: 'matched' })).toHaveText(`${people.length} matched, 0 with several possible registrations, 1 not matched.`);
  await expect(page.locator('#attendance-preview')).toContainText(`Juan ${surname}`);

  // The walk-in: Peru comes from the report; the organizer adds him.
  const juan = page.getByLabel(`Registration Juan ${surname}`);
  await juan.selectOption('walk_in');
  await expect(page.locator('#attendance-preview tr', { hasText: `Juan ${surname}` }).locator('select[name^="country."]')).toHaveValue('PE');
  await page.getByRole('button', { name: 'Save attendance' }).click();
  await expect(page.getByText('Attendance saved.')).toBeVisible();
  await expect(page.locator('#attendance-reports')).toContainText('Saved');

  // The event's report counts them as attended (everyone registered, and the walk-in).
  await page.goto(`/admin/events/${SLUG}/report`);
  const attended = page.getByRole('row', { name: /^Attended/ }).locator('td');
  await expect(attended).toHaveText(String(people.length + 1));
});
