// The public surface the spec gives the packages: what `generated/schema.d.ts` and
// `generated/client.ts` export (component types, known…Values lists, environments, routes) and the
// example names the toolkit's MSW replies are typed by (`generated/examples.d.ts`), made
// from both bundles with the generators the build uses, and compared with the TypeScript compiler
// API. An export that disappears is a compile error in every consumer that imports it (major); a
// type that no longer accepts what it accepted is major; a new export or a wider type is minor.
import path from 'node:path';
import openapiTS, { astToString } from 'openapi-typescript';
import ts from 'typescript';
import { clientSource } from '../../packages/toolkit/lib/generate-client.mjs';
import { exampleNamesSource, operationsTable } from '../../packages/toolkit/lib/generate-operations.mjs';
import { typeOptions } from '../../packages/toolkit/lib/generate-types.mjs';
import { fromRepo } from '../repo.mjs';

/** @typedef {Omit<import('./spec-rules.mjs').Change, 'pointer'> & { export: string, pointer?: string }} SurfaceChange */

const OPENAPI_FETCH_STUB = `export interface ClientOptions { baseUrl?: string }
export interface Client<Paths> { readonly paths: Paths }
export default function createClient<Paths>(options?: ClientOptions): Client<Paths>;
`;
const MINIMAL_LIB = `interface Array<T> { length: number; [n: number]: T }
interface ReadonlyArray<T> { readonly length: number; readonly [n: number]: T }
interface Boolean {} interface Function {} interface CallableFunction {} interface NewableFunction {}
interface IArguments {} interface Number {} interface Object {} interface RegExp {} interface String {}
type Record<K extends keyof any, T> = { [P in K]: T };
`;

const pascal = (name) => name.replace(/(^|_)([a-z])/g, (_, __, c) => c.toUpperCase());

/** Where in the bundle an export comes from: a component schema, an open enum, the servers. */
function exportPointer(document, name) {
  if (name === 'servers' || name === 'Environment') return '/servers';
  const schemas = document.components?.schemas ?? {};
  if (schemas[name]) return `/components/schemas/${name}`;
  const known = /^[kK]nown(\w+?)(Values)?$/.exec(name)?.[1];
  for (const [schemaName, schema] of Object.entries(schemas)) {
    if (known === schemaName) return `/components/schemas/${schemaName}/x-extensible-enum`;
    for (const field of Object.keys(schema.properties ?? {}))
      if (known === schemaName + pascal(field)) return `/components/schemas/${schemaName}/properties/${field}/x-extensible-enum`;
  }
  return undefined;
}

const AGGREGATES = new Set(['paths', 'components', 'operations', 'webhooks', '$defs', 'ExampleNames', 'servers', 'operationRoutes']);

/** The member names one type has and the other does not. */
function memberNames(checker, old, current) {
  const names = (t) => new Set(checker.getPropertiesOfType(t).map((p) => p.name));
  const [was, is] = [names(old), names(current)];
  return { gone: [...was].filter((n) => !is.has(n)), added: [...is].filter((n) => !was.has(n)) };
}

/**
 * An object type's changes, member by member, or undefined when either side is not an object.
 * @returns {{ level: 'major' | 'minor', text: string }[] | undefined}
 */
function memberChanges(checker, old, current) {
  const objectLike = (t) => (t.flags & ts.TypeFlags.Object) !== 0 && !checker.isArrayType(t) && !checker.isTupleType(t);
  if (!objectLike(old) || !objectLike(current)) return undefined;
  /** @type {{ level: 'major' | 'minor', text: string }[]} */
  const found = [];
  const { gone, added } = memberNames(checker, old, current);
  const optional = (symbol) => (symbol.flags & ts.SymbolFlags.Optional) !== 0;
  for (const name of gone) found.push({ level: 'major', text: `loses ${name}` });
  for (const name of added) {
    const symbol = /** @type {ts.Symbol} */ (current.getProperty(name));
    found.push(
      optional(symbol)
        ? { level: 'minor', text: `gains the optional ${name}` }
        : { level: 'major', text: `gains the required ${name}: a value built to the old type lacks it` },
    );
  }
  for (const symbol of checker.getPropertiesOfType(old)) {
    const now = current.getProperty(symbol.name);
    if (!now) continue;
    const [was, is] = [checker.getTypeOfSymbol(symbol), checker.getTypeOfSymbol(now)];
    const printed = [checker.typeToString(was), checker.typeToString(is)];
    if (optional(symbol) !== optional(now))
      found.push({ level: 'minor', text: `${symbol.name} is now ${optional(now) ? 'optional' : 'required'}` });
    else if (printed[0] !== printed[1]) {
      const takesOld = checker.isTypeAssignableTo(was, is);
      if (takesOld && checker.isTypeAssignableTo(is, was)) continue;
      found.push(
        takesOld
          ? { level: 'minor', text: `${symbol.name} is wider: ${printed[0]} → ${printed[1]}` }
          : { level: 'major', text: `${symbol.name} no longer takes what it took: ${printed[0]} → ${printed[1]}` },
      );
    }
  }
  return found;
}

