export function nextVersion(version: string, level: 'major' | 'minor' | 'patch'): string;
export function release(level: string): Promise<void>;
