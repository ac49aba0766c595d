// Whom the contract suite and the fuzzer act as against a real server: the CONTRACT_* variables,
// or by default the test identity of test/fixtures/reference-server.mjs, which also reads it here.
export const referenceIdentity = {
  clientId: 'ref_client_id',
  secret: 'ref_secret_5d41402abc4b2a76',
  userId: 'usr_healthy',
  userIdWithFailures: 'usr_mixed',
};

/** @param {Record<string, string | undefined>} [env] */
export function contractIdentity(env = process.env) {
  return {
    clientId: env.CONTRACT_CLIENT_ID || referenceIdentity.clientId,
    secret: env.CONTRACT_SECRET || referenceIdentity.secret,
    userId: env.CONTRACT_USER_ID || referenceIdentity.userId,
    userIdWithFailures: env.CONTRACT_USER_ID_WITH_FAILURES || referenceIdentity.userIdWithFailures,
  };
}

/**
 * The request fields an identity fills in, by their Plaid names.
 * @param {{ clientId?: string, secret?: string, userId?: string }} [identity]
 */
export const identityFields = ({ clientId, secret, userId } = {}) => ({ client_id: clientId, secret, user_id: userId });
