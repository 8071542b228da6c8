import { z } from 'zod';
import { httpUrl } from '../surfaces/shared/common-input';
import { compileIgnorePatterns } from './ignore-patterns';
import { isTimeZone } from './monitor-schedule';

const MAX_FIELDS = 50;
/** The fetch fields a monitor decides itself (from `mode` and `extract`), so `fetch` may not set them. */
const RESERVED_FETCH_FIELDS = ['url', 'output', 'extract'];

const threshold = z
  .strictObject({ abs: z.number().nonnegative().optional(), pct: z.number().nonnegative().optional() })
  .refine((value) => value.abs !== undefined || value.pct !== undefined, { message: 'give "abs", "pct" or both' });

const watchSchema = z.strictObject({
  /** Fields mode: the extract fields compared (default: all of them). */
  fields: z.array(z.string().min(1)).min(1).max(MAX_FIELDS).optional(),
  on: z.enum(['any', 'all']).default('any'),
  notify_on_first_run: z.boolean().default(false),
  thresholds: z.record(z.string(), threshold).default({}),
  ignore_patterns: z
    .array(z.string())
    .default([])
    .superRefine((patterns, ctx) => {
      const compiled = compileIgnorePatterns(patterns);
      if (!compiled.ok) ctx.addIssue({ code: 'custom', message: compiled.message });
    }),
});

/** The fields of a monitor, before the checks across them (PATCH /v1/monitors/{id} sends any of them). */
export const monitorSpecFields = z.strictObject({
  name: z.string().trim().min(1).max(200),
  url: httpUrl,
  mode: z.enum(['content', 'fields']).default('content'),
  extract: z
    .record(z.string().min(1), z.string())
    .refine((fields) => Object.keys(fields).length > 0 && Object.keys(fields).length <= MAX_FIELDS, {
      message: `must name 1 to ${MAX_FIELDS} fields, each with a description`,
    })
    .optional(),
  cron: z.string().min(1).max(200),
  timezone: z.string().refine(isTimeZone, { message: 'is not an IANA time zone name (e.g. "UTC", "Europe/Berlin")' }).default('UTC'),
  status: z.enum(['active', 'paused']).default('active'),
  watch: watchSchema.prefault({}),
  webhook: z.strictObject({ url: httpUrl }).nullable().optional(),
  fetch: z
    .record(z.string(), z.unknown())
    .refine((fields) => !RESERVED_FETCH_FIELDS.some((field) => field in fields), {
      message: `must not set ${RESERVED_FETCH_FIELDS.join(', ')} (the monitor's url, mode and extract decide them)`,
    })
    .default({}),
});

/**
 * A monitor as POST /v1/monitors accepts it (and as PATCH leaves it, re-validated whole). `fetch` holds the
 * other fetch fields of each run (render_js, device, session, wait_for, timeout_ms and the EXT ones); they are
 * checked by the fetch surface's own schema when the monitor is saved.
 */
export const monitorSpecSchema = monitorSpecFields.superRefine((spec, ctx) => {
  if (spec.mode === 'fields' && !spec.extract) {
    ctx.addIssue({ code: 'custom', path: ['extract'], message: 'is required with mode "fields" ({field: description})' });
    return;
  }
  if (spec.mode === 'content' && spec.extract) {
    ctx.addIssue({ code: 'custom', path: ['extract'], message: 'is only used with mode "fields"' });
  }
  const known = new Set(Object.keys(spec.extract ?? {}));
  for (const field of spec.watch.fields ?? []) {
    if (!known.has(field)) ctx.addIssue({ code: 'custom', path: ['watch', 'fields'], message: `"${field}" is not a field of extract` });
  }
  for (const field of Object.keys(spec.watch.thresholds)) {
    if (!known.has(field)) ctx.addIssue({ code: 'custom', path: ['watch', 'thresholds', field], message: `"${field}" is not a field of extract` });
  }
});

export type MonitorSpec = z.output<typeof monitorSpecSchema>;

/** The create fields a monitor keeps as given (id, timestamps and run state are the server's). */
export const SPEC_FIELDS = ['name', 'url', 'mode', 'extract', 'cron', 'timezone', 'status', 'watch', 'webhook', 'fetch'] as const;

/** The fetch input each run submits: the monitor's fetch fields, its URL, and the output its mode compares. */
export function fetchInputOf(spec: MonitorSpec): Record<string, unknown> {
  return {
    ...spec.fetch,
    url: spec.url,
    output: spec.mode === 'content' ? ['markdown'] : ['json'],
    ...(spec.mode === 'fields' && spec.extract ? { extract: { mode: 'schema', schema: spec.extract } } : {}),
  };
}
