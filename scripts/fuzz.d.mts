export interface FuzzFailure { seed: number; index: number; kind: string; expected: number; problem: string; body: string }
export interface FuzzReport { seed: number; count: number; byKind: Record<string, { cases: number; failed: number }>; failures: FuzzFailure[] }
export function runFuzz(options: {
  url: string;
  seed: number;
  count: number;
  concurrency?: number;
  timeoutMs?: number;
  identity?: { clientId?: string; secret?: string; userId?: string };
  realServer?: boolean;
}): Promise<FuzzReport>;
