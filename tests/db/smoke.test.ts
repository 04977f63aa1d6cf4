import { describe, it, expect } from 'vitest';
import { engines } from './harness';
import { createTeam, as } from './factories';

describe.each(engines)('smoke on %s', (_engine, open) => {
	it('creates a team and lists it', async () => {
		const db = await open();
		try {
			const { team, facilitator } = await createTeam(db, 2);
			const teams = await as(db, facilitator).call('my_teams', {});
			expect(teams).toEqual([{ id: team.id, name: 'Wijkteam Test', role: 'facilitator', member_count: 3 }]);
		} finally {
			await db.close();
		}
	});
});
