// Opens the built reference page in real headless Chromium (Debian's package, driven by
// playwright-core): it must render the operation, the schemas and the error catalogue, and no
// request may leave the page.
import { existsSync } from 'node:fs';
import { mkdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { type Browser, chromium, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, type TestContext, test } from 'vitest';
import { repoRoot } from '../support/repo-copy.js';

const executablePath = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
const page = path.join(repoRoot, 'dist/docs/index.html');
const screenshot = path.join(repoRoot, 'dist/docs/screenshot.png');
const haveChromium = existsSync(executablePath);
const skipWithoutChromium = (ctx: TestContext) => {
  if (!haveChromium) ctx.skip(`Chromium not found at ${executablePath}: apt-get install chromium, or set CHROMIUM_PATH`);
};

// Without these, Chromium calls Google's services at start-up, which fail on a closed network.
const flags = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
  '--disable-quic',
];

let browser: Browser | undefined;
let tab: Page;
/** Requests that would have reached the network: recorded and aborted. */
const outbound: string[] = [];
/** Requests the page's own Content-Security-Policy stopped before they were sent. */
const blockedByPolicy: string[] = [];

const navigateTo = async (section: string) => {
  await tab.getByText(section, { exact: true }).first().click();
};

beforeAll(async () => {
  if (!haveChromium) return;
  if (!existsSync(page)) throw new Error(`${page} is missing: run \`npm run build\` (or \`npm run docs\`) first`);
  browser = await chromium.launch({ executablePath, args: flags });
  tab = await browser.newPage({ viewport: { width: 1400, height: 1000 } });
  await tab.route('**/*', (route) => {
    const url = route.request().url();
    if (/^(file|data|blob):/.test(url)) return route.continue();
    outbound.push(url);
    return route.abort();
  });
  tab.on('requestfailed', (request) => {
    if (request.failure()?.errorText === 'csp') blockedByPolicy.push(request.url());
  });
  await tab.goto(pathToFileURL(page).href);
  await tab.getByText('Financial Insights', { exact: true }).first().waitFor({ timeout: 15_000 });
});

afterAll(async () => {
  await browser?.close();
});

describe('the reference page in headless Chromium', () => {
  test('renders the operation with its request and responses', async (ctx) => {
    skipWithoutChromium(ctx);
    await navigateTo('Financial Insights');
    const heading = tab.getByRole('heading', { name: 'Refresh user items for Financial-Insights bundle' });
    await heading.first().waitFor({ state: 'visible', timeout: 5_000 });
    const text = await tab.locator('body').innerText();
    expect(text).toContain('/user/financial_data/refresh');
    expect(text).toMatch(/Responses\s+200\s+400\s+429\s+500\s+503\s+default/);
  });

  test('shows a response example when its status is chosen', async (ctx) => {
    skipWithoutChromium(ctx);
    await navigateTo('Financial Insights');
    // The second row of status buttons is the samples panel; the first documents the schemas.
    await tab.getByRole('button', { name: '429', exact: true }).last().click();
    await tab.getByText('"RATE_LIMIT_EXCEEDED"').first().waitFor({ state: 'visible', timeout: 5_000 });
    await tab.screenshot({ path: screenshot });
  });

  test('renders the four schemas by their Plaid names', async (ctx) => {
    skipWithoutChromium(ctx);
    await navigateTo('Schemas');
    // Redoc renders sections as they come into view, so each schema is opened from the menu.
    for (const name of ['UserFinancialDataRefreshRequest', 'UserFinancialDataRefreshResponse', 'RefreshResult', 'PlaidError']) {
      await navigateTo(name);
      await tab
        .locator('h2')
        .filter({ hasText: new RegExp(`^${name}$`) })
        .first()
        .waitFor({ state: 'visible', timeout: 5_000 });
    }
  });

  test('renders the error catalogue, with each error class and its advice', async (ctx) => {
    skipWithoutChromium(ctx);
    await navigateTo('Error catalogue');
    await tab.getByRole('heading', { name: 'Error catalogue' }).first().waitFor({ state: 'visible', timeout: 5_000 });
    // Redoc renders the section's list after its heading: wait for the last entry, not the heading.
    await tab.getByText('PLANNED_MAINTENANCE · HTTP 503').first().waitFor({ state: 'visible', timeout: 5_000 });
    const catalogue = await tab.locator('body').innerText();
    for (const code of [
      'MISSING_FIELDS',
      'INVALID_API_KEYS',
      'USER_NOT_FOUND',
      'ITEM_LOGIN_REQUIRED',
      'RATE_LIMIT',
      'INTERNAL_SERVER_ERROR',
      'PLANNED_MAINTENANCE',
    ]) {
      expect(catalogue).toContain(code);
    }
    expect(catalogue).toMatch(
      /ITEM_LOGIN_REQUIRED · HTTP 400 · not retried · the user must act — Send the user through Link in update mode/,
    );
    expect(catalogue).toMatch(/RATE_LIMIT · HTTP 429 · retried by the client/);
  });

  test('sends no request beyond its own file', async (ctx) => {
    skipWithoutChromium(ctx);
    await tab.waitForLoadState('networkidle');
    await mkdir(path.dirname(screenshot), { recursive: true });
    expect(outbound).toEqual([]);
    // Redoc's badge image is the one known attempt; the page's policy stops it before it is sent.
    expect(blockedByPolicy.filter((url) => !url.startsWith('https://cdn.redoc.ly/redoc/logo-mini'))).toEqual([]);
    expect(await readFile(page, 'utf8')).toContain('<meta http-equiv="Content-Security-Policy" content="default-src \'none\'');
  });
});
