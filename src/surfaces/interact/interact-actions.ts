export type { InteractAction } from './interact-input';

/** One `steps[]` entry, exactly the v1 InteractResponse item (no extra properties: the schema is closed). */
export interface InteractStep {
  step_id: string;
  type: string;
  status: 'completed' | 'failed';
  started_at: string;
  completed_at: string;
  error?: { code: string; message: string };
}

/** `diagnostics.step_errors[]` of the v1 InteractResponse. */
export interface InteractStepError {
  step_id: string;
  code: string;
  message: string;
}

export interface InteractRunResult {
  steps: InteractStep[];
  /** Index in `actions` of the step that failed and stopped the run (→ status "partial"). */
  failedAt?: number;
  stepErrors: InteractStepError[];
  /** PNGs of the EXT `screenshot` actions. */
  screenshots: Array<{ step_id: string; png: Buffer }>;
  /** Results of the EXT `evaluate` actions (JSON values). */
  evaluations: Array<{ step_id: string; value: unknown }>;
}
