// Compiled, never run: the toolkit's MSW replies are typed from the spec. A reply names a status
// the operation declares, and one of that status's examples or a body of that status's type.
// test/types/compile.test.ts compiles it, and again without the @ts-expect-error lines.
import { answer, sequence } from 'plaid-user-financial-data-refresh-toolkit/msw';

export const named = answer('userFinancialDataRefresh', { status: 200, example: 'SomeItemsFailed' });
export const error = answer('userFinancialDataRefresh', { status: 429, example: 'RateLimitExceeded', headers: { 'Retry-After': '1' } });
export const custom = answer('userFinancialDataRefresh', { status: 200, body: { request_id: 'r', user_id: 'u', results: [] } });
export const retried = sequence('userFinancialDataRefresh', [{ status: 503 }, { status: 200, example: 'AllItemsRefreshed' }]);

// @ts-expect-error a custom body missing a required field (results)
export const missing = answer('userFinancialDataRefresh', { status: 200, body: { request_id: 'r', user_id: 'u' } });

// @ts-expect-error a custom body with a field of the wrong type
export const wrongType = answer('userFinancialDataRefresh', { status: 200, body: { request_id: 'r', user_id: 42, results: [] } });

// @ts-expect-error an example of another status
export const otherStatus = answer('userFinancialDataRefresh', { status: 200, example: 'RateLimitExceeded' });

// @ts-expect-error a status the operation does not declare
export const undeclared = answer('userFinancialDataRefresh', { status: 418 });

// @ts-expect-error an operation the spec does not have
export const unknownOperation = answer('noSuchOperation', { status: 200 });

// @ts-expect-error an error body of the wrong shape for a 400
export const wrongError = answer('userFinancialDataRefresh', { status: 400, body: { message: 'nope' } });
