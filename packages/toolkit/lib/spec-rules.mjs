// Lint rules the toolkit needs and Redocly's configurable rules cannot say: they follow `$ref`s
// and look at more than one node. Each refuses, with its file and line and what to write
// instead, a spec that a later step (operations table, mock, docs, contract suite) could not use.

/** Every request and response body has an example: named under `examples`, `example`, or its schema's `example`. */
function mediaTypeHasExample() {
  const check = (where) => ({
    MediaType: {
      enter(media, ctx) {
        if (Object.keys(media.examples ?? {}).length > 0 || 'example' in media) return;
        const schema = media.schema ? ctx.resolve(media.schema).node : undefined;
        if (schema && typeof schema === 'object' && 'example' in schema) return;
        ctx.report({
          message: `This ${where} body has no example: the mock, the docs' samples and the contract suite need one. Add \`examples: { Name: { $ref: ../components/examples/Name.yaml } }\` (the house style), an inline \`examples: { Name: { value: … } }\`, or \`example: …\`.`,
          location: ctx.location.key(),
        });
      },
    },
  });
  return { RequestBody: check('request'), Response: check('response') };
}

/** An example gives its `value`: nothing here fetches an `externalValue`. */
function exampleHasValue() {
  return {
    Example: {
      enter(example, ctx) {
        if ('value' in example) return;
        ctx.report({
          message:
            'This example has no `value`. The mock, the docs and the contract suite read `value` and never fetch `externalValue`: write the value inline.',
          location: 'externalValue' in example ? ctx.location.child('externalValue').key() : ctx.location.key(),
        });
      },
    },
  };
}

export default function toolkitRules() {
  return {
    id: 'toolkit',
    rules: { oas3: { 'media-type-has-example': mediaTypeHasExample, 'example-has-value': exampleHasValue } },
  };
}
