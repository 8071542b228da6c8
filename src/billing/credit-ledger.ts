import { sql, type Kysely } from 'kysely';
import type { Database } from '../db/schema';
import type { Clock } from '../lib/clock';
import { creditsExhausted, dailyCapExceeded, forcedCreditError, usageDayOf, type ForcedCreditError } from './credit-errors';

/** A billed key's standing, as GET /v1/me shows it. */
export interface CreditAccount {
  balance: number;
  dailyCap: number | null;
  /** Spent today (UTC), 0 when nothing was charged yet today. */
  usedToday: number;
}

/** What a crawl needs to pay page by page (the crawl services' narrow view of the ledger). */
export interface PageCredits {
  /** Takes `credits` from the tenant or throws credits_exhausted / daily_credit_cap_exceeded. */
  spend(tenant: string, credits: number): Promise<void>;
  /** Gives back credits spent on a page that then failed. */
  refund(tenant: string, credits: number): Promise<void>;
}

/**
 * Emulated credits (billing.mode "emulate"). Each charge is one guarded UPDATE (`... WHERE balance >= cost AND the
 * daily cap allows it`), so concurrent requests can never take a balance below zero or a day past its cap. A tenant
 * without an account row is not billed. With billing off every charge is free, but a forced error (fault injection)
 * is still thrown from here, where the real one comes from.
 */
export class CreditLedger implements PageCredits {
  readonly #db: Kysely<Database>;
  readonly #clock: Clock;
  readonly #enabled: boolean;

  constructor(db: Kysely<Database>, clock: Clock, enabled: boolean) {
    this.#db = db;
    this.#clock = clock;
    this.#enabled = enabled;
  }

  get enabled(): boolean {
    return this.#enabled;
  }

  /** Sets a tenant's balance (and daily cap; null removes it), creating its account when needed. Today's usage is kept. */
  async setAccount(tenant: string, balance: number, dailyCap: number | null): Promise<void> {
    const now = this.#clock.now();
    await this.#db
      .insertInto('credit_accounts')
      .values({ tenant, balance, daily_cap: dailyCap, used_today: 0, usage_day: usageDayOf(now), updated_at: now })
      .onConflict((oc) => oc.column('tenant').doUpdateSet({ balance, daily_cap: dailyCap, updated_at: now }))
      .execute();
  }

  async account(tenant: string): Promise<CreditAccount | undefined> {
    return this.#accountIn(this.#db, tenant);
  }

  /** Read through `db`: inside a transaction that is the transaction (SQLite has one connection, a second would wait forever). */
  async #accountIn(db: Kysely<Database>, tenant: string): Promise<CreditAccount | undefined> {
    const row = await db.selectFrom('credit_accounts').selectAll().where('tenant', '=', tenant).executeTakeFirst();
    if (!row) return undefined;
    const today = usageDayOf(this.#clock.now());
    return {
      balance: Number(row.balance),
      dailyCap: row.daily_cap === null ? null : Number(row.daily_cap),
      usedToday: row.usage_day === today ? Number(row.used_today) : 0,
    };
  }

  /** Throws credits_exhausted / daily_credit_cap_exceeded when the tenant could not pay `credits` now (nothing is taken). */
  async assertCanSpend(tenant: string, credits: number, forced?: ForcedCreditError): Promise<void> {
    if (forced) throw forcedCreditError(forced, credits, this.#clock.now());
    if (!this.#enabled) return;
    const account = await this.account(tenant);
    if (account) this.#assertAffordable(account, credits);
  }

  async spend(tenant: string, credits: number, forced?: ForcedCreditError): Promise<void> {
    await this.#spendIn(this.#db, tenant, credits, forced);
  }

  async refund(tenant: string, credits: number): Promise<void> {
    if (!this.#enabled) return;
    await this.#refundIn(this.#db, tenant, credits, usageDayOf(this.#clock.now()));
  }

  /** Charges an accepted job; the charge is kept until the job ends (settleJob) or given back (refundJob). */
  async chargeJob(jobId: string, tenant: string, credits: number, forced?: ForcedCreditError): Promise<void> {
    await this.#db.transaction().execute(async (trx) => {
      if (!(await this.#spendIn(trx, tenant, credits, forced))) return;
      const now = this.#clock.now();
      await trx
        .insertInto('credit_charges')
        .values({ job_id: jobId, tenant, credits, usage_day: usageDayOf(now), charged_at: now })
        .execute();
    });
  }

  /** The job failed, was cancelled or was never created: its charge goes back (to today's usage too if charged today). */
  async refundJob(jobId: string): Promise<void> {
    if (!this.#enabled) return; // nothing was charged
    await this.#db.transaction().execute(async (trx) => {
      const charge = await trx.deleteFrom('credit_charges').where('job_id', '=', jobId).returningAll().executeTakeFirst();
      if (charge) await this.#refundIn(trx, charge.tenant, Number(charge.credits), charge.usage_day);
    });
  }

  /** The job succeeded: its charge stands. */
  async settleJob(jobId: string): Promise<void> {
    if (!this.#enabled) return;
    await this.#db.deleteFrom('credit_charges').where('job_id', '=', jobId).execute();
  }

  /** True when credits were taken; false when nothing is billed (billing off, unbilled tenant, zero cost). */
  async #spendIn(db: Kysely<Database>, tenant: string, credits: number, forced?: ForcedCreditError): Promise<boolean> {
    const now = this.#clock.now();
    if (forced) throw forcedCreditError(forced, credits, now);
    if (!this.#enabled || credits <= 0) return false;
    const today = usageDayOf(now);
    const spentToday = sql<number>`(CASE WHEN usage_day = ${today} THEN used_today ELSE 0 END)`;
    const result = await db
      .updateTable('credit_accounts')
      .set({ balance: sql`balance - ${credits}`, used_today: sql`${spentToday} + ${credits}`, usage_day: today, updated_at: now })
      .where('tenant', '=', tenant)
      .where('balance', '>=', credits)
      .where((eb) => eb.or([eb('daily_cap', 'is', null), eb(sql`${spentToday} + ${credits}`, '<=', eb.ref('daily_cap'))]))
      .executeTakeFirst();
    if (Number(result.numUpdatedRows) > 0) return true;
    const account = await this.#accountIn(db, tenant);
    if (!account) return false; // not a billed key
    this.#assertAffordable(account, credits);
    // Changed between the UPDATE and the read (a refund landed): try once more rather than refuse wrongly.
    return this.#spendIn(db, tenant, credits);
  }

  #assertAffordable(account: CreditAccount, credits: number): void {
    if (account.balance < credits) throw creditsExhausted(account.balance, credits);
    if (account.dailyCap !== null && account.usedToday + credits > account.dailyCap) {
      throw dailyCapExceeded(account.dailyCap, account.usedToday, credits, this.#clock.now());
    }
  }

  async #refundIn(db: Kysely<Database>, tenant: string, credits: number, chargedDay: string): Promise<void> {
    if (credits <= 0) return;
    await db
      .updateTable('credit_accounts')
      .set({
        balance: sql`balance + ${credits}`,
        used_today: sql`(CASE WHEN usage_day = ${chargedDay} AND used_today >= ${credits} THEN used_today - ${credits} ELSE used_today END)`,
        updated_at: this.#clock.now(),
      })
      .where('tenant', '=', tenant)
      .execute();
  }
}
