// What the mock answers itself, as Plaid would, where Prism's answer from the spec cannot say it
// (see docs/decisions.md):
// - It judges each request (request-judge.mjs: content type, JSON object, the request schema,
//   credentials in headers or body) and answers a bad one with Plaid's 400 naming the fields at
//   fault. Prism would answer any invalid request with the operation's first 400 example,
//   whatever was wrong, and would let a request with no credentials at all through.
// - Its success echoes the request: a top-level field of a 2xx example that the request also sent
//   (`user_id`) carries the request's value, as Plaid's answer does.
import { echoRequest } from './plaid-facts.mjs';
import { createRequestJudge, invalidRequestError } from './request-judge.mjs';
import { isRequestFor } from './spec-document.mjs';

/**
 * The mock's own answers: a 400 for a request the spec refuses, and the echo of a success.
 * @param {{ document: object, operations: import('./operations.mjs').Operation[] }} spec
 */
export function mockAnswers({ document, operations }) {
  const judge = createRequestJudge(document);
  const find = (method, url) => operations.find((op) => isRequestFor(op, method, url));
  return {
    /** Plaid's 400 body for a request the spec refuses, or undefined. */
    refuse(method, url, headers, body) {
      const operation = find(method, url);
      const problems = operation ? judge(operation, { headers, body }) : [];
      return problems.length > 0 ? invalidRequestError(problems) : undefined;
    },
    /** A success body with the request's values in the fields the request also sent. */
    echo(requestBody, answerBody) {
      try {
        return Buffer.from(JSON.stringify(echoRequest(JSON.parse(requestBody.toString('utf8')), JSON.parse(answerBody.toString('utf8')))));
      } catch {
        return answerBody;
      }
    },
  };
}
