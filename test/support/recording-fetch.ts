// A fetch for the client under test that can add Prism's `Prefer` header and keeps a copy of
// every response, so each body can be validated against the spec independently of the client.
import { type Exchange, exchangeOf } from './spec-validator.js';

export function recordingFetch(prefer?: string) {
  const exchanges: Exchange[] = [];
  const fetchFn: typeof fetch = async (input, init) => {
    const request = new Request(input, init);
    if (prefer) request.headers.set('Prefer', prefer);
    const response = await fetch(request);
    exchanges.push(await exchangeOf(response, request.method));
    return response;
  };
  return { fetch: fetchFn, exchanges };
}
