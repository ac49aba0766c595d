// Maps a JSON pointer into the bundle back to the hand-written file and line under spec/ that
// holds it, following the split spec's `$ref`s, so reports point at what a maintainer edits.
import { access, readFile } from 'node:fs/promises';
import path from 'node:path';
import YAML from 'yaml';
import { escapePointerPart, unescapePointerPart } from '../packages/toolkit/lib/spec-document.mjs';

const cache = new Map();
async function load(file) {
  if (!cache.has(file)) {
    const lineCounter = new YAML.LineCounter();
    const doc = YAML.parseDocument(await readFile(file, 'utf8'), { lineCounter });
    cache.set(file, { doc, lineCounter });
  }
  return cache.get(file);
}

const segments = (pointer) =>
  pointer
    .replace(/^#?\/?/, '')
    .split('/')
    .filter((s) => s !== '')
    .map((s) => unescapePointerPart(decodeURIComponent(s)));

/** Where a pointer of the bundle lives in the split spec: `{ file, line }`, as deep as it resolves. */
export async function locate(rootFile, pointer) {
  let file = path.resolve(rootFile);
  let { doc, lineCounter } = await load(file);
  let node = doc.contents;
  let found = { file, line: 1 };
  const walk = async (parts) => {
    for (const part of parts) {
      // Follow `$ref`s (to another file, or within one) before taking the next step.
      for (let hops = 0; YAML.isMap(node) && node.has('$ref') && hops < 16; hops++) {
        const [target, inner = ''] = String(node.get('$ref')).split('#');
        if (target) {
          file = path.resolve(path.dirname(file), target);
          ({ doc, lineCounter } = await load(file));
        }
        node = doc.contents;
        for (const p of segments(inner)) node = YAML.isCollection(node) ? node.get(p, true) : undefined;
      }
      if (YAML.isMap(node)) {
        const pair = node.items.find((item) => String(YAML.isScalar(item.key) ? item.key.value : item.key) === part);
        if (!pair) return false;
        // The key's line: that is where a reader looks for the property.
        const key = /** @type {{ range?: [number, number, number] } | null} */ (pair.key);
        if (key?.range) found = { file, line: lineCounter.linePos(key.range[0]).line };
        node = pair.value;
      } else if (YAML.isSeq(node)) {
        node = node.get(Number(part), true);
        if (!node) return false;
        if (node.range) found = { file, line: lineCounter.linePos(node.range[0]).line };
      } else return false;
    }
    return true;
  };
  const parts = segments(pointer);
  const complete = await walk(parts).catch(() => false);
  // The bundler gathers `$ref`ed files under components/ by their names: one the root does not
  // list (an example a path file refers to) is in the file the split spec's layout gives it.
  if (!complete && parts[0] === 'components' && parts.length >= 3) {
    const own = path.join(path.dirname(path.resolve(rootFile)), 'components', parts[1], `${parts[2]}.yaml`);
    if (
      await access(own).then(
        () => true,
        () => false,
      )
    ) {
      return locate(own, `/${parts.slice(3).map(escapePointerPart).join('/')}`);
    }
  }
  // A pointer that ends at a `$ref` to another file (a new example, a schema) is in that file.
  if (YAML.isMap(node) && node.has('$ref')) {
    const [target] = String(node.get('$ref')).split('#');
    if (target) found = { file: path.resolve(path.dirname(file), target), line: 1 };
  }
  return found;
}
