import type { OperationSpec } from './operation';
import { accountOperations } from './operations/account';
import { dashboardOperations } from './operations/dashboard';
import { jobOperations } from './operations/jobs';
import { monitorOperations } from './operations/monitors';
import { serviceOperations } from './operations/service';
import { siteOperations } from './operations/sites';
import { surfaceOperations } from './operations/surfaces';
import { youtubeOperations } from './operations/youtube';

/** Every operation of the server, in the document's order. A new route module lists its descriptors here. */
export const OPERATIONS: OperationSpec[] = [
  ...serviceOperations,
  ...surfaceOperations,
  ...jobOperations,
  ...youtubeOperations,
  ...siteOperations,
  ...monitorOperations,
  ...accountOperations,
  ...dashboardOperations,
];
