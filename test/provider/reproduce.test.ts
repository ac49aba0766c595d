// A failure's curl must send what the probe sent, byte for byte, with no credential printed: the
// identity's credentials as $PLAID_CLIENT_ID and $PLAID_SECRET, a probe's near miss as a shell
// expression of them, an empty header as empty, a body that is not UTF-8 through printf. Each row
// runs the printed command with `curl` replaced by a printer, in a real shell.
import { execFileSync } from 'node:child_process';
import { describe, expect, test } from 'vitest';
import { curlFor, responseSummary } from '../../packages/toolkit/lib/reproduce.mjs';

// Reserved characters, as a real secret may hold: a slash, a plus, a dollar sign.
const identity = { clientId: 'client_7Qx', secret: 'Sk/ab+Cd$1e' };
const swapped = 'sK/AB+cD$1E';

/** What the printed command would send: its header arguments and its body, from the shell itself. */
function sent(command: string) {
  const printer = command.replace(
    /curl -sS -i -X \S+ "[^"]*"/,
    `node -e "process.stdin.on('data', (d) => process.stdout.write('BYTES:' + d.toString('hex') + '\\n')); console.log(JSON.stringify(process.argv.slice(1)))" --`,
  );
  return execFileSync('sh', ['-c', printer], {
    env: { ...process.env, PLAID_CLIENT_ID: identity.clientId, PLAID_SECRET: identity.secret },
  }).toString();
}

describe('the curl a failure prints', () => {
  test.each([
    ['the identity in the headers', { 'PLAID-CLIENT-ID': identity.clientId, 'PLAID-SECRET': identity.secret }, '{"user_id":"u"}'],
    ['a secret without its last character', { 'PLAID-SECRET': identity.secret.slice(0, -1) }, '{}'],
    ['a secret with one character more', { 'PLAID-SECRET': `${identity.secret}x` }, '{}'],
    ['a secret in the other case', { 'PLAID-SECRET': swapped }, '{}'],
    ['an empty secret header', { 'PLAID-SECRET': '' }, '{}'],
    ['near misses in the body', {}, JSON.stringify({ user_id: 'u', client_id: identity.clientId, secret: swapped })],
    ['an unrelated wrong secret', { 'PLAID-SECRET': 'probe_wrong_credential_0000' }, '{}'],
  ] as const)('sends what was sent, and prints no credential: %s', (_name, headers, body) => {
    const command = curlFor({ method: 'post', path: '/p', sent: { headers: { ...headers }, body } }, 'http://127.0.0.1:1', identity);
    for (const value of [identity.secret, identity.clientId, swapped, identity.secret.slice(0, -1)]) expect(command).not.toContain(value);
    const argv = JSON.parse(sent(command).trim().split('\n').at(-1)!) as string[];
    for (const [name, value] of Object.entries(headers)) expect(argv).toContain(value === '' ? `${name};` : `${name}: ${value}`);
    expect(argv.at(-1)).toBe(body);
  });

  test('pipes a body that is not UTF-8 in through printf, byte for byte', () => {
    const bytes = new Uint8Array([0x7b, 0x22, 0x75, 0x22, 0x3a, 0x22, 0xc3, 0x28, 0x22, 0x7d]);
    const command = curlFor({ method: 'post', path: '/p', sent: { headers: {}, body: '', bytes } }, 'http://127.0.0.1:1', identity);
    expect(command).toMatch(/^printf '.*' \| curl /);
    expect(sent(command)).toContain(`BYTES:${Buffer.from(bytes).toString('hex')}`);
  });
});

describe('the answer a failure prints', () => {
  const secret = 'sk_echo_0123456789abcdef';
  const redact = (text: string) => text.replaceAll(secret, '[REDACTED]');

  test.each([280, 290, 299])('a secret the 300-character cut would split at %i is redacted whole first', (at) => {
    const body = `${'p'.repeat(at)}${secret}`;
    const summary = responseSummary({ status: 200, contentType: 'application/json', body }, 300, redact);
    expect(summary).not.toContain(secret.slice(0, 3));
  });
});
