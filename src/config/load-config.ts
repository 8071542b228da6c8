import fs from 'node:fs';
import path from 'node:path';
import { type z } from 'zod';
import { configSchema, type Config } from './config-schema';
import { renameDeprecatedKeys } from './deprecated-keys';

/** Flags of the scrapio-server bin; each wins over env and file. */
export interface CliFlags {
  port?: number;
  host?: string;
  dataDir?: string;
  config?: string;
}

export class ConfigError extends Error {
  override name = 'ConfigError';
}

type Json = Record<string, unknown>;

/**
 * Builds the frozen config. Precedence: built-in defaults < scrapio.config.json < env SCRAPIO_* < CLI flags.
 * An invalid value fails here, naming the key path and the reason, so a bad deployment never half-starts.
 */
export function loadConfig(
  flags: CliFlags = {},
  env: NodeJS.ProcessEnv = process.env,
  cwd = process.cwd(),
  warn: (message: string) => void = (message) => process.emitWarning(message, 'DeprecationWarning'),
): Config {
  const fileLayer = readConfigFile(flags.config ?? env.SCRAPIO_CONFIG, cwd);
  const merged = deepMerge(deepMerge(fileLayer, envLayer(env)), flagLayer(flags));
  const parsed = configSchema.safeParse(renameDeprecatedKeys(merged, warn));
  if (!parsed.success) throw new ConfigError(`Invalid configuration: ${describeIssues(parsed.error)}`);
  return deepFreeze(parsed.data);
}

function readConfigFile(explicitPath: string | undefined, cwd: string): Json {
  const file = path.resolve(cwd, explicitPath ?? 'scrapio.config.json');
  if (!fs.existsSync(file)) {
    if (explicitPath) throw new ConfigError(`Config file not found: ${file} (from --config or SCRAPIO_CONFIG)`);
    return {};
  }
  try {
    const value = JSON.parse(fs.readFileSync(file, 'utf8')) as unknown;
    if (typeof value !== 'object' || value === null || Array.isArray(value)) {
      throw new ConfigError(`${file} must contain a JSON object`);
    }
    const { $comment: _ignored, ...rest } = value as Json;
    return rest;
  } catch (error) {
    if (error instanceof ConfigError) throw error;
    throw new ConfigError(`Cannot read config file ${file}: ${(error as Error).message}`);
  }
}

/** The documented SCRAPIO_* variables, mapped onto config keys. */
function envLayer(env: NodeJS.ProcessEnv): Json {
  const layer: Json = {};
  const set = (keyPath: string, value: unknown) => setPath(layer, keyPath, value);
  if (env.SCRAPIO_PORT !== undefined) set('server.port', parseNumber('SCRAPIO_PORT', env.SCRAPIO_PORT));
  if (env.SCRAPIO_HOST) set('server.host', env.SCRAPIO_HOST);
  if (env.SCRAPIO_DATA_DIR) set('server.dataDir', env.SCRAPIO_DATA_DIR);
  if (env.SCRAPIO_PUBLIC_BASE_URL) set('server.publicBaseUrl', env.SCRAPIO_PUBLIC_BASE_URL);
  if (env.SCRAPIO_API_KEYS !== undefined) set('auth.apiKeys', splitList(env.SCRAPIO_API_KEYS));
  if (env.SCRAPIO_ALLOW_HOSTS !== undefined) set('network.allow', splitList(env.SCRAPIO_ALLOW_HOSTS));
  if (env.SCRAPIO_LOG_LEVEL) set('log.level', env.SCRAPIO_LOG_LEVEL);
  if (env.SCRAPIO_STRICT !== undefined) set('compat.strict', env.SCRAPIO_STRICT === 'true' || env.SCRAPIO_STRICT === '1');
  // The model's key belongs in the environment rather than in a config file that may be committed.
  if (env.SCRAPIO_LLM_API_KEY) set('llm.apiKey', env.SCRAPIO_LLM_API_KEY);
  if (env.SCRAPIO_BILLING_ADMIN_KEY) set('billing.adminKey', env.SCRAPIO_BILLING_ADMIN_KEY);
  const browserPath = env.SCRAPIO_BROWSER_PATH;
  if (browserPath) set('browser.executablePath', browserPath);
  return layer;
}

function flagLayer(flags: CliFlags): Json {
  const layer: Json = {};
  if (flags.port !== undefined) setPath(layer, 'server.port', flags.port);
  if (flags.host !== undefined) setPath(layer, 'server.host', flags.host);
  if (flags.dataDir !== undefined) setPath(layer, 'server.dataDir', flags.dataDir);
  return layer;
}

function splitList(value: string): string[] {
  return value
    .split(',')
    .map((entry) => entry.trim())
    .filter((entry) => entry.length > 0);
}

function parseNumber(name: string, value: string): number {
  const number = Number(value);
  if (!Number.isInteger(number)) throw new ConfigError(`${name} must be an integer, got "${value}"`);
  return number;
}

function setPath(target: Json, keyPath: string, value: unknown): void {
  const keys = keyPath.split('.');
  let node = target;
  for (const key of keys.slice(0, -1)) {
    node[key] = (node[key] as Json | undefined) ?? {};
    node = node[key] as Json;
  }
  node[keys[keys.length - 1]] = value;
}

function isPlainObject(value: unknown): value is Json {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** Merges config layers: objects key by key, anything else (arrays included) replaced by the override. */
export function deepMerge(base: Json, override: Json): Json {
  const result: Json = { ...base };
  for (const [key, value] of Object.entries(override)) {
    result[key] = isPlainObject(value) && isPlainObject(result[key]) ? deepMerge(result[key] as Json, value) : value;
  }
  return result;
}

function describeIssues(error: z.ZodError): string {
  return error.issues
    .map((issue) => {
      const keyPath = issue.path.join('.') || '(root)';
      if (issue.code === 'unrecognized_keys') {
        return issue.keys.map((key) => `${keyPath === '(root)' ? '' : `${keyPath}.`}${key}: unknown key`).join('; ');
      }
      return `${keyPath}: ${issue.message}`;
    })
    .join('; ');
}

function deepFreeze<T>(value: T): T {
  if (typeof value === 'object' && value !== null) {
    for (const child of Object.values(value)) deepFreeze(child);
    Object.freeze(value);
  }
  return value;
}
