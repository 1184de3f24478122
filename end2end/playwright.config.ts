import { defineConfig } from '@playwright/test';

// Every spec runs twice: with JavaScript (hydrated) and without (plain HTML forms).
const chromium = {
  executablePath: '/usr/bin/chromium',
  args: [
    '--no-sandbox',
    '--disable-gpu',
    '--disable-quic',
    '--no-first-run',
    '--disable-background-networking',
    '--disable-component-update',
    '--disable-sync',
  ],
};

const db = '.data/e2e.db';
const env = {
  PLENARY_LISTEN: '127.0.0.1:3100',
  PLENARY_BASE_URL: 'http://127.0.0.1:3100',
  PLENARY_DATABASE_URL: `sqlite://${db}`,
  PLENARY_SMTP_URL: 'smtp://127.0.0.1:2526',
  LEPTOS_SITE_ROOT: '../target/site',
  PLENARY_LOG: 'info',
};

// Fixture: two morning workshops get a single seat each, so the specs can see a waiting list
// move (one workshop per project, as the projects share the server).
const fixture = `sqlite3 ${db} "UPDATE sessions SET capacity = 1 WHERE title LIKE 'Workshop 1:%' OR title LIKE 'Workshop 2:%'"`;

// The organizer specs sign in as this administrator (made through the command line, as on a
// fresh install).
export const ADMIN = { email: 'admin@e2e.example', password: 'e2e admin passphrase' };
const admin = `PLENARY_PASSWORD='${ADMIN.password}' ../target/release/plenary create-user --email ${ADMIN.email} --name 'E2E Admin' --role admin`;

export default defineConfig({
  testDir: './tests',
  timeout: 60_000,
  expect: { timeout: 15_000 },
  fullyParallel: false,
  workers: 1,
  retries: 0,
  reporter: [['list']],
  use: {
    baseURL: env.PLENARY_BASE_URL,
    launchOptions: chromium,
    trace: 'off',
  },
  projects: [
    { name: 'js-on', use: { javaScriptEnabled: true } },
    { name: 'js-off', use: { javaScriptEnabled: false } },
  ],
  webServer: [
    {
      command: 'node mail-sink.mjs',
      url: 'http://127.0.0.1:2580/',
      reuseExistingServer: false,
      timeout: 20_000,
    },
    {
      command: `rm -rf .data && mkdir -p .data && ../target/release/plenary seed-demo && ${fixture} && ${admin} && exec ../target/release/plenary serve`,
      url: 'http://127.0.0.1:3100/healthz',
      env,
      reuseExistingServer: false,
      timeout: 60_000,
    },
  ],
});
