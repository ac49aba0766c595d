// A fetch for the client under test that can add Prism's `Prefer` header and keeps a copy of
// every response with the request it answers, so each can be validated against the spec
// independently of the client. Requests are paced as the contract run asks (paced-fetch.ts).
import { pacedFetch } from './paced-fetch.js';
import { type Exchange, exchangeOf, expectMatchesSpec } from './spec-validator.js';

export function recordingFetch(prefer?: string) {
  const exchanges: Exchange[] = [];
  const fetchFn: typeof fetch = async (input, init) => {
    const request = new Request(input, init);
    if (prefer) request.headers.set('Prefer', prefer);
    const bytes = new Uint8Array(await request.clone().arrayBuffer());
    const sent = { headers: Object.fromEntries(request.headers), body: new TextDecoder().decode(bytes), bytes };
    // A 429 waited out on the way must itself be a valid answer.
    const response = await pacedFetch(request, async ({ response: limited }) => {
      expectMatchesSpec(await exchangeOf(limited, request.method, sent));
    });
    exchanges.push(await exchangeOf(response, request.method, sent));
    return response;
  };
  return { fetch: fetchFn, exchanges };
}
