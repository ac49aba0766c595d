import type { ChildProcess, StdioOptions } from 'node:child_process';
export function parseContractArgs(argv: string[]): { upstream?: string; error?: string; help?: string };
export function runContract(options?: { upstream?: string; stdio?: StdioOptions }): ChildProcess;
