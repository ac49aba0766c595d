// The reference docs' error catalogue, as Markdown: every error the spec mentions (its error
// types and the codes in its examples) joined with the client's error table, so the docs and
// the client's behaviour come from one source.

/** Every error_type / error_code pair used in the spec's examples, with its status. */
function errorsInExamples(spec) {
  const found = new Map();
  const visit = (value) => {
    if (Array.isArray(value)) return value.forEach(visit);
    if (!value || typeof value !== 'object') return;
    if (typeof value.error_type === 'string' && typeof value.error_code === 'string') {
      found.set(`${value.error_type}/${value.error_code}`, {
        errorType: value.error_type,
        errorCode: value.error_code,
        status: value.status ?? 400,
      });
    }
    Object.values(value).forEach(visit);
  };
  // The whole document: examples may sit in components/examples, inline in a path, or on a schema.
  visit(spec);
  return [...found.values()];
}

const describeRow = (e) => {
  const facts = [
    `**\`${e.errorCode}\`**`,
    `HTTP ${e.httpStatus}`,
    e.retryable ? 'retried by the client' : 'not retried',
    e.userActionRequired ? '**the user must act**' : null,
  ].filter(Boolean);
  return `${facts.join(' · ')} — ${e.action} [Plaid docs](${e.docsUrl})`;
};

export function errorCatalogueMarkdown(spec, { errorCatalogue, describeError, userActionReasons }) {
  const rows = new Map(errorCatalogue.map((e) => [`${e.errorType}/${e.errorCode}`, e]));
  for (const { errorType, errorCode, status } of errorsInExamples(spec)) {
    const key = `${errorType}/${errorCode}`;
    if (!rows.has(key)) rows.set(key, describeError(errorType, errorCode, status));
  }
  const byType = new Map();
  for (const e of rows.values()) byType.set(e.errorType, [...(byType.get(e.errorType) ?? []), e]);
  const sections = [...byType].map(([type, entries]) => `### ${type}\n\n${entries.map((e) => `- ${describeRow(e)}`).join('\n')}`);
  const types = spec.components.schemas.PlaidErrorType['x-extensible-enum'];
  const reasons = Object.entries(userActionReasons).map(([reason, action]) => `- **\`${reason}\`** — ${action}`);
  return `
# Error catalogue

Identify an error by \`error_type\` and \`error_code\`, not by HTTP status alone. The typed client
reads this catalogue: it retries what is marked "retried by the client" (exponential backoff with
full jitter, honouring \`Retry-After\`) and nothing else. An error not listed here is handled by its
HTTP status class: 429 and 5xx are retried, other 4xx are not. The same entries apply to per-Item
errors inside a 200's \`results\`; there, "the user must act" means: send the user through Link's
update mode.

${sections.join('\n\n')}

### OAuth reasons

On \`ITEM_LOGIN_REQUIRED\` for an OAuth institution, \`error_code_reason\` says why the user must act.

${reasons.join('\n')}

### All error types

Plaid adds error types over time; a client must accept one it does not know. Known today:
${types.map((t) => `\`${t}\``).join(', ')}.
`;
}
