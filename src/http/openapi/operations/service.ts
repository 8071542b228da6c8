import { z } from 'zod';
import type { OperationSpec } from '../operation';

/** Health, metrics, signed files, webhook secret, this document, and the MCP endpoint. */
export const serviceOperations: OperationSpec[] = [
  { method: 'get', path: '/health', operationId: 'healthCheck', summary: 'Liveness', tags: ['Service'], public: true, responses: { '200': 'Up.' } },
  { method: 'get', path: '/ready', operationId: 'readiness', summary: 'Readiness (503 until the store and workers are up)', tags: ['Service'], public: true, extension: true, responses: { '200': 'Ready.', '503': 'Not ready yet.' } },
  {
    method: 'get',
    path: '/metrics',
    operationId: 'metrics',
    summary: 'Prometheus metrics (behind the API key when metrics.requireApiKey is set)',
    tags: ['Service'],
    public: true,
    extension: true,
    responses: { '200': { description: 'Prometheus text format.', mediaType: 'text/plain' } },
  },
  {
    method: 'get',
    path: '/v1/files/{tenant}/{name}',
    operationId: 'getSignedFile',
    summary: 'A screenshot by its signed URL (the signature is the authorisation)',
    tags: ['Service'],
    public: true,
    extension: true,
    params: z.strictObject({ tenant: z.string(), name: z.string() }),
    query: z.strictObject({ expires: z.string(), sig: z.string() }),
    responses: { '200': { description: 'The PNG.', mediaType: 'image/png' } },
  },
  { method: 'get', path: '/v1/webhooks/secret', operationId: 'getWebhookSecret', summary: "This API key's webhook signing secret", tags: ['Service'], extension: true, responses: { '200': 'The secret.' } },
  { method: 'get', path: '/openapi.json', operationId: 'getOpenApi', summary: 'This document', tags: ['Service'], public: true, extension: true, responses: { '200': 'OpenAPI 3.1.' } },
  {
    method: 'get',
    path: '/docs',
    operationId: 'getDocs',
    summary: 'This document as a browsable page',
    tags: ['Service'],
    public: true,
    extension: true,
    responses: { '200': { description: 'HTML.', mediaType: 'text/html' } },
  },
  {
    method: 'post',
    path: '/mcp',
    operationId: 'mcp',
    summary: 'Model Context Protocol, streamable HTTP transport (JSON-RPC; stateless: no session id)',
    tags: ['Service'],
    extension: true,
    body: z.looseObject({ jsonrpc: z.literal('2.0'), method: z.string() }),
    responses: { '200': { description: 'The JSON-RPC answer, as JSON or an SSE stream (progress notifications).', mediaType: 'text/event-stream' } },
  },
];
