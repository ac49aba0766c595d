// The gate's own rules over two bundles, for what a generic OpenAPI diff does not judge the way
// this project's consumers meet it: open enums, example values, deprecation, success statuses,
// response validators that accept less, and servers (the client's environment names). Each
// change names its level, its class, the pointer in the new bundle (or the old one, if removed)
// and what changed, in words.
import { escapePointerPart, resolveRef, unescapePointerPart } from '../../packages/toolkit/lib/spec-document.mjs';

/**
 * @typedef {'major' | 'minor' | 'patch'} Level
 * @typedef {{ level: Level, class: string, pointer: string, removed?: boolean, message: string }} Change
 */

/** Every node of a document with its pointer, depth first. */
function* walk(node, pointer = '') {
  yield [pointer, node];
  if (node && typeof node === 'object') {
    for (const [key, child] of Object.entries(node)) yield* walk(child, `${pointer}/${escapePointerPart(String(key))}`);
  }
}

/** Nodes whose last key is `key`, by pointer. */
const byKey = (document, key) => {
  const found = new Map();
  for (const [pointer, node] of walk(document)) if (pointer.endsWith(`/${key}`)) found.set(pointer, node);
  return found;
};

/** A pointer as a maintainer reads it: `POST /user/… requestBody` rather than `/paths/~1user~1…/post/requestBody`. */
export function readable(pointer) {
  const [, urlPath, method, rest] = /^\/paths\/([^/]+)\/([a-z]+)(?:\/(.*))?$/.exec(pointer) ?? [];
  if (urlPath && method) return `${method.toUpperCase()} ${unescapePointerPart(urlPath)}${rest ? ` ${unescapePointerPart(rest)}` : ''}`;
  return unescapePointerPart(pointer);
}
const HTTP_METHODS = ['get', 'put', 'post', 'delete', 'options', 'head', 'patch', 'trace'];

/** Schemas a request body reaches, by pointer. */
const requestSchemas = (document) => reachableSchemas(document, 'request');
/** Schemas a response reaches, by pointer. */
const responseSchemas = (document) => reachableSchemas(document, 'response');

/**
 * Schemas the operations' request bodies or responses reach, by pointer (through `$ref`s,
 * properties, items and compositions).
 * @param {any} document
 * @param {'request' | 'response'} side
 */
function reachableSchemas(document, side) {
  const seen = new Set();
  const visit = (node, pointer) => {
    const at = resolveRef(document, node, pointer);
    if (!at.node || typeof at.node !== 'object' || seen.has(at.pointer)) return;
    seen.add(at.pointer);
    const schema = at.node;
    for (const [name, child] of Object.entries(schema.properties ?? {}))
      visit(child, `${at.pointer}/properties/${escapePointerPart(name)}`);
    if (schema.items) visit(schema.items, `${at.pointer}/items`);
    for (const key of ['allOf', 'anyOf', 'oneOf'])
      for (const [i, part] of (schema[key] ?? []).entries()) visit(part, `${at.pointer}/${key}/${i}`);
    if (schema.additionalProperties && typeof schema.additionalProperties === 'object')
      visit(schema.additionalProperties, `${at.pointer}/additionalProperties`);
  };
  for (const [urlPath, item] of Object.entries(document.paths ?? {})) {
    for (const method of HTTP_METHODS) {
      const operation = item?.[method];
      const at = `/paths/${escapePointerPart(urlPath)}/${method}`;
      const bodies =
        side === 'request'
          ? operation?.requestBody
            ? [[operation.requestBody, `${at}/requestBody`]]
            : []
          : Object.entries(operation?.responses ?? {}).map(([status, response]) => [response, `${at}/responses/${status}`]);
      for (const [body, pointer] of bodies) {
        const resolved = resolveRef(document, body, pointer);
        const media = resolved.node?.content?.['application/json'];
        if (media?.schema) visit(media.schema, `${resolved.pointer}/content/application~1json/schema`);
      }
    }
  }
  return seen;
}

/**
 * @param {any} before the released bundle
 * @param {any} after the bundle of spec/
 * @returns {Change[]}
 */
