import Ajv2020, { type ValidateFunction } from 'ajv/dist/2020';
import addFormats from 'ajv-formats';

/** A JSON Schema node as the v1 spec writes them (OpenAPI 3.1: JSON Schema 2020-12). */
interface SchemaNode {
  $ref?: string;
  anyOf?: SchemaNode[];
  oneOf?: SchemaNode[];
  allOf?: SchemaNode[];
  properties?: Record<string, SchemaNode>;
  additionalProperties?: boolean | SchemaNode;
  items?: SchemaNode;
}

/** The schemas of one spec document, addressed as `#/components/schemas/<Name>` like the spec's own $refs. */
export interface SchemaDocument {
  components: { schemas: Record<string, unknown> };
}

const DOC_ID = 'v1';

/**
 * Removes from a value every property that a closed object of its schema (`additionalProperties: false`) does
 * not declare, at every depth: what compat.strict needs so that a client generated from the spec can parse
 * the answer. Nothing is added or changed, only extra properties dropped. For `anyOf`/`oneOf` the first branch
 * that the pruned value then satisfies wins (a job's `job_type` picks its branch); when none does, a property
 * survives if some branch declares it.
 */
export class SchemaPruner {
  readonly #ajv: Ajv2020;
  readonly #validators = new Map<string, ValidateFunction>();
  readonly #document: SchemaDocument;

  constructor(document: SchemaDocument) {
    this.#document = document;
    this.#ajv = new Ajv2020({ strict: false, allErrors: false, validateSchema: false });
    addFormats(this.#ajv);
    this.#ajv.addSchema({ $id: DOC_ID, components: document.components });
  }

  /** `value` pruned to components.schemas[name]. */
  prune(name: string, value: unknown): unknown {
    return this.#prune(`/components/schemas/${escape(name)}`, value);
  }

  /** Whether `value` satisfies components.schemas[name]. */
  valid(name: string, value: unknown): boolean {
    return this.#validator(`/components/schemas/${escape(name)}`)(value);
  }

  #prune(pointer: string, value: unknown): unknown {
    const node = this.#node(pointer);
    if (node.$ref) return this.#prune(refPointer(node.$ref), value);
    const branches = node.anyOf ? 'anyOf' : node.oneOf ? 'oneOf' : node.allOf ? 'allOf' : undefined;
    if (branches) {
      const count = (node[branches] as SchemaNode[]).length;
      const pointers = Array.from({ length: count }, (_, index) => `${pointer}/${branches}/${index}`);
      if (branches !== 'allOf') {
        for (const branch of pointers) {
          const candidate = this.#prune(branch, value);
          if (this.#validator(branch)(candidate)) return candidate;
        }
      }
      return this.#pruneUnion(pointers, value);
    }
    if (Array.isArray(value)) return node.items ? value.map((item) => this.#prune(`${pointer}/items`, item)) : value;
    if (!isPlainObject(value) || (!node.properties && node.additionalProperties === undefined)) return value;
    const out: Record<string, unknown> = {};
    for (const [key, child] of Object.entries(value)) {
      if (node.properties && Object.prototype.hasOwnProperty.call(node.properties, key)) {
        out[key] = this.#prune(`${pointer}/properties/${escape(key)}`, child);
      } else if (node.additionalProperties === false) {
        continue;
      } else if (typeof node.additionalProperties === 'object') {
        out[key] = this.#prune(`${pointer}/additionalProperties`, child);
      } else {
        out[key] = child;
      }
    }
    return out;
  }

  /** No branch fits: keep a property when any object branch declares it (or leaves the object open). */
  #pruneUnion(pointers: string[], value: unknown): unknown {
    if (!isPlainObject(value)) return pointers.length > 0 ? this.#prune(pointers[0], value) : value;
    const objects = pointers.map((pointer) => ({ pointer: this.#resolved(pointer), node: this.#node(this.#resolved(pointer)) }));
    if (objects.some(({ node }) => node.anyOf || node.oneOf || node.allOf || (!node.properties && node.additionalProperties === undefined))) return value;
    const out: Record<string, unknown> = {};
    for (const [key, child] of Object.entries(value)) {
      const declaring = objects.find(({ node }) => node.properties && Object.prototype.hasOwnProperty.call(node.properties, key));
      if (declaring) out[key] = this.#prune(`${declaring.pointer}/properties/${escape(key)}`, child);
      else if (objects.some(({ node }) => node.additionalProperties !== false)) out[key] = child;
    }
    return out;
  }

  #resolved(pointer: string): string {
    const node = this.#node(pointer);
    return node.$ref ? this.#resolved(refPointer(node.$ref)) : pointer;
  }

  #node(pointer: string): SchemaNode {
    let node: unknown = this.#document;
    for (const part of pointer.split('/').slice(1)) node = (node as Record<string, unknown>)[unescape(part)];
    if (node === true || node === undefined) return {};
    return node as SchemaNode;
  }

  #validator(pointer: string): ValidateFunction {
    let validate = this.#validators.get(pointer);
    if (!validate) {
      validate = this.#ajv.getSchema(`${DOC_ID}#${pointer}`);
      if (!validate) throw new Error(`No schema at ${pointer}`);
      this.#validators.set(pointer, validate);
    }
    return validate;
  }
}

function refPointer(ref: string): string {
  if (!ref.startsWith('#/')) throw new Error(`Only local $refs are supported, not ${ref}`);
  return ref.slice(1);
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}

const escape = (part: string) => part.replaceAll('~', '~0').replaceAll('/', '~1');
const unescape = (part: string) => part.replaceAll('~1', '/').replaceAll('~0', '~');