/** A changed type in a line: both types when they are short, else the members it gained and lost. */
function describeChange(checker, old, current) {
  if (old.text !== current.text && old.text.length + current.text.length <= 200) return `${old.text} → ${current.text}`;
  const names = (t) => new Set(checker.getPropertiesOfType(t).map((p) => p.name));
  const [was, is] = [names(old.type), names(current.type)];
  const added = [...is].filter((n) => !was.has(n));
  const dropped = [...was].filter((n) => !is.has(n));
  const members = [...(added.length ? [`gains ${added.join(', ')}`] : []), ...(dropped.length ? [`loses ${dropped.join(', ')}`] : [])];
  return members.length > 0 ? members.join('; ') : 'a member changed its type';
}

/** The generated modules for one bundle, as the build writes them. */
async function generatedModules(document) {
  return {
    schema: astToString(await openapiTS(structuredClone(document), typeOptions)),
    client: clientSource(document),
    // The toolkit's MSW replies pick examples by these names.
    examples: exampleNamesSource(operationsTable(document)),
  };
}

/**
 * @param {any} before the released bundle
 * @param {any} after the bundle of spec/
 * @returns {Promise<SurfaceChange[]>}
 */
export async function surfaceChanges(before, after) {
  // Virtual files beside the real node_modules, so `openapi-fetch` resolves as in the package.
  const base = fromRepo('.gate-surface');
  const files = new Map();
  for (const [side, document] of [
    ['before', before],
    ['after', after],
  ]) {
    const { schema, client, examples } = await generatedModules(document);
    files.set(path.join(base, side, 'schema.d.ts'), schema);
    files.set(path.join(base, side, 'client.ts'), client);
    files.set(path.join(base, side, 'examples.d.ts'), examples);
    files.set(
      path.join(base, side, 'index.ts'),
      "export * from './client.js';\nexport type * from './schema.js';\nexport type * from './examples.js';\n",
    );
  }
  // What the generated modules need of the world, and no more: loading TypeScript's own lib and
  // openapi-fetch's types would cost more than the rest of the gate. The client's raw-client
  // factory keeps its dependence on `paths` through the stub.
  files.set(path.join(base, 'node_modules', 'openapi-fetch', 'index.d.ts'), OPENAPI_FETCH_STUB);
  files.set(path.join(base, 'lib.d.ts'), MINIMAL_LIB);
  const options = {
    strict: true,
    noEmit: true,
    noLib: true,
    types: [],
    module: ts.ModuleKind.NodeNext,
    moduleResolution: ts.ModuleResolutionKind.NodeNext,
    target: ts.ScriptTarget.ES2022,
  };
  const host = ts.createCompilerHost(options);
  const virtual = (name) => files.get(path.resolve(name.replace(/\.js$/, '.ts'))) ?? files.get(path.resolve(name));
  const { getSourceFile, fileExists, readFile, directoryExists } = host;
  host.fileExists = (name) => virtual(name) !== undefined || fileExists.call(host, name);
  host.directoryExists = (name) => path.resolve(name).startsWith(base) || (directoryExists?.call(host, name) ?? true);
  host.readFile = (name) => virtual(name) ?? readFile.call(host, name);
  host.getSourceFile = (name, language, ...rest) => {
    const text = virtual(name);
    return text !== undefined ? ts.createSourceFile(name, text, language) : getSourceFile.call(host, name, language, ...rest);
  };
  const entries = ['before', 'after'].map((side) => path.join(base, side, 'index.ts'));
  const program = ts.createProgram([path.join(base, 'lib.d.ts'), ...entries], options, host);
  const checker = program.getTypeChecker();
  const exportsOf = (entry) => {
    const file = /** @type {ts.SourceFile} */ (program.getSourceFile(entry));
    const symbol = /** @type {ts.Symbol} */ (checker.getSymbolAtLocation(file));
    return new Map(
      checker.getExportsOfModule(symbol).map((s) => {
        const target = s.flags & ts.SymbolFlags.Alias ? checker.getAliasedSymbol(s) : s;
        const isType = (target.flags & (ts.SymbolFlags.TypeAlias | ts.SymbolFlags.Interface)) !== 0;
        const type = isType ? checker.getDeclaredTypeOfSymbol(target) : checker.getTypeOfSymbol(target);
        return [s.name, { type, isType, text: checker.typeToString(type, undefined, ts.TypeFormatFlags.NoTruncation) }];
      }),
    );
  };
  const [then, now] = entries.map(exportsOf);
  /** @type {SurfaceChange[]} */
  const changes = [];
  const where = (name) => exportPointer(after, name) ?? exportPointer(before, name);
  for (const [name, old] of then) {
    const current = now.get(name);
    if (!current) {
      changes.push({
        level: 'major',
        class: 'public surface',
        export: name,
        pointer: where(name),
        removed: true,
        message: `the client package no longer exports ${old.isType ? 'type ' : ''}${name}: every consumer that imports it stops compiling`,
      });
      continue;
    }
    const push = (level, message) => changes.push({ level, class: 'public surface', export: name, pointer: where(name), message });
    // Aggregates (paths, components, operations, the example names) and data tables (servers,
    // routes) change with any edit; what they hold is judged through the aliased types, Redocly's
    // diff and the rules. Of their own members: one gone is major, a new one minor.
    if (AGGREGATES.has(name)) {
      const { gone, added } = memberNames(checker, old.type, current.type);
      if (gone.length > 0) push('major', `${name} loses ${gone.join(', ')}`);
      if (added.length > 0) push('minor', `${name} gains ${added.join(', ')}`);
      continue;
    }
    if (current.text === old.text) continue;
    // A list of an open enum's known values: as a set, like the enum (values added: minor; removed: major).
    if (!old.isType && checker.isTupleType(old.type) && checker.isTupleType(current.type)) {
      const values = (t) => checker.getTypeArguments(/** @type {ts.TypeReference} */ (t)).map((v) => checker.typeToString(v));
      const [was, is] = [values(old.type), values(current.type)];
      const removed = was.filter((v) => !is.includes(v));
      const added = is.filter((v) => !was.includes(v));
      if (removed.length > 0) push('major', `${name} no longer lists ${removed.join(', ')}`);
      if (added.length > 0) push('minor', `${name} now also lists ${added.join(', ')}`);
      continue;
    }
    // A constant's value (specVersion, plaidApiVersion) is data, not shape: code that reads it still compiles.
    const literal = (t) => (t.flags & ts.TypeFlags.StringLiteral) !== 0;
    if (!old.isType && literal(old.type) && literal(current.type)) {
      push('patch', `the exported constant ${name} is now ${current.text} (was ${old.text})`);
      continue;
    }
    // An object type, member by member: a member gone, a new required one, or one whose type no
    // longer takes what it took is major; a new optional member or a wider one is minor.
    const members = memberChanges(checker, old.type, current.type);
    if (members) {
      for (const { level, text } of members) push(level, `the exported ${name}: ${text}`);
      continue;
    }
    const accepts = checker.isTypeAssignableTo(old.type, current.type);
    const widens = checker.isTypeAssignableTo(current.type, old.type);
    if (accepts && widens) continue;
    push(
      accepts ? 'minor' : 'major',
      accepts
        ? `the exported ${name} is wider: ${describeChange(checker, old, current)}`
        : `the exported ${name} no longer accepts what it did: ${describeChange(checker, old, current)}`,
    );
  }
  for (const name of now.keys()) {
    if (!then.has(name))
      changes.push({
        level: 'minor',
        class: 'public surface',
        export: name,
        pointer: where(name),
        message: `the client package now exports ${name}`,
      });
  }
  return changes;
}
