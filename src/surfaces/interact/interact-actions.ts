/** The v1 InteractRequest actions, plus the EXT `screenshot` and `evaluate` (API.md §5 interact). */
export type InteractAction =
  | { type: 'goto'; url?: string }
  | { type: 'click'; selector: string }
  | { type: 'type'; selector: string; value: string }
  | { type: 'select'; selector: string; value: string }
  | { type: 'press'; key: string; selector?: string }
  | { type: 'scroll'; selector?: string; direction?: 'down' | 'up'; amount?: number }
  | { type: 'wait_for'; selector: string }
  | { type: 'wait_ms'; duration_ms: number }
  | { type: 'screenshot'; full_page?: boolean }
  | { type: 'evaluate'; script: string };

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
