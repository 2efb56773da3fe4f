// The Reconciliation API v0.2 JSON Schemas as the W3C Entity Reconciliation Community Group publishes
// them (unmodified copies in test/fixtures/reconciliation-api/0.2/schemas/), loaded into one ajv with
// every schema registered by its $id, so `type.json` and the OpenAPI security definitions resolve.
// `checkSpecExamples` runs the group's own check (every examples/*/valid/ file passes its schema, every
// examples/*/invalid/ file fails) so a harness is known to read the schemas as the group does.
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { Ajv, type ValidateFunction } from 'ajv';
import formats from 'ajv-formats';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../fixtures/reconciliation-api/0.2');

/** Schema file → the examples folder the group checks against it. */
export const SCHEMA_FOR_EXAMPLES: Readonly<Record<string, string>> = {
  manifest: 'manifest.json',
  'reconciliation-query-batch': 'reconciliation-query-batch.json',
  'reconciliation-result-batch': 'reconciliation-result-batch.json',
  'suggest-entities-response': 'suggest-entities-response.json',
  'suggest-properties-response': 'suggest-properties-response.json',
  'suggest-types-response': 'suggest-types-response.json',
  'data-extension-query': 'data-extension-query.json',
  'data-extension-response': 'data-extension-response.json',
  'data-extension-property-proposal': 'data-extension-property-proposal.json',
};

function loadAjv(): { ajv: Ajv; ids: Map<string, string> } {
  const ajv = new Ajv({ allErrors: true, strict: false });
  formats.default(ajv); // CommonJS: the plugin is the module's `default`
  // The schemas name "http://json-schema.org/schema#", which ajv 8 knows as draft-07's.
  const ids = new Map<string, string>();
  for (const file of readdirSync(path.join(ROOT, 'schemas'))) {
    const schema = JSON.parse(readFileSync(path.join(ROOT, 'schemas', file), 'utf8')) as { $id: string };
    ajv.addSchema(schema);
    ids.set(file, schema.$id);
  }
  return { ajv, ids };
}

const { ajv, ids } = loadAjv();

/**
 * A validator for one official schema file (e.g. `manifest.json`) that throws with ajv's errors and
 * returns the validated body for the test to read.
 */
// eslint-disable-next-line @typescript-eslint/no-explicit-any -- a validated body: the tests read any member
export function officialValidator(file: string): (body: unknown) => any {
  const fn: ValidateFunction | undefined = ajv.getSchema(ids.get(file) ?? file);
  if (!fn) throw new Error(`No official schema ${file} in ${ROOT}/schemas`);
  return (body: unknown) => {
    if (!fn(body)) throw new Error(`${file}: ${ajv.errorsText(fn.errors)}\n${JSON.stringify(body).slice(0, 500)}`);
    // eslint-disable-next-line @typescript-eslint/no-explicit-any -- as above
    return body as any;
  };
}

/** The group's check over its examples: each file, whether it should pass, and whether it did. */
export function checkSpecExamples(): { file: string; expectValid: boolean; valid: boolean }[] {
  const out: { file: string; expectValid: boolean; valid: boolean }[] = [];
  for (const [folder, schema] of Object.entries(SCHEMA_FOR_EXAMPLES)) {
    const fn = ajv.getSchema(ids.get(schema)!)!;
    for (const verdict of ['valid', 'invalid'] as const) {
      const dir = path.join(ROOT, 'examples', folder, verdict);
      if (!existsSync(dir)) continue; // not every folder has invalid examples
      const files = readdirSync(dir);
      for (const name of files) {
        const body = JSON.parse(readFileSync(path.join(dir, name), 'utf8')) as unknown;
        out.push({
          file: `${folder}/${verdict}/${name}`,
          expectValid: verdict === 'valid',
          valid: fn(body) as boolean,
        });
      }
    }
  }
  return out;
}
