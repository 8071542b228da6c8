import { selectFirst } from '../dom/css-selectors';
import type { OutputFailure, SelectorField } from '../types';

export interface SelectorFieldsResult {
  json: Record<string, string | null>;
  failures: OutputFailure[];
}

/**
 * `extract.mode: "selectors"`: each field's value from the first element its selector matches, read from the
 * document as fetched. A field that cannot be read is `null`, with a failure saying why (no match, invalid
 * selector, missing attribute); the other fields are still filled in.
 */
export function extractSelectorFields(document: Document, fields: Record<string, SelectorField>): SelectorFieldsResult {
  const json: Record<string, string | null> = {};
  const failures: OutputFailure[] = [];
  const fail = (field: string, code: string, message: string): void => {
    json[field] = null;
    failures.push({ output: 'json', code, message: `extract.fields.${field}: ${message}` });
  };
  for (const [field, spec] of Object.entries(fields)) {
    let element: Element | null;
    try {
      element = selectFirst(document, spec.selector);
    } catch {
      fail(field, 'invalid_selector', `"${spec.selector}" is not a valid CSS selector.`);
      continue;
    }
    if (!element) {
      fail(field, 'selector_not_found', `no element matches the selector "${spec.selector}".`);
      continue;
    }
    if (spec.type === 'html') {
      json[field] = element.innerHTML;
    } else if (spec.type === 'text') {
      json[field] = (element.textContent ?? '').trim();
    } else if (!spec.attribute) {
      fail(field, 'invalid_field', 'type "attr" needs "attribute", the name of the attribute to read.');
    } else if (element.hasAttribute(spec.attribute)) {
      json[field] = element.getAttribute(spec.attribute);
    } else {
      fail(field, 'attribute_not_found', `the element matching "${spec.selector}" has no attribute "${spec.attribute}".`);
    }
  }
  return { json, failures };
}
