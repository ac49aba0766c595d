export const bundledSpec: string;
export interface RunningPrism {
  url: string;
  startupMs: number;
  close(): Promise<void>;
}
export function startPrism(options?: { document?: string; upstream?: string; port?: number; host?: string; logFile?: string }): Promise<RunningPrism>;
