// Response validation with the validators compiled at build time (generated/validators.ts):
// no Ajv and no code generation at run time.
import { validators } from '../generated/validators.js';

export interface Verdict {
  readonly ok: boolean;
  /** The first problem, as "where: what", when not ok. */
  readonly problem?: string;
}

/** Ajv's keyword and params, worded: the build leaves Ajv's own messages out of the bundle. */
function describe(error: { keyword: string; params?: Record<string, unknown> }): string {
  const params = error.params ?? {};
  switch (error.keyword) {
    case 'required':
      return `must have required property '${params.missingProperty}'`;
    case 'type':
      return `must be ${params.type}`;
    case 'additionalProperties':
      return `must not have property '${params.additionalProperty}'`;
    case 'enum':
      return `must be one of ${JSON.stringify(params.allowedValues)}`;
    case 'pattern':
      return `must match pattern ${JSON.stringify(params.pattern)}`;
    case 'format':
      return `must be a ${params.format}`;
    default:
      return `fails ${error.keyword}${Object.keys(params).length > 0 ? ` ${JSON.stringify(params)}` : ''}`;
  }
}

export function checkSchema(pointer: string, data: unknown): Verdict {
  const validate = validators[pointer];
  if (!validate) return { ok: false, problem: `no validator for ${pointer} (regenerate generated/)` };
  if (validate(data)) return { ok: true };
  const [first] = validate.errors ?? [];
  return { ok: false, problem: first ? `${first.instancePath || '(body)'} ${describe(first)}` : 'is invalid' };
}
