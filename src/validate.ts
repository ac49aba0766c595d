// Response validation with the validators compiled at build time (generated/validators.ts):
// no Ajv and no code generation at run time.
import { validators } from '../generated/validators.js';

export interface Verdict {
  readonly ok: boolean;
  /** The first problem, as "where: what", when not ok. */
  readonly problem?: string;
}

export function checkSchema(pointer: string, data: unknown): Verdict {
  const validate = validators[pointer];
  if (!validate) return { ok: false, problem: `no validator for ${pointer} (regenerate generated/)` };
  if (validate(data)) return { ok: true };
  const [first] = validate.errors ?? [];
  const params = first?.params && Object.keys(first.params).length > 0 ? ` ${JSON.stringify(first.params)}` : '';
  return { ok: false, problem: first ? `${first.instancePath || '(body)'} ${first.message ?? 'is invalid'}${params}` : 'is invalid' };
}
