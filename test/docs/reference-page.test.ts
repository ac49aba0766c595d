// Opens the built reference page in real headless Chromium (Debian's package, driven by
// playwright-core): it must render the operation, its samples, the schemas and the error
// catalogue; show the operation first; stay readable at 390 and 1400 px; and send no request.
import { existsSync, readdirSync } from 'node:fs';
import { mkdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { type Browser, chromium, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, type TestContext, test } from 'vitest';
import { repoRoot } from '../support/repo-copy.js';

const executablePath = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
/** The operation's heading: its summary (the page's title says it too, so matches must be exact). */
const OPERATION = 'Refresh user items for Financial-Insights bundle';
const page = path.join(repoRoot, 'dist/docs/index.html');
const screenshot = path.join(repoRoot, 'dist/docs/screenshot.png');
/** The first screen at a width, as the README's picture shows it (docs/reference-docs.png is the 1400 px one). */
const screenshotAt = (width: number) => path.join(repoRoot, `dist/docs/first-screen-${width}.png`);
const axeSource = await readFile(path.join(repoRoot, 'node_modules/axe-core/axe.min.js'), 'utf8');

/** axe-core's serious and critical findings on the page as it stands, one line each. */
async function axeViolations(view: Page) {
  await view.addScriptTag({ content: axeSource });
  return view.evaluate(async () => {
    const { violations } = await (
      window as unknown as { axe: { run(): Promise<{ violations: { id: string; impact: string; nodes: { target: string[] }[] }[] }> } }
    ).axe.run();
    return violations
      .filter((v) => v.impact === 'serious' || v.impact === 'critical')
      .map((v) => `${v.impact} ${v.id} (${innerWidth} px): ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`);
  });
}
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
  tab = await browser.newPage({ viewport: { width: 1400, height: 900 } });
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

describe('the reference page as a reader first sees it', () => {
  // Run first, on the page as it loaded: a reader arriving at 1400×900, then the same at 390 px.
  const atWidth = async (width: number, height: number) => tab.setViewportSize({ width, height });
  const topOf = async (locator: ReturnType<Page['locator']>) =>
    (
      await locator
        .first()
        .boundingBox({ timeout: 2_000 })
        .catch(() => null)
    )?.y ?? Number.POSITIVE_INFINITY;

  test('lands in the operation: its summary, method and path, request body fields, sample tabs, and its responses with an example on the first screen at 1400×900', async (ctx) => {
    skipWithoutChromium(ctx);
    await operationHeading(tab).first().waitFor({ state: 'visible', timeout: 5_000 });
    expect(await tab.evaluate(() => location.hash)).toBe('#/financial-insights/userfinancialdatarefresh');
    const firstScreen = {
      summary: await topOf(operationHeading(tab)),
      'method and path': await topOf(tab.getByText('/user/financial_data/refresh', { exact: true })),
      'the body': await topOf(tab.locator('[id$="/request/body"]')),
      'its first field': await topOf(tab.locator('code, strong, span').filter({ hasText: /^client_id$/ })),
      'the samples panel, open on curl': await topOf(tab.getByText('curl -X POST https://sandbox.plaid.com/user/financial_data/refresh')),
      'the sample language tabs': await topOf(tab.getByRole('button', { name: /^curl/ })),
      'the responses, by status': await topOf(tab.locator('.panel-response-samples').getByText('429', { exact: true })),
      // Its first lines, not only its top edge.
      'a response example': (await topOf(tab.locator('.panel-response-samples [data-testid="json-viewer"]'))) + 60,
    };
    expect(Object.entries(firstScreen).filter(([, y]) => !(y < 900))).toEqual([]);
  });

  test('scrolling through the operation at 1400×900, the request and response samples never cover each other', async (ctx) => {
    skipWithoutChromium(ctx);
    const overlaps: number[] = [];
    try {
      for (let y = 0; y <= 2400; y += 150) {
        await tab.evaluate((to) => window.scrollTo(0, to), y);
        const [request, response] = await Promise.all(
          ['.panel-request-samples', '.panel-response-samples'].map((panel) =>
            tab
              .locator(panel)
              .first()
              .boundingBox()
              .catch(() => null),
          ),
        );
        if (request && response && request.y < response.y + response.height && response.y < request.y + request.height) overlaps.push(y);
      }
    } finally {
      await tab.evaluate(() => window.scrollTo(0, 0));
    }
    expect(overlaps).toEqual([]);
  });

  test("the page's title names the endpoint, without a version", async (ctx) => {
    skipWithoutChromium(ctx);
    expect(await tab.title()).toBe('POST /user/financial_data/refresh');
  });

  test('has no serious or critical accessibility violation (axe-core) at 1400 and 390 px', async (ctx) => {
    skipWithoutChromium(ctx);
    const wide = await axeViolations(tab);
    await atWidth(390, 844);
    const narrow = await axeViolations(tab).finally(() => atWidth(1400, 900));
    expect([...wide, ...narrow]).toEqual([]);
  });

  test('shows no broken element: no badge without its logo', async (ctx) => {
    skipWithoutChromium(ctx);
    expect(
      await tab
        .getByText('API docs by')
        .first()
        .isVisible()
        .catch(() => false),
    ).toBe(false);
    const brokenImages = await tab.evaluate(
      () =>
        Array.from(document.images).filter((image) => image.checkVisibility() && (image.naturalWidth === 0 || image.naturalHeight === 0))
          .length,
    );
    expect(brokenImages).toBe(0);
  });

  test('at 1400 and 390 px nothing on the first view is clipped: no page overflow, code wraps or scrolls in its box, no code split', async (ctx) => {
    skipWithoutChromium(ctx);
    const wide = await clippingProblems(tab, 1400);
    await tab.screenshot({ path: screenshotAt(1400) });
    await atWidth(390, 844);
    await tab.screenshot({ path: screenshotAt(390) });
    const narrow = await clippingProblems(tab, 390).finally(() => atWidth(1400, 900));
    expect([...wide, ...narrow]).toEqual([]);
  });

  test('the responses follow on the same page, and nothing on the operation is clipped at 1400 or 390 px', async (ctx) => {
    skipWithoutChromium(ctx);
    const text = await tab.locator('body').innerText();
    expect(text).toMatch(/200[\s\S]*400[\s\S]*429[\s\S]*500[\s\S]*503/);
    const wide = await clippingProblems(tab, 1400);
    await atWidth(390, 844);
    const narrow = await clippingProblems(tab, 390).finally(() => atWidth(1400, 900));
    expect([...wide, ...narrow]).toEqual([]);
  });
});

describe('one page per release', () => {
  // Each page carries its version list in the markdown Redoc renders; every link must be a page
  // that exists.
  const released = () => readdirSync(path.join(repoRoot, 'spec/releases')).map((f) => f.replace(/\.yaml$/, ''));
  const pageOf = (version?: string) => path.join(repoRoot, 'dist/docs', ...(version ? [version] : []), 'index.html');

  test('every release in spec/releases/ has its page, and each lists every other version with a link that resolves', async () => {
    expect(released().length).toBeGreaterThan(1);
    for (const here of [undefined, ...released()]) {
      const html = await readFile(pageOf(here), 'utf8');
      const list = html.match(/\*\*Versions:\*\*[^"\\]*/)?.[0] ?? '';
      const links = [...list.matchAll(/\[([^\]]+)\]\(([^)]+\.html)\)/g)].map(([, label, href]) => [label!, href!] as const);
      expect(links.map(([label]) => label.replace(/^current \(.*\)$/, 'current')).sort(), here).toEqual(
        [...(here ? ['current'] : []), ...released().filter((v) => v !== here)].sort(),
      );
      for (const [, href] of links) expect(existsSync(path.resolve(path.dirname(pageOf(here)), href)), href).toBe(true);
    }
  });

  test('the changelog is a section of the page, one click away', async (ctx) => {
    skipWithoutChromium(ctx);
    await navigateTo('Changelog');
    await tab.getByRole('heading', { name: 'Changelog' }).first().waitFor({ state: 'visible', timeout: 5_000 });
    expect(await tab.locator('body').innerText()).toMatch(/Unreleased|\d+\.\d+\.\d+/);
  });
});

describe('the reference page in headless Chromium', () => {
  test('renders the operation with its request and responses', async (ctx) => {
    skipWithoutChromium(ctx);
    await navigateTo('Financial Insights');
    const heading = operationHeading(tab);
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
    // Redoc renders a long section as it is scrolled into view, and drops what scrolled out: read
    // on, keeping all that was shown, until its last entry.
    let catalogue = '';
    await expect
      .poll(
        async () => {
          catalogue += `\n${await tab.locator('body').innerText()}`;
          await tab.mouse.wheel(0, 600);
          return catalogue;
        },
        { timeout: 8_000 },
      )
      .toContain('PLANNED_MAINTENANCE · HTTP 503');
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

  test('sends no request beyond its own file, not even for a logo', async (ctx) => {
    skipWithoutChromium(ctx);
    await tab.waitForLoadState('networkidle');
    await mkdir(path.dirname(screenshot), { recursive: true });
    expect(outbound).toEqual([]);
    expect(blockedByPolicy).toEqual([]);
    expect(await readFile(page, 'utf8')).toContain('<meta http-equiv="Content-Security-Policy" content="default-src \'none\'');
  });

  test('offers a curl, a TypeScript and a Node sample for the operation', async (ctx) => {
    skipWithoutChromium(ctx);
    await navigateTo('Financial Insights');
    await tab
      .locator('h2')
      .filter({ hasText: new RegExp(`^${OPERATION}$`) })
      .first()
      .waitFor({ state: 'visible', timeout: 5_000 });
    await tab
      .getByText('curl -X POST https://sandbox.plaid.com/user/financial_data/refresh')
      .first()
      .waitFor({ state: 'visible', timeout: 5_000 });
    // The samples panel picks a language from a list.
    await tab.getByRole('button', { name: /^curl/ }).first().click();
    for (const label of ['TypeScript (this client)', "Node (Plaid's SDK)"]) {
      await tab.getByText(label, { exact: true }).first().waitFor({ state: 'visible', timeout: 5_000 });
    }
    await tab.keyboard.press('Escape');
  });
});

/** The operation's own heading. */
const operationHeading = (view: Page) => view.locator('h2').filter({ hasText: new RegExp(`^${OPERATION}$`) });

/** What a reader would find cut off or broken on the page as it stands. */
const clippingProblems = (view: Page, width: number) =>
  view.evaluate((viewWidth) => {
    const found: string[] = [];
    if (document.documentElement.scrollWidth > viewWidth + 1) found.push(`the page is ${document.documentElement.scrollWidth} px wide`);
    for (const pre of Array.from(document.querySelectorAll('pre'))) {
      const scrolls = ['auto', 'scroll'].includes(getComputedStyle(pre).overflowX);
      const wraps = /pre-wrap|pre-line|normal/.test(getComputedStyle(pre.querySelector('code') ?? pre).whiteSpace);
      if (pre.scrollWidth > pre.clientWidth + 1 && !scrolls && !wraps) found.push(`clipped code: ${pre.textContent?.slice(0, 40)}`);
    }
    for (const code of Array.from(document.querySelectorAll('code'))) {
      if (/^[A-Z][A-Z0-9_]{3,}$/.test(code.textContent ?? '') && code.getClientRects().length > 1)
        found.push(`${code.textContent} is split across lines`);
    }
    return found;
  }, width);

describe('schemas as a reader of Plaid expects them', () => {
  test('a nullable error reads "PlaidError or null", and open objects get no row of their own', async (ctx) => {
    skipWithoutChromium(ctx);
    await tab.goto(`${pathToFileURL(page).href}#/schemas/refreshresult`, { timeout: 10_000 });
    await tab.getByText('PlaidError (object) or null').first().waitFor({ state: 'visible', timeout: 5_000 });
    const text = await tab.locator('body').innerText();
    expect(text).not.toMatch(/additional property/i);
    expect(text).not.toContain('(object or null)');
  });
});

describe("the landing route is Redoc's own", () => {
  // Routes as Redoc 3 names them in its page (read from a built page's element ids).
  test.each([
    ['Financial Insights', 'financial-insights'],
    ['Users & Items (beta)', 'users-and-items-(beta)'],
    ['  Spaced  out  ', 'spaced-out'],
    ['userFinancialDataRefresh', 'userfinancialdatarefresh'],
  ])('%j → %j', async (name, route) => {
    const { slug } = await import('../../scripts/docs.mjs');
    expect(slug(name)).toBe(route);
  });
});
