import { allowedSources, isTerminal } from '../../../src/jobs/job-state';

describe('job state transitions', () => {
  it('only lets queued or running jobs be cancelled, and only running jobs end', () => {
    expect(allowedSources('cancelled').sort()).toEqual(['queued', 'running']);
    expect(allowedSources('completed')).toEqual(['running']);
    expect(allowedSources('failed')).toEqual(['running']);
    expect(allowedSources('running')).toEqual(['queued']);
    expect(allowedSources('queued')).toEqual(['running']);
  });

  it('knows the terminal statuses', () => {
    expect(['completed', 'partial', 'failed', 'cancelled'].every(isTerminal)).toBe(true);
    expect(['queued', 'running'].some(isTerminal)).toBe(false);
  });
});
