import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { engines, rolledBack, type TestDatabase } from './harness';

// Migration 20261205040000_network_aggregates_by_tally: the network's aggregates (teams, held-back
// count, median, quartiles, range and ten bins per key and size class) are computed from counts
// of teams per median instead of sorting every cell. Proven here against the definition they
// replace — PostgreSQL's own percentile_cont over the same cells, grouped as before — for any
// cells: one team, ties, values between the halves, keys whose every cell is held back, several
// keys and size classes at once. Each case swaps the cells in (the function that applies the
// anonymity rule reads a table of generated cells) inside a transaction that is rolled back.

const networkId = '00000000-0000-4000-8000-0000000000aa';

/** The computation as it was written before (20261205010000), the reference. */
const percentileContReference = `
  select g.period_kind, g.period_start, g.dilemma_slug, g.class as team_size, g.teams,
         (sum(g.held_back) over (partition by g.period_kind, g.period_start, g.dilemma_slug))::integer as suppressed,
         g.median, g.q1, g.q3, g.min, g.max, g.bins
  from (
    select r.period_kind, r.period_start, r.dilemma_slug, coalesce(r.class, 'all') as class,
           (count(*) filter (where r.visible))::integer as teams,
           case when r.class is null then count(*) filter (where not r.visible) else 0 end as held_back,
           round((percentile_cont(0.5) within group (order by r.median) filter (where r.visible))::numeric, 1) as median,
           round((percentile_cont(0.25) within group (order by r.median) filter (where r.visible))::numeric, 1) as q1,
           round((percentile_cont(0.75) within group (order by r.median) filter (where r.visible))::numeric, 1) as q3,
           min(r.median) filter (where r.visible) as min, max(r.median) filter (where r.visible) as max,
           array[count(*) filter (where r.visible and r.median < 10),
                 count(*) filter (where r.visible and r.median >= 10 and r.median < 20),
                 count(*) filter (where r.visible and r.median >= 20 and r.median < 30),
                 count(*) filter (where r.visible and r.median >= 30 and r.median < 40),
                 count(*) filter (where r.visible and r.median >= 40 and r.median < 50),
                 count(*) filter (where r.visible and r.median >= 50 and r.median < 60),
                 count(*) filter (where r.visible and r.median >= 60 and r.median < 70),
                 count(*) filter (where r.visible and r.median >= 70 and r.median < 80),
                 count(*) filter (where r.visible and r.median >= 80 and r.median < 90),
                 count(*) filter (where r.visible and r.median >= 90)]::integer[] as bins
    from (
      select c.*, case when not c.visible then 'none' when c.contributors < 10 then 'small'
                       when c.contributors < 20 then 'medium' else 'large' end as class
      from private.network_cell_rules($1) c
    ) r
    group by grouping sets ((r.period_kind, r.period_start, r.dilemma_slug),
                            (r.period_kind, r.period_start, r.dilemma_slug, r.class))
  ) g
  where g.class <> 'none'`;

interface Cell {
	slug: string;
	kind: 'year' | 'quarter';
	start: string;
	contributors: number;
	median: number;
	visible: boolean;
}

const cell: fc.Arbitrary<Cell> = fc.record({
	slug: fc.constantFrom('zelf-doen', 'optreden'),
	kind: fc.constantFrom('year' as const, 'quarter' as const),
	start: fc.constantFrom('2025-01-01', '2026-01-01'),
	contributors: fc.integer({ min: 1, max: 30 }),
	// Mostly halves of whole numbers (what medians of positions are), some with two decimals.
	median: fc.oneof(
		fc.integer({ min: 0, max: 200 }).map((n) => n / 2),
		fc.integer({ min: 0, max: 10_000 }).map((n) => n / 100)
	),
	visible: fc.boolean()
});

/** The aggregates the function computes, and the reference's, for these cells. */
async function bothFor(db: TestDatabase, cells: Cell[]) {
	return rolledBack(db, async (query) => {
		await query(
			`create table private.generated_cells as
			select gen_random_uuid() as team_id, 1 as label_no, false as show_name, ''::text as interpretation_md,
			       c.slug as dilemma_slug, c.kind as period_kind, c.start::date as period_start,
			       c.contributors::integer as contributors, c.median::numeric as median, c.visible::boolean as visible
			from jsonb_to_recordset($1::jsonb) as c(slug text, kind text, start text, contributors integer, median numeric, visible boolean)`,
			[JSON.stringify(cells)]
		);
		await query(`create or replace function private.network_cell_rules(p_network_id uuid)
			returns table (team_id uuid, label_no integer, show_name boolean, interpretation_md text,
			               dilemma_slug text, period_kind text, period_start date, contributors integer,
			               median numeric, visible boolean)
			language sql stable as $$ select * from private.generated_cells $$`);
		const order = 'order by period_kind, period_start, dilemma_slug, team_size';
		const computed = await query(
			`select period_kind, period_start::text, dilemma_slug, team_size, teams, suppressed,
			        median::text, q1::text, q3::text, min::text, max::text, bins
			 from private.compute_network_aggregates($1,
			   (select array_agg(period_kind) from private.generated_cells),
			   (select array_agg(period_start) from private.generated_cells),
			   (select array_agg(dilemma_slug) from private.generated_cells)) ${order}`,
			[networkId]
		);
		const reference = await query(
			`select period_kind, period_start::text, dilemma_slug, team_size, teams, suppressed,
			        median::text, q1::text, q3::text, min::text, max::text, bins
			 from (${percentileContReference}) r ${order}`,
			[networkId]
		);
		return { computed: computed.rows, reference: reference.rows };
	});
}

describe.each(engines)('network aggregates counted by tally on %s', (_engine, open) => {
	let db: TestDatabase;
	beforeAll(async () => {
		db = await open();
	}, 120_000);
	afterAll(async () => {
		await db?.close();
	});

	it("one team, two teams between two values, ties, a key with every cell held back, the bins' edges", async () => {
		const at = (median: number, visible = true, contributors = 12): Cell => ({
			slug: 'zelf-doen',
			kind: 'year',
			start: '2026-01-01',
			contributors,
			median,
			visible
		});
		for (const cells of [
			[at(42.5)],
			[at(10), at(95)],
			[at(30), at(30), at(30), at(70, true, 25), at(50, false)],
			[at(20, false), at(80, false)],
			// The edges of the ten bins.
			[at(0), at(9.99), at(10), at(50), at(89.99), at(90), at(100)]
		]) {
			const { computed, reference } = await bothFor(db, cells);
			expect(computed.length).toBeGreaterThan(0);
			expect(computed).toEqual(reference);
		}
		// Quartiles that fall between two teams are interpolated, as percentile_cont does.
		const { computed } = await bothFor(db, [at(10), at(20), at(40), at(80)]);
		expect(computed.find((r) => r.team_size === 'all')).toMatchObject({ median: '30.0', q1: '17.5', q3: '50.0' });
	});

	it('equal to percentile_cont over the same cells, for any cells', async () => {
		await fc.assert(
			fc.asyncProperty(fc.array(cell, { maxLength: 60 }), async (cells) => {
				const { computed, reference } = await bothFor(db, cells);
				expect(computed).toEqual(reference);
			}),
			{ numRuns: 60 }
		);
	});
});
