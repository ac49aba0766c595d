// Compiled, never run: proves the generated types accept a right call and reject wrong ones.
// test/types/compile.test.ts compiles it, and again without the @ts-expect-error lines.
import { createRawClient, type KnownRefreshResultProduct } from '../../generated/client.js';
import type { PlaidError, RefreshResult, UserFinancialDataRefreshRequest } from '../../generated/schema.js';

const client = createRawClient({ baseUrl: 'http://127.0.0.1:4010' });

export async function typedCalls() {
  const { data } = await client.POST('/user/financial_data/refresh', { body: { user_id: 'usr_1' } });
  const firstProduct: string | undefined = data?.results[0]?.product;

  // @ts-expect-error an unknown request field is rejected (the spec sets additionalProperties: false)
  const withUnknownField: UserFinancialDataRefreshRequest = { user_id: 'usr_1', access_token: 'x' };
  await client.POST('/user/financial_data/refresh', { body: withUnknownField });

  // @ts-expect-error user_id is required
  await client.POST('/user/financial_data/refresh', { body: {} });

  // @ts-expect-error user_id is a string
  await client.POST('/user/financial_data/refresh', { body: { user_id: 42 } });

  // @ts-expect-error the path is not in the spec
  await client.POST('/transactions/refresh', { body: { user_id: 'usr_1' } });

  return firstProduct;
}

// Open enums: known values are exported, and a value Plaid adds later still type-checks.
export const known: KnownRefreshResultProduct = 'liabilities';
export const unknown: RefreshResult['product'] = 'a_product_plaid_adds_later';
// @ts-expect-error a known-values type is closed, for exhaustive handling
export const notKnown: KnownRefreshResultProduct = 'a_product_plaid_adds_later';

export function readError(error: PlaidError) {
  // @ts-expect-error display_message may be null
  const shown: string = error.display_message;
  // @ts-expect-error generated types are readonly
  error.error_code = 'CHANGED';
  return shown;
}
