// What the docs step does to the page Redoc wrote: no request to Redocly's CDN, readable and
// accessible styles, the operation's samples beside its request on wide screens, examples named
// for what they show, a landing route, and a Content-Security-Policy that forbids the network.
import { StepError } from '../../packages/toolkit/lib/step.mjs';

// Redoc points its "API docs by Redocly" badge at images on Redocly's CDN, with no option to turn
// it off: the page's copy of the script points them at an empty inline image instead, so the page
// requests nothing. Its own Content-Security-Policy forbids every network fetch besides, should a
// later Redoc add one.
const REMOTE_BADGE = /https:\/\/cdn\.redoc\.ly\/[^`'"\s)]*/g;
const EMPTY_IMAGE = 'data:image/svg+xml,%3Csvg xmlns=%22http://www.w3.org/2000/svg%22/%3E';

/** @param {string} html */
function withoutRemoteBadge(html) {
  if (!html.includes('https://cdn.redoc.ly/'))
    throw new StepError('the Redocly badge URL moved: update withoutRemoteBadge in scripts/docs/page.mjs');
  return html.replace(REMOTE_BADGE, EMPTY_IMAGE);
}

// Code wraps or scrolls inside its own box, never past the page; an identifier (an error code)
// is never broken mid-word.
const READABLE_CODE = `<style>
pre { overflow-x: auto; max-width: 100%; }
pre code { white-space: pre; }
code { overflow-wrap: normal; word-break: keep-all; }
td code, li code, p code { white-space: nowrap; }
.redoc-markdown table { display: block; overflow-x: auto; max-width: 100%; }
</style>`;

// Contrast of at least 4.5:1 (WCAG AA) where Redoc's defaults fall short: its links and the search
// box's placeholder. Redoc's badge, whose logo the page cannot load, is not shown at all.
const ACCESSIBLE = `<style>
html:root { --color-blue-6: #0b57c9; --color-blue-7: #0a4ab0; --color-warm-grey-5: #5f616d; --color-warm-grey-7: #5f616d; }
html:root .tag-post { --tag-color: #0a4ab0; }
html:root .th-command { color: #9a4f0c !important; }
[data-testid="search-trigger"], [data-testid="search-trigger"] * { color: #5a5c69; }
span:has(> a[href="https://redocly.com/redoc/"]) { display: none !important; }
</style>`;

// Redoc lays an operation out as rows (title, request, responses), each a middle panel and its
// samples, so the response samples start below the whole request. On a wide screen each
// operation becomes one grid instead: the response samples follow the request samples in the
// right column, beside the request's fields, and stay in view (sticky) beside the responses. The
// request samples scroll with the request, so the two panels never overlap. Rows are found by
// the panels they hold, not by Redoc's route ids.
const OPERATION = ':is(div:has(> div > [data-testid="right-panel"] > .panel-request-samples))';
const ROW = (panel) => `${OPERATION} > div:has(> [data-testid="right-panel"] > .${panel})`;
const SAMPLES_TOGETHER = `<style>
@media screen and (min-width: 1280px) {
  ${OPERATION} { display: grid; grid-template-columns: minmax(0, 1fr) minmax(0, 1fr); grid-template-rows: auto auto 1fr auto; }
  ${OPERATION} > div { display: contents; }
  ${OPERATION} > div > *, ${OPERATION} > div > [data-testid="right-panel"] > * { width: auto; min-width: 0; max-width: 100%; margin-left: 0; }
  ${OPERATION} > div:first-child > [data-testid="middle-panel"] { grid-area: 1 / 1 / 2 / 2; }
  ${OPERATION} > div:first-child > [data-testid="right-panel"] { grid-area: 1 / 2 / 2 / 3; }
  ${ROW('panel-request-samples')} > [data-testid="middle-panel"] { grid-area: 2 / 1 / 4 / 2; }
  ${ROW('panel-request-samples')} > [data-testid="right-panel"] { grid-area: 2 / 2 / 3 / 3; align-self: start; position: static; }
  ${ROW('panel-response-samples')} > [data-testid="right-panel"] { grid-area: 3 / 2 / 5 / 3; align-self: start; }
  ${ROW('panel-response-samples')} > [data-testid="middle-panel"] { grid-area: 4 / 1 / 5 / 2; }
}
</style>`;

/** @param {string} html */
function withPageStyle(html) {
  return html.replace('</head>', `${READABLE_CODE}\n${ACCESSIBLE}\n${SAMPLES_TOGETHER}\n${EXAMPLE_NAMES}\n</head>`);
}

// Redoc labels an example picker "Example" whatever example it shows, so its accessible name
// does not contain its visible text (WCAG 2.5.3): each one is named after what it shows.
const EXAMPLE_NAMES = `<script>
new MutationObserver(() => {
  for (const picker of document.querySelectorAll('[aria-label="Example"], [data-example-label]')) {
    const label = 'Example: ' + picker.textContent.trim();
    if (picker.getAttribute('aria-label') !== label) picker.setAttribute('aria-label', label), picker.setAttribute('data-example-label', '');
  }
}).observe(document.documentElement, { childList: true, subtree: true, characterData: true });
</script>`;

/**
 * A reader lands in the operation: a page opened without a route goes to the first operation's,
 * before Redoc renders, so its request, responses and samples are the first screen.
 * @param {string} html
 * @param {string | undefined} route
 */
function withLandingRoute(html, route) {
  if (!route) return html;
  const script = `<script>if (!location.hash) location.replace(${JSON.stringify(`#/${route}`)});</script>`;
  return html.replace('</head>', `${script}\n</head>`);
}
const offlinePolicy = [
  "default-src 'none'",
  "script-src 'unsafe-inline' 'unsafe-eval' blob:",
  'worker-src blob:',
  "style-src 'unsafe-inline'",
  'img-src data: blob:',
  'font-src data:',
  'connect-src data: blob:',
].join('; ');

function withOfflinePolicy(html) {
  if (!html.includes('<head>')) throw new StepError('build-docs output has no <head>: cannot add the offline policy');
  return html.replace('<head>', `<head>\n<meta http-equiv="Content-Security-Policy" content="${offlinePolicy}">`);
}

/**
 * The page as it is published, from the page Redoc wrote.
 * @param {string} html
 * @param {string | undefined} route the operation a reader lands in
 */
export const finishPage = (html, route) => withOfflinePolicy(withoutRemoteBadge(withLandingRoute(withPageStyle(html), route)));
