import type { CallToolResult } from '@modelcontextprotocol/sdk/types.js';
import { coerceError } from '../errors';

/** Longest markdown a tool answers with as text; the whole result is always in structuredContent. */
const MAX_TEXT_CHARS = 20000;

export type ImageContent = { type: 'image'; data: string; mimeType: string };

/** A tool's answer: concise markdown for the model, the API's own JSON alongside, screenshots as images. */
export function toolResult(markdown: string, structured: Record<string, unknown>, images: ImageContent[] = []): CallToolResult {
  return { content: [{ type: 'text', text: clip(markdown) }, ...images], structuredContent: structured };
}

/** A failure as an MCP tool error whose text starts with the v1 error code (`url_not_allowed: ...`). */
export function toolError(thrown: unknown): CallToolResult {
  const error = coerceError(thrown);
  return {
    isError: true,
    content: [{ type: 'text', text: `${error.code}: ${error.message}` }],
    structuredContent: { error: { code: error.code, message: error.message } },
  };
}

export function clip(text: string, max = MAX_TEXT_CHARS): string {
  return text.length > max ? `${text.slice(0, max)}\n\n… (${text.length - max} more characters in structuredContent)` : text;
}

export function jsonBlock(value: unknown, max = 4000): string {
  return `\`\`\`json\n${clip(JSON.stringify(value, null, 2), max)}\n\`\`\``;
}

/** A page's outputs as markdown: the markdown output if asked for, else text, else the JSON outputs. */
export function describeOutputs(outputs: Record<string, unknown> | undefined): string {
  if (!outputs) return '';
  const parts: string[] = [];
  if (typeof outputs.markdown === 'string') parts.push(outputs.markdown);
  else if (typeof outputs.text === 'string') parts.push(outputs.text);
  else if (typeof outputs.html === 'string') parts.push(`\`\`\`html\n${clip(outputs.html, 4000)}\n\`\`\``);
  if (outputs.json !== undefined) parts.push(jsonBlock(outputs.json));
  const screenshot = outputs.screenshot as { url?: string } | undefined;
  if (screenshot?.url) parts.push(`Screenshot: ${screenshot.url}`);
  return parts.join('\n\n');
}

/** The signed screenshot URLs anywhere in a result: `screenshot: {url}` outputs, interact's `screenshots: [{step_id, url}]`. */
export function screenshotUrls(value: unknown, found: string[] = []): string[] {
  const urlOf = (inner: unknown) => (inner && typeof (inner as { url?: unknown }).url === 'string' ? (inner as { url: string }).url : undefined);
  if (Array.isArray(value)) for (const item of value) screenshotUrls(item, found);
  else if (value && typeof value === 'object') {
    for (const [key, inner] of Object.entries(value)) {
      const shots = key === 'screenshot' ? [inner] : key === 'screenshots' && Array.isArray(inner) ? inner : undefined;
      if (shots?.every((shot) => urlOf(shot) !== undefined)) found.push(...shots.map((shot) => urlOf(shot)!));
      else screenshotUrls(inner, found);
    }
  }
  return found;
}
