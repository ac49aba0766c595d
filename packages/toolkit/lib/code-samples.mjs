// Request samples for the docs, one set per operation of generated/operations.json, made from its
// first named request example: curl, TypeScript with this project's client, and Node with Plaid's
// SDK (whose methods are named by operationId too). The tests compile the TypeScript sample and
// run the curl sample against the mock.
import { curlCommand } from './operations.mjs';
import { clientPackage } from './package-names.mjs';

/** The languages the docs' samples panel offers; each sample below names one by `lang`. */
export const codeSampleLanguages = [
  { lang: 'curl', label: 'curl' },
  { lang: 'JavaScript', label: 'TypeScript (this client)' },
  { lang: 'Node.js', label: "Node (Plaid's SDK)" },
];

/**
 * @param {import('./operations.mjs').Operation} row
 * @param {{ baseUrl?: string }} [options]
 * @returns {{ lang: string, label: string, source: string }[]}
 */
export function codeSamples(row, { baseUrl = 'https://sandbox.plaid.com' } = {}) {
  const body = JSON.stringify(row.sample ?? {}, null, 2).replaceAll('\n', '\n  ');
  return [
    { lang: 'curl', label: 'curl', source: curlCommand(baseUrl, row) },
    {
      lang: 'JavaScript',
      label: 'TypeScript (this client)',
      source: `import { createPlaidClient } from '${clientPackage}';

const plaid = createPlaidClient({
  baseUrl: '${baseUrl}',
  clientId: process.env.PLAID_CLIENT_ID ?? '',
  secret: process.env.PLAID_SECRET ?? '',
});

const { data, error } = await plaid.${row.operationId}(${body});
if (error) console.error(error.kind, error.message);
else console.log(data);
`,
    },
    {
      lang: 'Node.js',
      label: "Node (Plaid's SDK)",
      source: `const { Configuration, PlaidApi } = require('plaid');

const plaid = new PlaidApi(
  new Configuration({
    basePath: '${baseUrl}',
    baseOptions: { headers: { 'PLAID-CLIENT-ID': process.env.PLAID_CLIENT_ID, 'PLAID-SECRET': process.env.PLAID_SECRET } },
  }),
);

plaid.${row.operationId}(${body}).then((response) => console.log(response.data));
`,
    },
  ];
}
