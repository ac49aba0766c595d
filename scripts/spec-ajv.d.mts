import type { Ajv, ErrorObject, ValidateFunction } from 'ajv';
export function createSpecAjv(document: object): Ajv;
export function schemaAt(ajv: Ajv, pointer: string): ValidateFunction | undefined;
export interface OperationRow {
  method: string;
  path: string;
  summary: string;
  request: { schema: string; required: string[]; properties: string[]; examples: string[] } | null;
  security: string[][];
  responses: Record<string, { schema: string | null; examples: string[] }>;
}
export function declaredResponse(operation: OperationRow, status: number): ({ key: string } & OperationRow['responses'][string]) | undefined;
export function describeProblems(errors: readonly ErrorObject[] | null | undefined): string[];
