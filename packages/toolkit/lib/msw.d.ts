// Types for packages/toolkit/lib/msw.mjs, from the generated schema: a reply names a status the operation
// declares, and either one of that status's named examples or a body of that status's type.
import type { HttpHandler } from 'msw';
import type { ExampleNames } from '../generated/examples.js';
import type { operations } from '../generated/schema.js';

export type OperationId = keyof operations & keyof ExampleNames;
type Responses<Op extends OperationId> = operations[Op]['responses'];
/** The statuses an operation declares (not `default`). */
export type Status<Op extends OperationId> = Extract<keyof Responses<Op>, number>;
export type ResponseBody<Op extends OperationId, S extends Status<Op>> = Responses<Op>[S] extends {
  content: { 'application/json': infer Body };
}
  ? Body
  : never;
export type ExampleName<Op extends OperationId, S extends Status<Op>> = S extends keyof ExampleNames[Op] ? ExampleNames[Op][S] : never;

/** One answer: a status with one of its named examples (by default its first), or a body of its own. */
export type Reply<Op extends OperationId> = {
  [S in Status<Op>]:
    | { status: S; example?: ExampleName<Op, S>; body?: never; headers?: Record<string, string> }
    | { status: S; body: ResponseBody<Op, S>; example?: never; headers?: Record<string, string> };
}[Status<Op>];

export interface PlaidHandlerOptions {
  /** Where the client under test sends (default: the spec's servers, sandbox and production). */
  baseUrl?: string | string[];
}

/** The spec's servers. */
export declare const plaidBaseUrls: string[];
/** A handler per operation, answering its first success example. */
export declare function plaidHandlers(options?: PlaidHandlerOptions): HttpHandler[];
/** Answers an operation with one reply. */
export declare function answer<Op extends OperationId>(operationId: Op, reply: Reply<Op>, options?: PlaidHandlerOptions): HttpHandler;
/** Answers an operation's successive requests with these replies in turn; the last one repeats. */
export declare function sequence<Op extends OperationId>(
  operationId: Op,
  replies: readonly [Reply<Op>, ...Reply<Op>[]],
  options?: PlaidHandlerOptions,
): HttpHandler;
/** For `server.listen({ onUnhandledRequest: failOnUnhandledPlaidRequest() })`. */
export declare function failOnUnhandledPlaidRequest(
  options?: PlaidHandlerOptions,
): (request: Request, print: { warning(): void; error(): void }) => void;
