import { defineConfig, devices } from '@playwright/test';

// The app under test is started by `.ci/e2e-server` on E2E_PORT with a fresh database and demo data.
const port = Number(process.env.E2E_PORT ?? 3100);
const baseURL = `http://127.0.0.1:${port}`;
// The development SMS sink of the server under test: verification texts land here as JSON lines.
export const smsFile = process.env.E2E_SMS_FILE ?? `/tmp/artipul-e2e-${port}/sms.jsonl`;
process.env.E2E_SMS_FILE = smsFile;
// The development e-mail sink of the server under test (verification codes).
export const emailFile = process.env.E2E_EMAIL_FILE ?? `/tmp/artipul-e2e-${port}/email.jsonl`;
process.env.E2E_EMAIL_FILE = emailFile;

const chromium = {
  executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
  args: [
    '--no-sandbox',
    '--disable-gpu',
    '--disable-background-networking',
    '--disable-component-update',
    '--disable-sync',
    '--disable-quic',
    '--no-first-run',
  ],
};

export default defineConfig({
  testDir: './tests',
  outputDir: './test-results',
  timeout: 60_000,
  expect: { timeout: 10_000 },
  fullyParallel: false,
  workers: 1,
  retries: 0,
  reporter: [['list']],
  use: {
    baseURL,
    locale: 'ko-KR',
    timezoneId: 'Asia/Seoul',
    trace: 'retain-on-failure',
    launchOptions: chromium,
  },
  projects: [
    { name: 'desktop', use: { ...devices['Desktop Chrome'], launchOptions: chromium } },
    { name: 'mobile', use: { ...devices['Pixel 7'], launchOptions: chromium } },
  ],
  webServer: {
    command: 'bash .ci/e2e-server',
    cwd: '..',
    url: `${baseURL}/readyz`,
    timeout: 600_000,
    reuseExistingServer: false,
    stdout: 'pipe',
    stderr: 'pipe',
    env: { E2E_PORT: String(port), E2E_SMS_FILE: smsFile },
  },
});