export function specRuleChanges(before, after) {
  /** @type {Change[]} */
  const changes = [];

  // Open enums: a value added is a feature; a known value removed breaks code that handles it
  // (and the client's exported known…Values list); closing one tightens the validators.
  const openBefore = byKey(before, 'x-extensible-enum');
  const openAfter = byKey(after, 'x-extensible-enum');
  for (const [pointer, values] of openAfter) {
    const old = openBefore.get(pointer);
    if (!Array.isArray(old) || !Array.isArray(values)) continue;
    for (const value of values.filter((v) => !old.includes(v)))
      changes.push({
        level: 'minor',
        class: 'open enum',
        pointer,
        message: `value ${JSON.stringify(value)} added to the open enum at ${readable(pointer)}`,
      });
    for (const value of old.filter((v) => !values.includes(v)))
      changes.push({
        level: 'major',
        class: 'open enum',
        pointer,
        message: `known value ${JSON.stringify(value)} removed from the open enum at ${readable(pointer)}`,
      });
  }
  for (const [pointer, values] of openBefore) {
    if (openAfter.has(pointer)) continue;
    const parent = pointer.replace(/\/x-extensible-enum$/, '');
    const closed = [...walk(after)].find(([p]) => p === `${parent}/enum`);
    if (closed)
      changes.push({
        level: 'major',
        class: 'open enum',
        pointer: `${parent}/enum`,
        message: `the open enum at ${readable(parent)} was closed to ${JSON.stringify(closed[1])}: the compiled validators now refuse any other value (it had ${JSON.stringify(values)})`,
      });
  }

  // Example values: the mock serves them, the docs show them, consumers' tests assert them.
  const examples = (document) => {
    const found = new Map();
    for (const [pointer, node] of walk(document)) {
      if (/\/examples\/[^/]+$/.test(pointer) && node && typeof node === 'object' && 'value' in node)
        found.set(`${pointer}/value`, node.value);
      else if (pointer.endsWith('/example') && !pointer.includes('/properties/example')) found.set(pointer, node);
    }
    return found;
  };
  const examplesBefore = examples(before);
  const examplesAfter = examples(after);
  for (const [pointer, value] of examplesAfter) {
    if (!examplesBefore.has(pointer)) continue;
    if (JSON.stringify(examplesBefore.get(pointer)) !== JSON.stringify(value))
      changes.push({
        level: 'patch',
        class: 'example value',
        pointer,
        message: `the example value at ${readable(pointer)} changed (the mock serves it, the docs show it)`,
      });
  }
  const named = (map) => [...map.keys()].filter((p) => p.startsWith('/components/examples/'));
  for (const pointer of named(examplesBefore).filter((p) => !examplesAfter.has(p))) {
    changes.push({
      level: 'major',
      class: 'example removed',
      pointer,
      removed: true,
      message: `the named example ${readable(pointer).split('/')[3]} was removed: tests that select it by name (Prefer, the toolkit's MSW handlers) stop compiling or break`,
    });
  }

  // Deprecation (SemVer §7: a minor release).
  const deprecatedBefore = byKey(before, 'deprecated');
  for (const [pointer, value] of byKey(after, 'deprecated')) {
    if (value === true && deprecatedBefore.get(pointer) !== true)
      changes.push({
        level: 'minor',
        class: 'deprecation',
        pointer,
        message: `${readable(pointer.replace(/\/deprecated$/, ''))} is now deprecated`,
      });
  }

  // Success statuses: the released client refuses any 2xx it does not know as invalid_response.
  for (const [urlPath, item] of Object.entries(after.paths ?? {})) {
    for (const method of HTTP_METHODS) {
      const now = item?.[method]?.responses;
      const then = before.paths?.[urlPath]?.[method]?.responses;
      if (!now || !then) continue;
      const successes = (responses) => Object.keys(responses).filter((s) => /^2(\d\d|XX)$/.test(s));
      const at = `/paths/${escapePointerPart(urlPath)}/${method}/responses`;
      for (const status of successes(now).filter((s) => !successes(then).includes(s)))
        changes.push({
          level: 'major',
          class: 'success status',
          pointer: `${at}/${status}`,
          message: `${method.toUpperCase()} ${urlPath} may now answer ${status}: the released client refuses an undeclared success as invalid_response, and data becomes a union`,
        });
      for (const status of successes(then).filter((s) => !successes(now).includes(s)))
        changes.push({
          level: 'major',
          class: 'success status',
          pointer: `${at}/${status}`,
          removed: true,
          message: `${method.toUpperCase()} ${urlPath} no longer answers ${status}`,
        });
    }
  }

  // Response validators that accept less: what the client compiles from the spec refuses answers
  // it used to take. And request schemas that accept more: a server must now take what it refused.
  const compareLimits = (pointer, then, now) => {
    const found = [];
    const number = (v) => typeof v === 'number';
    for (const [keyword, tighter] of /** @type {[string, (was: number, is: number) => boolean][]} */ ([
      ['maxLength', (was, is) => is < was],
      ['maxItems', (was, is) => is < was],
      ['maximum', (was, is) => is < was],
      ['exclusiveMaximum', (was, is) => is < was],
      ['minLength', (was, is) => is > was],
      ['minItems', (was, is) => is > was],
      ['minimum', (was, is) => is > was],
      ['exclusiveMinimum', (was, is) => is > was],
    ])) {
      const [was, is] = [then[keyword], now[keyword]];
      if (was === is) continue;
      if (number(is) && (!number(was) || tighter(was, is)))
        found.push({ tightens: true, what: `${keyword} ${was === undefined ? 'set to' : `${was} →`} ${is}` });
      else if (number(was) && (!number(is) || tighter(is, was)))
        found.push({ tightens: false, what: `${keyword} ${was} → ${is ?? 'none'}` });
    }
    const [wasEnum, isEnum] = [then.enum, now.enum];
    if (Array.isArray(isEnum) && !Array.isArray(wasEnum)) found.push({ tightens: true, what: `enum set to ${JSON.stringify(isEnum)}` });
    else if (Array.isArray(wasEnum) && !Array.isArray(isEnum)) found.push({ tightens: false, what: 'enum removed' });
    else if (Array.isArray(wasEnum) && Array.isArray(isEnum)) {
      const gone = wasEnum.filter((v) => !isEnum.includes(v));
      const added = isEnum.filter((v) => !wasEnum.includes(v));
      if (gone.length > 0) found.push({ tightens: true, what: `enum loses ${gone.map((v) => JSON.stringify(v)).join(', ')}` });
      if (added.length > 0) found.push({ tightens: false, what: `enum gains ${added.map((v) => JSON.stringify(v)).join(', ')}` });
    }
    for (const keyword of ['pattern', 'format']) {
      if (now[keyword] === then[keyword]) continue;
      if (then[keyword] === undefined) found.push({ tightens: true, what: `${keyword} set to ${JSON.stringify(now[keyword])}` });
      else if (now[keyword] === undefined) found.push({ tightens: false, what: `${keyword} ${JSON.stringify(then[keyword])} removed` });
      else found.push({ tightens: undefined, what: `${keyword} ${JSON.stringify(then[keyword])} → ${JSON.stringify(now[keyword])}` });
    }
    if (now.additionalProperties === false && then.additionalProperties !== false)
      found.push({ tightens: true, what: 'closed to unknown fields (additionalProperties: false)' });
    for (const name of (now.required ?? []).filter((n) => !(then.required ?? []).includes(n)))
      found.push({ tightens: true, what: `now requires ${name}` });
    return found.map((f) => ({ ...f, pointer }));
  };
  const schemaAt = (document, pointer) => resolveRef(document, { $ref: `#${pointer}` }, pointer).node;
  /** The limits that changed in each schema both bundles reach from the same side. */
  const changedLimits = (reachable) => {
    const reachedBefore = reachable(before);
    return [...reachable(after)].flatMap((pointer) => {
      const [then, now] = [schemaAt(before, pointer), schemaAt(after, pointer)];
      return reachedBefore.has(pointer) && then && now ? compareLimits(pointer, then, now) : [];
    });
  };
  for (const { pointer, tightens, what } of changedLimits(responseSchemas)) {
    if (tightens === false) continue;
    changes.push({
      level: tightens ? 'major' : 'minor',
      class: 'response validator',
      pointer,
      message: tightens
        ? `${readable(pointer)}: ${what}: the client's validator refuses answers it took`
        : `${readable(pointer)}: ${what}: the client's validator may refuse answers it took (it cannot be told whether it accepts less)`,
    });
  }
  for (const { pointer, tightens, what } of changedLimits(requestSchemas)) {
    if (tightens !== false) continue;
    changes.push({
      level: 'minor',
      class: 'request schema',
      pointer,
      message: `${readable(pointer)}: ${what}: servers must now take requests they refused`,
    });
  }

  // Servers: the client derives its environment names from their descriptions.
  const environments = (document) =>
    new Map((document.servers ?? []).map((s, i) => [String(s.description ?? '').toLowerCase(), { url: s.url, i }]));
  const [envBefore, envAfter] = [environments(before), environments(after)];
  for (const [name, { i }] of envBefore) {
    if (!envAfter.has(name))
      changes.push({
        level: 'major',
        class: 'server',
        pointer: `/servers/${i}`,
        removed: true,
        message: `environment '${name}' is gone (its server was removed or its description renamed): environment: '${name}' no longer compiles`,
      });
    else if (envAfter.get(name)?.url !== envBefore.get(name)?.url)
      changes.push({
        level: 'minor',
        class: 'server',
        pointer: `/servers/${envAfter.get(name)?.i}/url`,
        message: `environment '${name}' now points at ${envAfter.get(name)?.url}`,
      });
  }
  for (const [name, { i }] of envAfter) {
    if (!envBefore.has(name))
      changes.push({ level: 'minor', class: 'server', pointer: `/servers/${i}`, message: `environment '${name}' added` });
  }
  return changes;
}
