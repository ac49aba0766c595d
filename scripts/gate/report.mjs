// The gate's report, one model and four writers: text for a terminal, GitHub annotations, JSON
// (its schema is the toolkit's lib/gate-report.schema.json) and Markdown for a pull request's
// summary. A writer formats; it never decides.

/**
 * @typedef {{ level: 'major' | 'minor' | 'patch', class: string, message: string, pointer?: string, export?: string,
 *   accepted?: string, foundLevel?: string, location: { file: string, line: number, removedFrom?: string } }} GateChange
 * @typedef {{ baseline: string, version: string, justReleased: boolean, changes: GateChange[],
 *   summary: { major: number, minor: number, patch: number }, problems: string[], fits: boolean }} GateReport
 */

const order = { major: 0, minor: 1, patch: 2 };
const sorted = (report) => [...report.changes].sort((a, b) => order[a.level] - order[b.level]);

/** Where a change was made, in words: a removed one says it is in the old release. */
const where = (c) =>
  c.location.removedFrom
    ? `removed; it was at ${c.location.file}:${c.location.line} (release ${c.location.removedFrom})`
    : `at ${c.location.file}:${c.location.line}`;
const what = (c) =>
  `${c.class === 'spec' ? '' : `${c.class}: `}${c.message}${c.accepted ? ` [accepted as ${c.level}, found ${c.foundLevel}: ${c.accepted}]` : ''}`;
const heading = (r) =>
  r.justReleased
    ? `release ${r.version} against ${r.baseline} (spec/ is the release just made)`
    : `spec/ (${r.version}) against release ${r.baseline}`;
const counts = (r) => `${r.summary.major} major, ${r.summary.minor} minor, ${r.summary.patch} patch.`;

/** @type {Record<string, (report: GateReport) => string>} */
const writers = {
  text: (r) =>
    [
      heading(r),
      ...sorted(r).map((c) => `  ${c.level} ${what(c)}\n      ${where(c)}`),
      counts(r),
      ...r.problems,
      ...(r.fits ? [`✔ ${r.version} fits these changes.`] : []),
    ].join('\n'),
  github: (r) =>
    sorted(r)
      .map(
        (c) =>
          `::${c.level === 'major' ? 'error' : 'notice'} file=${c.location.file},line=${c.location.line},title=${c.level} ${c.class}::${what(c)}`,
      )
      .concat(r.problems.map((p) => `::error title=breaking-change gate::${p}`))
      .join('\n'),
  json: (r) => JSON.stringify(r, null, 2),
  markdown: (r) =>
    [
      `### Breaking-change gate: ${heading(r)}`,
      '',
      `${r.fits ? '✔' : '✘'} ${counts(r)}`,
      '',
      '| level | class | change | where |',
      '|---|---|---|---|',
      ...sorted(r).map((c) => `| ${c.level} | ${c.class} | ${what({ ...c, class: 'spec' }).replaceAll('|', '\\|')} | ${where(c)} |`),
      '',
      ...r.problems.map((p) => `- ${p}`),
      '',
    ].join('\n'),
};

/**
 * @param {GateReport} report
 * @param {'text' | 'json' | 'markdown' | 'github'} format
 */
export const formatReport = (report, format) => /** @type {(report: GateReport) => string} */ (writers[format])(report);
