// Whom the contract suite and the fuzzer act as against a real server: the CONTRACT_* variables,
// or, against the bundled reference server (test/fixtures/reference-server.mjs, which reads its
// users from here), its test identity. Against any other server every variable must be set.
import { secretRedactor } from 'plaid-user-financial-data-refresh';
import { nearMisses } from './plaid-facts.mjs';

/** Each variable, the identity field it fills, and what it names. */
export const identityVariables = [
  ['CONTRACT_CLIENT_ID', 'clientId', 'your client_id'],
  ['CONTRACT_SECRET', 'secret', 'your secret'],
  ['CONTRACT_USER_ID', 'userId', 'a user whose Items all refresh'],
  ['CONTRACT_USER_ID_WITH_FAILURES', 'userIdWithFailures', 'a user with some Items that fail'],
  ['CONTRACT_USER_ID_ALL_FAILING', 'userIdAllFailing', 'a user all of whose Items fail'],
  ['CONTRACT_USER_ID_WITHOUT_ITEMS', 'userIdWithoutItems', 'a user with no Items'],
];

export const referenceIdentity = {
  clientId: 'ref_client_id',
  secret: 'ref_secret_5d41402abc4b2a76',
  userId: 'usr_healthy',
  userIdWithFailures: 'usr_mixed',
  userIdAllFailing: 'usr_all_failing',
  userIdWithoutItems: 'usr_empty',
};

/** The variables, one per line, for --help texts. */
export const identityHelp = identityVariables.map(([name, , what]) => `  ${name.padEnd(32)} ${what}`).join('\n');

/** @param {Record<string, string | undefined>} [env] */
export const missingIdentityVariables = (env = process.env) => identityVariables.filter(([name]) => !env[name]).map(([name]) => name);

/**
 * @param {Record<string, string | undefined>} [env]
 * @returns {typeof referenceIdentity}
 */
export function contractIdentity(env = process.env) {
  const identity = { ...referenceIdentity };
  for (const [name, field] of identityVariables) if (env[name]) identity[field] = env[name];
  return identity;
}

/**
 * The request fields an identity fills in, by their Plaid names.
 * @param {{ clientId?: string, secret?: string, userId?: string }} [identity]
 */
export const identityFields = ({ clientId, secret, userId } = {}) => ({ client_id: clientId, secret, user_id: userId });

/**
 * A redactor for the credentials of the identity a run acts as (contractIdentity), in every
 * spelling the client's redactor knows (percent-encoded, JSON-escaped, base64, a Basic
 * `client_id:secret`), and the near misses the probes send (the secret without its last
 * character, in the other case): whatever a server echoes, no output of a run shows them.
 * @param {{ clientId?: string, secret?: string }} [identity]
 */
export function identityRedactor({ clientId = '', secret = '' } = contractIdentity()) {
  const near = [secret, clientId].filter(Boolean).flatMap((value) => nearMisses(value).map(([, spelled]) => spelled));
  return secretRedactor([`${clientId}:${secret}`, secret, clientId, ...near].filter((spelled) => spelled.length > 1));
}

/**
 * Copies `from` to `to` a line at a time, redacted; a partial line is written after a short pause,
 * so a live progress line still shows.
 * @param {import('node:stream').Readable} from
 * @param {NodeJS.WritableStream} to
 * @param {(text: string) => string} redact
 */
export function pipeRedacted(from, to, redact) {
  let pending = '';
  let timer;
  const flush = () => {
    clearTimeout(timer);
    if (pending) to.write(redact(pending));
    pending = '';
  };
  from.setEncoding('utf8');
  from.on('data', (chunk) => {
    pending += chunk;
    const end = pending.lastIndexOf('\n');
    if (end >= 0) {
      to.write(redact(pending.slice(0, end + 1)));
      pending = pending.slice(end + 1);
    }
    clearTimeout(timer);
    if (pending) timer = setTimeout(flush, 100);
  });
  from.on('end', flush);
}
