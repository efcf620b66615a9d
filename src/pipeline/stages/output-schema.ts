import type { Config } from '../../config/schema.js';
import { requestedFormat } from '../output/requested-schema.js';
import { createSchemaValidators } from '../output/schema-validator.js';
import { PASS, type OutputDecision, type OutputStage } from '../types.js';

/**
 * Structured output checked against what the request asked for: valid JSON for `json_object`,
 * and the request's JSON schema (ajv) for `json_schema`, when the response ends — before the
 * provider's final event reaches the client. Applications parse this output and act on it; one
 * that does not match is cut (502 `output_schema_invalid`), or only recorded under `log`.
 */
export function createOutputSchemaStage(config: Config): OutputStage {
  const validatorFor = createSchemaValidators();
  return {
    name: 'output-schema',
    open(ctx) {
      const action = config.environments[ctx.environment ?? '']?.output.jsonSchema.action;
      const format = requestedFormat(ctx.route, ctx.body);
      if (!action || action === 'off' || !format) return undefined;
      const texts = new Map<number, string>();
      return {
        onText(delta): OutputDecision {
          if (delta.channel === 'content') texts.set(delta.index, (texts.get(delta.index) ?? '') + delta.text);
          return PASS;
        },
        onEnd(): OutputDecision {
          for (const text of texts.values()) {
            const problem = check(text);
            if (!problem) continue;
            (ctx.findings ??= []).push({ stage: 'output-schema', kind: 'schema', rules: [problem.rule], action: action === 'block' ? 'block' : 'log' });
            if (action === 'block') return { type: 'cut', code: 'output_schema_invalid', message: problem.message };
          }
          return PASS;
        },
      };

      function check(text: string): { rule: string; message: string } | undefined {
        let value: unknown;
        try {
          value = JSON.parse(text);
        } catch {
          return { rule: 'not-json', message: 'The model\'s output is not the JSON the request asked for.' };
        }
        if (format?.kind !== 'json_schema') return undefined;
        const validate = validatorFor(format.schema);
        // A schema the gateway cannot compile is left to the provider (recorded, not refused).
        if (!validate) return undefined;
        if (validate(value)) return undefined;
        const first = validate.errors?.[0];
        return {
          rule: 'schema-mismatch',
          message: `The model's output does not match the JSON schema the request asked for (at ${first?.instancePath || '/'}: ${first?.message ?? 'invalid'}).`,
        };
      }
    },
  };
}
