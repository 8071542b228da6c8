import type { OperationSpec } from './operation';
import { jobOperations } from './operations/jobs';
import { serviceOperations } from './operations/service';
import { surfaceOperations } from './operations/surfaces';
import { youtubeOperations } from './operations/youtube';

/** Every operation of the server, in the document's order. A new route module lists its descriptors here. */
export const OPERATIONS: OperationSpec[] = [...serviceOperations, ...surfaceOperations, ...jobOperations, ...youtubeOperations];
