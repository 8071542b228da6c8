import { pageRequestSchema, type PageRequest } from '../shared/page-request';

/** POST /v1/fetch and kind "fetch": the v1 FetchRequest, plus EXT fields unless compat.strict. */
export const fetchInputSchema = pageRequestSchema;
export type FetchInput = PageRequest;
