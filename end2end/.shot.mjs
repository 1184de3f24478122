import { chromium } from '@playwright/test';
const [,, base, ...paths] = process.argv;
const browser = await chromium.launch({ executablePath: '/usr/bin/chromium', args: ['--no-sandbox','--disable-gpu','--disable-quic','--no-first-run','--disable-background-networking','--disable-component-update','--disable-sync'] });
const page = await browser.newPage({ viewport: { width: 1100, height: 900 } });
const errors = [];
page.on('console', m => { if (m.type() === 'error') errors.push(m.text()); });
page.on('pageerror', e => errors.push(String(e)));
await page.goto(base + '/admin/login');
await page.getByLabel('Email').fill('admin@plenary.localhost');
await page.getByLabel('Password').fill('plenary-demo-admin');
await page.getByRole('button', { name: 'Sign in' }).click();
await page.waitForURL(/\/admin$/);
let i = 0;
for (const p of paths) {
  await page.goto(base + p);
  await page.waitForLoadState('networkidle');
  await page.screenshot({ path: `/tmp/look/shot${i++}.png`, fullPage: true, clip: { x: 0, y: Number(process.env.Y || 0), width: 1100, height: 1400 } });
}
console.log('errors:', JSON.stringify(errors));
await browser.close();
