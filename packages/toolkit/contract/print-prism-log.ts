// When a contract test fails, show what Prism saw: the tail of its log (credentials redacted).
import { readFileSync } from 'node:fs';
import { afterEach, inject } from 'vitest';

afterEach(({ task }) => {
  if (task.result?.state !== 'fail') return;
  const lines = readFileSync(inject('prismLog'), 'utf8').trim().split('\n').slice(-15);
  console.error(`--- last Prism log lines (${inject('prismLog')}) ---\n${lines.join('\n')}`);
});
