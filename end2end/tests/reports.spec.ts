import { test, expect } from '@playwright/test';
import { readFileSync } from 'node:fs';
import { signIn } from './admin';

// The donor report in two clicks: the yearly activity table from the navigation, and one past
// forum's report (sentence, chart) with its Excel file and the attendee list.

test('an organizer reads the activity table and the forum report and downloads them', async ({ page }) => {
  await signIn(page);

  await page.locator('nav.admin-nav').getByRole('link', { name: 'Reports' }).click();
  await expect(page.getByRole('heading', { name: 'Activity summary' })).toBeVisible();
  const table = page.locator('#activity-table');
  await expect(table).toContainText('National Training Program');
  await expect(table.locator('tfoot')).toContainText('Total');
  const yearly = page.waitForEvent('download');
  await page.getByRole('link', { name: 'Download Excel (XLSX)' }).click();
  const yearlyFile = await yearly;
  expect(yearlyFile.suggestedFilename()).toMatch(/^activity-\d{4}-\d{4}\.xlsx$/);
  expect(readFileSync(await yearlyFile.path()).subarray(0, 2).toString()).toBe('PK');

  await page.locator('nav.admin-nav').getByRole('link', { name: 'Events' }).click();
  const forum = page.getByRole('row', { name: /UN Public Service Forum 2026/ });
  await forum.getByRole('link', { name: 'Report' }).click();
  await expect(page.getByRole('heading', { name: 'UN Public Service Forum 2026' })).toBeVisible();
  await expect(page.locator('#report-sentence')).toHaveText(/^\d+ participants from \d+ countries: \d+ government, .* representatives; \d+% women$/);
  await expect(page.locator('figure.chart svg').first()).toBeVisible();
  await expect(page.getByRole('heading', { name: 'By country' })).toBeVisible();

  const report = page.waitForEvent('download');
  await page.getByRole('link', { name: 'Download Excel (XLSX)' }).click();
  const reportFile = await report;
  expect(reportFile.suggestedFilename()).toMatch(/^un-public-service-forum-2026-report-\d{4}-\d{2}-\d{2}\.xlsx$/);
  expect(readFileSync(await reportFile.path()).subarray(0, 2).toString()).toBe('PK');

  await page.getByText('Export the attendee list').click();
  const list = page.waitForEvent('download');
  await page.getByRole('button', { name: 'Download CSV' }).click();
  const listFile = await list;
  const csv = readFileSync(await listFile.path(), 'utf8');
  expect(csv.startsWith('\ufeffGiven name,Family name,Email,Country')).toBeTruthy();
  expect(csv.trim().split('\r\n').length).toBeGreaterThan(250);
});
