// Whom the contract suite and the fuzzer act as against a real server: the CONTRACT_* variables,
// or, against the bundled reference server (test/fixtures/reference-server.mjs, which reads its
// users from here), its test identity. Against any other server every variable must be set.

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
