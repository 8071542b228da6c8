import { CreditLedger } from '../../../src/billing/credit-ledger';
import { ScrapioError } from '../../../src/errors';
import { FakeClock } from '../../helpers/fake-clock';
import { useTempDatabase } from '../../helpers/temp-database';

const database = useTempDatabase();
const DAY_MS = 86_400_000;

function ledger(clock = new FakeClock(), enabled = true): CreditLedger {
  return new CreditLedger(database.db, clock, enabled);
}

async function errorCodeOf(promise: Promise<unknown>): Promise<string | undefined> {
  try {
    await promise;
    return undefined;
  } catch (error) {
    return error instanceof ScrapioError ? error.code : `not a ScrapioError: ${String(error)}`;
  }
}

describe('CreditLedger', () => {
  it('charges a job inside its transaction and refuses one the balance cannot pay with credits_exhausted (no deadlock)', async () => {
    const credits = ledger();
    await credits.setAccount('t_a', 3, null);
    await credits.chargeJob('job_1', 't_a', 2);
    expect(await errorCodeOf(credits.chargeJob('job_2', 't_a', 2))).toBe('credits_exhausted');
    expect(await credits.account('t_a')).toEqual({ balance: 1, dailyCap: null, usedToday: 2 });
  });

  it('gives a failed job its charge back once, and keeps a settled one', async () => {
    const credits = ledger();
    await credits.setAccount('t_a', 5, null);
    await credits.chargeJob('job_failed', 't_a', 2);
    await credits.chargeJob('job_ok', 't_a', 1);
    await credits.refundJob('job_failed');
    await credits.refundJob('job_failed');
    await credits.settleJob('job_ok');
    await credits.refundJob('job_ok'); // settled: nothing left to give back
    expect(await credits.account('t_a')).toEqual({ balance: 4, dailyCap: null, usedToday: 1 });
  });

  it('enforces the daily cap with Retry-After until 00:00 UTC, and starts a new count the next day', async () => {
    const clock = new FakeClock();
    const credits = ledger(clock);
    await credits.setAccount('t_a', 100, 2);
    await credits.spend('t_a', 2);
    const refused = await credits.spend('t_a', 1).catch((error: ScrapioError) => error);
    expect(refused).toBeInstanceOf(ScrapioError);
    expect((refused as ScrapioError).code).toBe('daily_credit_cap_exceeded');
    expect((refused as ScrapioError).retryAfterSeconds).toBeGreaterThan(0);
    clock.advance(DAY_MS);
    expect(await credits.account('t_a')).toEqual({ balance: 98, dailyCap: 2, usedToday: 0 });
    await credits.spend('t_a', 2);
    expect(await credits.account('t_a')).toEqual({ balance: 96, dailyCap: 2, usedToday: 2 });
  });

  it('concurrent charges never take a balance below zero', async () => {
    const credits = ledger();
    await credits.setAccount('t_a', 5, null);
    const outcomes = await Promise.all(Array.from({ length: 12 }, (_, index) => errorCodeOf(credits.chargeJob(`job_${index}`, 't_a', 1))));
    expect(outcomes.filter((code) => code === undefined)).toHaveLength(5);
    expect(outcomes.filter((code) => code === 'credits_exhausted')).toHaveLength(7);
    expect((await credits.account('t_a'))?.balance).toBe(0);
  });

  it('does not charge a tenant without an account, nor anyone when billing is off; a forced error is thrown either way', async () => {
    const on = ledger();
    await on.chargeJob('job_1', 't_unbilled', 5);
    expect(await on.account('t_unbilled')).toBeUndefined();
    const off = ledger(new FakeClock(), false);
    await off.setAccount('t_a', 0, null);
    await off.chargeJob('job_2', 't_a', 5);
    expect((await off.account('t_a'))?.balance).toBe(0);
    expect(await errorCodeOf(off.chargeJob('job_3', 't_a', 1, 'credits_exhausted'))).toBe('credits_exhausted');
    expect(await errorCodeOf(off.assertCanSpend('t_a', 1, 'daily_credit_cap_exceeded'))).toBe('daily_credit_cap_exceeded');
  });
});
