export interface FuzzFailure { seed: number; index: number; operationId: string; kind: string; expected: number; problem: string; body: string }
export interface FuzzReport {
  seed: number;
  count: number;
  byKind: Record<string, { cases: number; failed: number }>;
  byOperation: Record<string, { cases: number; failed: number }>;
  skipped: string[];
  failures: FuzzFailure[];
}
export function loadSpec(dir?: string): Promise<unknown>;
export function runFuzz(options: {
  url: string;
  seed: number;
  count: number;
  concurrency?: number;
  timeoutMs?: number;
  spec?: unknown;
  identity?: { clientId?: string; secret?: string; userId?: string };
  realServer?: boolean;
}): Promise<FuzzReport>;
