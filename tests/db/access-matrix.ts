/**
 * WHO MAY DO WHAT — the expected access of every person to every table and every API function.
 *
 * This file is the specification; tests/db/40-access-matrix.test.ts builds the world described
 * below on PGlite and on PostgreSQL, tries every cell, and fails when what happens differs from
 * what is written here, when a table or API function exists that is not listed here, or when one
 * listed here no longer exists. Change access in a migration, then change this file: the diff
 * of this file is what a reviewer (or a privacy officer) reads.
 *
 * THE WORLD
 * - Team A: its facilitator, member A and the author. The removed person was in team A, took
 *   part in team A's earlier session W (closed) and was then removed by the facilitator.
 *   Team A has imported a dilemma set of its own and works with it; it has one open invite link.
 * - Team B: its facilitator (not an actor here) and member B; one open invite link.
 * - Session X of team A is open, at round 1 in the "opnieuw kiezen" (reposition) phase. Member A
 *   and the anonymous participant joined it and voted before and after the discussion; the
 *   facilitator runs it without joining. Session Y of team B is open at round 1 in the "positie
 *   kiezen" phase; member B joined and voted. Sessions are anonymous (no names with results).
 * - The author keeps a private reflection entry and a second one shared with team A; member A
 *   keeps a draft entry.
 * - Network N (the Associatie Wijkteams, k = 3) has the coordinator and a second coordinator;
 *   network M has a coordinator of its own. Teams A and B asked to join N, were let in by the
 *   coordinator and share their results (three more teams stand elsewhere: see networkStanding),
 *   team A anonymously (as "Team A", with a reading of its own), team B under its name. Each
 *   team has a closed session of three voters (V of team A, Z of team B), so N has cells and
 *   aggregates, and each wrote a reading of its 2026 result on the dilemma.
 *
 * THE ACTORS (columns)
 */
export const actors = {
	visitor: 'a visitor who is not signed in (API role anon)',
	participant: 'an anonymous participant of session X: joined by code, no account',
	memberA: 'a member of team A (took part in sessions W and X)',
	facilitatorA: 'the facilitator of team A (runs session X without taking part)',
	removed: 'a former member of team A: took part in session W, then was removed',
	memberB: 'a member of team B (took part in session Y)',
	// NETWORK COORDINATOR: see the marked section in access-world.ts.
	coordinator: 'a coordinator of network N (in no team): sees aggregates, never positions, names or reflections',
	author: 'a member of team A who keeps a private reflection entry and shared another one'
} as const;
export type ActorName = keyof typeof actors;
export const actorNames = Object.keys(actors) as ActorName[];

/**
 * POSTGREST'S VIEW: the relations of the exposed schemas (config.toml `[api] schemas`: public),
 * which PostgREST serves as /rest/v1/<name> to anyone with the publishable key, and who may
 * select, insert, update, delete or truncate there. Nobody: the tables live in schema `app`,
 * which PostgREST does not serve, and only the SQL functions are on the Data API (migration
 * 20261204220000). tests/db/42-data-api-tables.test.ts tries all five as every actor on every
 * relation there, and on a table a later migration would add (it must start closed).
 */
export const exposedRelations: Record<
	string,
	Partial<Record<'select' | 'insert' | 'update' | 'delete' | 'truncate', ActorName[]>>
> = {};

/**
 * TABLES (schema app): direct access as the functions' caller has it, exactly as PostgREST would run it (role anon or authenticated, the JWT
 * claims set). Each table has a set of fixture rows, described per table. Every row is tried one
 * at a time, and the effect is read back past RLS, then rolled back.
 *
 *   select  'denied'            the role has no privilege: permission denied
 *           'none visible'      the query runs but returns none of the fixture rows
 *           'own rows only'     exactly the rows that are the actor's own
 *           'own rows of: T'    exactly the actor's own rows tagged T
 *           'rows of: T, U'     exactly the rows tagged T or U (see "rows" per table)
 *           'all rows'          every fixture row
 *   insert  the same words about the rows tried (see "inserts"); 'refused' when Row Level
 *           Security refuses every one of them
 *   update, delete
 *           the same words about the rows that really changed; 'no effect' when the statement
 *           runs and changes none of them (RLS hides rows silently)
 */
export type TableOps = readonly [select: string, insert: string, update: string, deleteRows: string];

export interface TableAccess {
	/** The fixture rows, with the tags the cells refer to. */
	rows: string;
	/** The rows an insert tries, with their tags. */
	inserts: string;
	/** What an update tries on each fixture row. */
	update: string;
	access: Record<ActorName, TableOps>;
	notes?: string[];
}

export const tableAccess: Record<string, TableAccess> = {
	profiles: {
		rows: "every person's profile; tagged 'team A' (facilitator A, member A, author) and 'team B' (facilitator B, member B)",
		inserts: 'their own profile (the existing one removed first)',
		update: 'change the display name',
		access: {
			//             select              insert      update            delete
			visitor: ['denied', 'denied', 'denied', 'denied'],
			participant: ['own rows only', 'denied', 'own rows only', 'denied'],
			memberA: ['rows of: team A', 'denied', 'own rows only', 'denied'],
			facilitatorA: ['rows of: team A', 'denied', 'own rows only', 'denied'],
			removed: ['own rows only', 'denied', 'own rows only', 'denied'],
			memberB: ['rows of: team B', 'denied', 'own rows only', 'denied'],
			coordinator: ['own rows only', 'denied', 'own rows only', 'denied'],
			author: ['rows of: team A', 'denied', 'own rows only', 'denied']
		},
		notes: ['Profiles are made by a trigger at sign-up; people see their teammates, never session participants.']
	},

	teams: {
		rows: "team A ('team A'), team B ('team B')",
		inserts: "a team of their own; a team in facilitator B's name ('someone else')",
		update: 'rename',
		access: {
			//             select              insert            update             delete
			visitor: ['denied', 'denied', 'denied', 'denied'],
			participant: ['none visible', 'refused', 'no effect', 'denied'],
			memberA: ['rows of: team A', 'own rows only', 'no effect', 'denied'],
			facilitatorA: ['rows of: team A', 'own rows only', 'rows of: team A', 'denied'],
			removed: ['none visible', 'own rows only', 'no effect', 'denied'],
			memberB: ['rows of: team B', 'own rows only', 'no effect', 'denied'],
			coordinator: ['none visible', 'own rows only', 'no effect', 'denied'],
			author: ['rows of: team A', 'own rows only', 'no effect', 'denied']
		},
		notes: ['Anonymous participants never touch team administration (restrictive policy).']
	},

	team_members: {
		rows: "the memberships of team A ('team A'; member A's and the author's also 'team A members') and of team B ('team B')",
		inserts: 'themselves into team A as facilitator (their own membership of A removed first)',
		update: 'make the member a facilitator (only the column role is writable)',
		access: {
			//             select              insert     update             delete
			visitor: ['denied', 'denied', 'denied', 'denied'],
			participant: ['none visible', 'denied', 'no effect', 'no effect'],
			memberA: ['rows of: team A', 'denied', 'no effect', 'own rows only'],
			facilitatorA: ['rows of: team A', 'denied', 'rows of: team A', 'rows of: team A members'],
			removed: ['none visible', 'denied', 'no effect', 'no effect'],
			memberB: ['rows of: team B', 'denied', 'no effect', 'own rows only'],
			coordinator: ['none visible', 'denied', 'no effect', 'no effect'],
			author: ['rows of: team A', 'denied', 'no effect', 'own rows only']
		},
		notes: [
			'Joining is only through an invite (accept_invite); members may leave (delete their own row).',
			"The facilitator's own row cannot be deleted: a team with members keeps its last facilitator."
		]
	},

	team_invites: {
		rows: "team A's open invite ('team A'), team B's open invite ('team B')",
		inserts: "an invite to team A ('team A'); an invite to team B ('team B')",
		update: 'revoke',
		access: {
			//             select              insert             update             delete
			visitor: ['denied', 'denied', 'denied', 'denied'],
			participant: ['none visible', 'refused', 'no effect', 'denied'],
			memberA: ['none visible', 'refused', 'no effect', 'denied'],
			facilitatorA: ['rows of: team A', 'rows of: team A', 'rows of: team A', 'denied'],
			removed: ['none visible', 'refused', 'no effect', 'denied'],
			memberB: ['none visible', 'refused', 'no effect', 'denied'],
			coordinator: ['none visible', 'refused', 'no effect', 'denied'],
			author: ['none visible', 'refused', 'no effect', 'denied']
		},
		notes: ['An invite token is a key to the team: only its facilitators see it.']
	},

	dilemma_sets: {
		rows: "the built-in set ('built-in'), team A's own set ('team A')",
		inserts: "a set for team A ('team A'); a built-in set ('built-in')",
		update: 'rename',
		access: {
			//             select                insert             update    delete
			visitor: ['rows of: built-in', 'denied', 'denied', 'denied'],
			participant: ['rows of: built-in', 'refused', 'denied', 'denied'],
			memberA: ['all rows', 'refused', 'denied', 'denied'],
			facilitatorA: ['all rows', 'rows of: team A', 'denied', 'denied'],
			removed: ['rows of: built-in', 'refused', 'denied', 'denied'],
			memberB: ['rows of: built-in', 'refused', 'denied', 'denied'],
			coordinator: ['rows of: built-in', 'refused', 'denied', 'denied'],
			author: ['all rows', 'refused', 'denied', 'denied']
		},
		notes: [
			'Sets are never edited: a changed text is a new version. The built-in set is installed by the service role.'
		]
	},

	dilemmas: {
		rows: "a dilemma of the built-in set ('built-in'), a dilemma of team A's set ('team A')",
		inserts: "a dilemma in team A's set ('team A'); a dilemma in the built-in set ('built-in')",
		update: 'retitle',
		access: {
			//             select                insert             update    delete
			visitor: ['rows of: built-in', 'denied', 'denied', 'denied'],
			participant: ['rows of: built-in', 'refused', 'denied', 'denied'],
			memberA: ['all rows', 'refused', 'denied', 'denied'],
			facilitatorA: ['all rows', 'rows of: team A', 'denied', 'denied'],
			removed: ['rows of: built-in', 'refused', 'denied', 'denied'],
			memberB: ['rows of: built-in', 'refused', 'denied', 'denied'],
			coordinator: ['rows of: built-in', 'refused', 'denied', 'denied'],
			author: ['all rows', 'refused', 'denied', 'denied']
		},
		notes: ["An anonymous participant reads team A's dilemma texts only through session_state, for its own session."]
	},

	sessions: {
		rows: "session X and session W of team A ('team A', 'session X', 'session W'), session Y of team B ('team B', 'session Y')",
		inserts: "a session for team A ('team A'); a session for team B ('team B')",
		update: 'retitle',
		access: {
			//             select                 insert             update             delete
			visitor: ['denied', 'denied', 'denied', 'denied'],
			participant: ['rows of: session X', 'refused', 'no effect', 'denied'],
			memberA: ['rows of: team A', 'refused', 'no effect', 'denied'],
			facilitatorA: ['rows of: team A', 'rows of: team A', 'rows of: team A', 'denied'],
			removed: ['rows of: session W', 'refused', 'no effect', 'denied'],
			memberB: ['rows of: team B', 'refused', 'no effect', 'denied'],
			coordinator: ['none visible', 'refused', 'no effect', 'denied'],
			author: ['rows of: team A', 'refused', 'no effect', 'denied']
		},
		notes: [
			'A session is read by its team and by everyone who joined it by code.',
			'The removed person still reads session W, which they took part in: a removal ends team access, not a past participation.'
		]
	},

	session_rounds: {
		rows: "rounds 1 and 2 of session X and round 1 of session W ('team A', 'session X'/'session W'), round 1 of session Y ('team B', 'session Y')",
		inserts: "a third round in session X ('team A'); a second round in session Y ('team B')",
		update: 'write notes',
		access: {
			//             select                 insert             update             delete
			visitor: ['denied', 'denied', 'denied', 'denied'],
			participant: ['rows of: session X', 'refused', 'no effect', 'denied'],
			memberA: ['rows of: team A', 'refused', 'no effect', 'denied'],
			facilitatorA: ['rows of: team A', 'rows of: team A', 'rows of: team A', 'denied'],
			removed: ['rows of: session W', 'refused', 'no effect', 'denied'],
			memberB: ['rows of: team B', 'refused', 'no effect', 'denied'],
			coordinator: ['none visible', 'refused', 'no effect', 'denied'],
			author: ['rows of: team A', 'refused', 'no effect', 'denied']
		}
	},

	session_participants: {
		rows: "who joined session X (member A, the participant) and session W (member A, the removed person): 'team A' and 'session X'/'session W'; who joined session Y (member B): 'team B', 'session Y'",
		inserts: 'themselves into session X without the code (their own participation removed first)',
		update: 'change the name they joined with (only the column display_name is writable)',
		access: {
			//             select                 insert     update            delete
			visitor: ['denied', 'denied', 'denied', 'denied'],
			participant: ['rows of: session X', 'denied', 'own rows only', 'denied'],
			memberA: ['rows of: team A', 'denied', 'own rows only', 'denied'],
			facilitatorA: ['rows of: team A', 'denied', 'no effect', 'denied'],
			removed: ['rows of: session W', 'denied', 'own rows only', 'denied'],
			memberB: ['rows of: team B', 'denied', 'own rows only', 'denied'],
			coordinator: ['none visible', 'denied', 'no effect', 'denied'],
			author: ['rows of: team A', 'denied', 'no effect', 'denied']
		},
		notes: [
			"Joining is only by code (join_session). The presenter shows who joined, so the session's people see the names."
		]
	},

	positions: {
		rows: "the votes of member A and the participant in round 1 of session X, before and after (the 'after' ones also 'open for votes'); of member A and the removed person in session W; of member B in session Y ('open for votes': Y is in its position phase)",
		inserts:
			"their own 'after' vote in round 1 of session X (an existing one removed first); a vote in facilitator B's name there ('someone else')",
		update: 'change the value',
		access: {
			//             select            insert            update                          delete
			visitor: ['denied', 'denied', 'denied', 'denied'],
			participant: ['own rows only', 'own rows only', 'own rows of: open for votes', 'denied'],
			memberA: ['own rows only', 'own rows only', 'own rows of: open for votes', 'denied'],
			facilitatorA: ['none visible', 'refused', 'no effect', 'denied'],
			removed: ['own rows only', 'refused', 'no effect', 'denied'],
			memberB: ['own rows only', 'refused', 'own rows of: open for votes', 'denied'],
			coordinator: ['none visible', 'refused', 'no effect', 'denied'],
			author: ['none visible', 'refused', 'no effect', 'denied']
		},
		notes: [
			"A raw position is its author's alone; everyone else gets aggregates through session_state and session_report, after the reveal.",
			'A vote is written only by a participant, in the current round of an open session, in the phase of its stage.'
		]
	},

	reflections: {
		rows: "the author's private entry, the author's entry shared with team A, member A's draft",
		inserts: "an entry of their own; an entry in facilitator B's name ('someone else')",
		update: 'edit the text',
		access: {
			//             select            insert            update            delete
			visitor: ['denied', 'denied', 'denied', 'denied'],
			participant: ['none visible', 'refused', 'no effect', 'no effect'],
			memberA: ['own rows only', 'own rows only', 'own rows only', 'own rows only'],
			facilitatorA: ['none visible', 'own rows only', 'no effect', 'no effect'],
			removed: ['none visible', 'own rows only', 'no effect', 'no effect'],
			memberB: ['none visible', 'own rows only', 'no effect', 'no effect'],
			coordinator: ['none visible', 'own rows only', 'no effect', 'no effect'],
			author: ['own rows only', 'own rows only', 'own rows only', 'own rows only']
		},
		notes: [
			'Private means private: not even the facilitator reads an entry. An entry shared with team A reaches its members only through team_shared_reflections.',
			'Anonymous participants keep no journal.'
		]
	},

	team_removals: {
		rows: "the removal of the removed person from team A ('team A', the removed person's own)",
		inserts: "a removal of member B from team A ('team A')",
		update: 'change the time',
		access: {
			//             select              insert     update     delete
			visitor: ['denied', 'denied', 'denied', 'denied'],
			participant: ['none visible', 'denied', 'denied', 'denied'],
			memberA: ['none visible', 'denied', 'denied', 'denied'],
			facilitatorA: ['rows of: team A', 'denied', 'denied', 'denied'],
			removed: ['none visible', 'denied', 'denied', 'denied'],
			memberB: ['none visible', 'denied', 'denied', 'denied'],
			coordinator: ['none visible', 'denied', 'denied', 'denied'],
			author: ['none visible', 'denied', 'denied', 'denied']
		},
		notes: ['Written only by a trigger when a facilitator removes someone.']
	},

	// --- NETWORKS (migration 20261123190000_create_networks) -------------------------------------
	// Nobody writes these tables directly: networks and coordinators are set up past the API,
	// a team's membership goes through save_team_network / leave_network, cells and aggregates
	// are written by triggers when a session closes or a team changes its sharing.

	networks: {
		rows: "network N ('network N'), network M ('network M')",
		inserts: 'a new network',
		update: 'change the description',
		access: {
			//             select           insert     update     delete
			visitor: ['denied', 'denied', 'denied', 'denied'],
			participant: ['none visible', 'denied', 'denied', 'denied'],
			memberA: ['all rows', 'denied', 'denied', 'denied'],
			facilitatorA: ['all rows', 'denied', 'denied', 'denied'],
			removed: ['all rows', 'denied', 'denied', 'denied'],
			memberB: ['all rows', 'denied', 'denied', 'denied'],
			coordinator: ['all rows', 'denied', 'denied', 'denied'],
			author: ['all rows', 'denied', 'denied', 'denied']
		},
		notes: [
			'Every account holder sees which networks exist (name, description, k), so a facilitator can choose to join one.'
		]
	},

	network_coordinators: {
		rows: "the two coordinators of N ('network N'; one is the coordinator's own row), the coordinator of M ('network M')",
		inserts: 'themselves as coordinator of network M',
		update: 'change the date added',
		access: {
			//             select                 insert     update     delete
			visitor: ['denied', 'denied', 'denied', 'denied'],
			participant: ['none visible', 'denied', 'denied', 'denied'],
			memberA: ['none visible', 'denied', 'denied', 'denied'],
			facilitatorA: ['none visible', 'denied', 'denied', 'denied'],
			removed: ['none visible', 'denied', 'denied', 'denied'],
			memberB: ['none visible', 'denied', 'denied', 'denied'],
			coordinator: ['rows of: network N', 'denied', 'denied', 'denied'],
			author: ['none visible', 'denied', 'denied', 'denied']
		}
	},

	network_teams: {
		rows: "team A's membership of N ('team A'), team B's ('team B')",
		inserts: "team A into network M ('team A')",
		update: 'switch sharing',
		access: {
			//             select              insert     update     delete
			visitor: ['denied', 'denied', 'denied', 'denied'],
			participant: ['none visible', 'denied', 'denied', 'denied'],
			memberA: ['rows of: team A', 'denied', 'denied', 'denied'],
			facilitatorA: ['rows of: team A', 'denied', 'denied', 'denied'],
			removed: ['none visible', 'denied', 'denied', 'denied'],
			memberB: ['rows of: team B', 'denied', 'denied', 'denied'],
			coordinator: ['none visible', 'denied', 'denied', 'denied'],
			author: ['rows of: team A', 'denied', 'denied', 'denied']
		},
		notes: [
			"A team's settings (its reading, whether it shows its name) are its own; the coordinator sees teams only through the network functions, by label unless named."
		]
	},

	network_cells: {
		rows: "the cells of team A's closed sessions W and V ('team A'), of team B's session Z ('team B')",
		inserts: "a made-up cell of team A ('team A')",
		update: 'change the median',
		access: {
			//             select              insert     update     delete
			visitor: ['denied', 'denied', 'denied', 'denied'],
			participant: ['none visible', 'denied', 'denied', 'denied'],
			memberA: ['rows of: team A', 'denied', 'denied', 'denied'],
			facilitatorA: ['rows of: team A', 'denied', 'denied', 'denied'],
			removed: ['none visible', 'denied', 'denied', 'denied'],
			memberB: ['rows of: team B', 'denied', 'denied', 'denied'],
			coordinator: ['none visible', 'denied', 'denied', 'denied'],
			author: ['rows of: team A', 'denied', 'denied', 'denied']
		},
		notes: [
			"A cell (one team's median on one dilemma in one session) stays inside the team; it leaves only through the k and unanimity rules."
		]
	},

	network_period_cells: {
		rows: "team A's and team B's most recent cell per year and quarter ('team A', 'team B')",
		inserts: "a made-up period cell of team A ('team A')",
		update: 'change the median',
		access: {
			//             select              insert     update     delete
			visitor: ['denied', 'denied', 'denied', 'denied'],
			participant: ['none visible', 'denied', 'denied', 'denied'],
			memberA: ['rows of: team A', 'denied', 'denied', 'denied'],
			facilitatorA: ['rows of: team A', 'denied', 'denied', 'denied'],
			removed: ['none visible', 'denied', 'denied', 'denied'],
			memberB: ['rows of: team B', 'denied', 'denied', 'denied'],
			coordinator: ['none visible', 'denied', 'denied', 'denied'],
			author: ['rows of: team A', 'denied', 'denied', 'denied']
		}
	},

	// Migration 20261204130000_network_readings_per_dilemma: a team's reading of one result.
	follow_ups: {
		rows: "team A's follow-up from session W, taken up by member A ('team A'); team B's from session Y ('team B')",
		inserts: "a made-up follow-up of team A ('team A')",
		update: 'change the sentence',
		access: {
			//             select              insert     update     delete
			visitor: ['denied', 'denied', 'denied', 'denied'],
			participant: ['none visible', 'denied', 'denied', 'denied'],
			memberA: ['rows of: team A', 'denied', 'denied', 'denied'],
			facilitatorA: ['rows of: team A', 'denied', 'denied', 'denied'],
			removed: ['none visible', 'denied', 'denied', 'denied'],
			memberB: ['rows of: team B', 'denied', 'denied', 'denied'],
			coordinator: ['none visible', 'denied', 'denied', 'denied'],
			author: ['rows of: team A', 'denied', 'denied', 'denied']
		},
		notes: [
			"A team's follow-ups are its members' alone: the removed person, who took part in session W where team A's was made, no longer sees it; an anonymous participant of session X, which reviews it, sees only that a review is on (session_state's count). Written only through save_follow_up, delete_follow_up and review_follow_up (facilitators)."
		]
	},

	follow_up_reviews: {
		rows: "the review of team A's follow-up in session X, made when X was created ('team A')",
		inserts: "team B's follow-up put into team A's session X ('team A')",
		update: 'give a verdict',
		access: {
			//             select              insert     update     delete
			visitor: ['denied', 'denied', 'denied', 'denied'],
			participant: ['none visible', 'denied', 'denied', 'denied'],
			memberA: ['rows of: team A', 'denied', 'denied', 'denied'],
			facilitatorA: ['rows of: team A', 'denied', 'denied', 'denied'],
			removed: ['none visible', 'denied', 'denied', 'denied'],
			memberB: ['none visible', 'denied', 'denied', 'denied'],
			coordinator: ['none visible', 'denied', 'denied', 'denied'],
			author: ['rows of: team A', 'denied', 'denied', 'denied']
		},
		notes: [
			"Rows are made by a trigger when a session is created (the team's open follow-ups); verdicts only through review_follow_up."
		]
	},

	network_readings: {
		rows: "team A's reading of its 2026 result on the dilemma ('team A'), team B's ('team B')",
		inserts: "a made-up reading of team A ('team A')",
		update: 'change the text',
		access: {
			//             select              insert     update     delete
			visitor: ['denied', 'denied', 'denied', 'denied'],
			participant: ['none visible', 'denied', 'denied', 'denied'],
			memberA: ['rows of: team A', 'denied', 'denied', 'denied'],
			facilitatorA: ['rows of: team A', 'denied', 'denied', 'denied'],
			removed: ['none visible', 'denied', 'denied', 'denied'],
			memberB: ['rows of: team B', 'denied', 'denied', 'denied'],
			coordinator: ['none visible', 'denied', 'denied', 'denied'],
			author: ['rows of: team A', 'denied', 'denied', 'denied']
		},
		notes: [
			"A team's readings are its own; the network sees one only through network_dilemma, beside the team's named result on that dilemma in that period. Written only through save_network_reading."
		]
	},

	network_aggregates: {
		rows: "network N's aggregates per period, dilemma and team size ('network N')",
		inserts: "a made-up aggregate of network M ('network M')",
		update: 'change the median',
		access: {
			//             select                 insert     update     delete
			visitor: ['denied', 'denied', 'denied', 'denied'],
			participant: ['none visible', 'denied', 'denied', 'denied'],
			memberA: ['rows of: network N', 'denied', 'denied', 'denied'],
			facilitatorA: ['rows of: network N', 'denied', 'denied', 'denied'],
			removed: ['none visible', 'denied', 'denied', 'denied'],
			memberB: ['rows of: network N', 'denied', 'denied', 'denied'],
			coordinator: ['rows of: network N', 'denied', 'denied', 'denied'],
			author: ['rows of: network N', 'denied', 'denied', 'denied']
		},
		notes: ["The network's people: its coordinators and the members of its teams."]
	}
};

/**
 * API FUNCTIONS: every function in schema public that anon or authenticated may execute, called
 * as PostgREST's /rpc/<name> would call it, on the target given (rolled back afterwards).
 *
 *   'ok'          the call succeeds
 *   'no execute'  the role may not execute the function at all (permission denied)
 *   'forbidden'   the function refuses: 403 (e.g. facilitator_only, account_required)
 *   'not found'   the function answers as if the target does not exist: 404
 *   'refused'     a rule of the domain refuses: 409 (e.g. last_facilitator, removed_from_team)
 *
 * Whatever succeeds is also searched for texts the actor must never receive (the private
 * reflection, member A's draft, the shared reflection outside team A, team A's invite token,
 * names outside their session or team): see "secrets" in access-world.ts.
 */
export type Outcome = 'ok' | 'no execute' | 'forbidden' | 'not found' | 'refused';
export type FunctionRow = readonly [
	visitor: Outcome,
	participant: Outcome,
	memberA: Outcome,
	facilitatorA: Outcome,
	removed: Outcome,
	memberB: Outcome,
	coordinator: Outcome,
	author: Outcome
];

export interface FunctionAccess {
	/** What is tried. */
	call: string;
	access: FunctionRow;
	note?: string;
}

const everyoneSignedIn: FunctionRow = ['no execute', 'ok', 'ok', 'ok', 'ok', 'ok', 'ok', 'ok'];
const teamAMembers: FunctionRow = ['no execute', 'not found', 'ok', 'ok', 'not found', 'not found', 'not found', 'ok'];
const teamAFacilitator: FunctionRow = [
	'no execute',
	'not found',
	'forbidden',
	'ok',
	'not found',
	'not found',
	'not found',
	'forbidden'
];
const networkPeople: FunctionRow = ['no execute', 'not found', 'ok', 'ok', 'not found', 'ok', 'ok', 'ok'];

export const functionAccess: Record<string, FunctionAccess> = {
	//                                                          visitor       participant  memberA      facilitatorA removed      memberB      coordinator  author
	// Profiles and teams
	my_profile: { call: 'their own profile', access: everyoneSignedIn },
	update_profile: { call: 'change their own name', access: everyoneSignedIn },
	create_team: { call: 'a new team', access: ['no execute', 'forbidden', 'ok', 'ok', 'ok', 'ok', 'ok', 'ok'] },
	rename_team: { call: 'rename team A', access: teamAFacilitator },
	my_teams: { call: 'the teams they are in', access: everyoneSignedIn },
	team_overview: { call: 'team A with its members', access: teamAMembers },
	create_invite: { call: 'a new invite to team A', access: teamAFacilitator },
	revoke_invite: {
		call: "team A's open invite",
		access: ['no execute', 'not found', 'not found', 'ok', 'not found', 'not found', 'not found', 'not found']
	},
	invite_preview: {
		call: "team A's invite token",
		access: ['ok', 'ok', 'ok', 'ok', 'ok', 'ok', 'ok', 'ok'],
		note: 'The token is the permission: it shows the team name, never the members.'
	},
	accept_invite: {
		call: "team A's invite token",
		access: ['no execute', 'forbidden', 'ok', 'ok', 'refused', 'ok', 'ok', 'ok'],
		note: 'The token is the permission (already a member: nothing changes); the link predates the removal, so the removed person is refused.'
	},
	leave_team: {
		call: 'leave team A',
		access: ['no execute', 'not found', 'ok', 'refused', 'not found', 'not found', 'not found', 'ok'],
		note: 'The last facilitator of a team with members cannot leave.'
	},
	remove_member: { call: 'remove member A from team A', access: teamAFacilitator },
	set_member_role: { call: 'make member A facilitator', access: teamAFacilitator },

	// Dilemma sets
	dilemma_library: {
		call: "team A's library",
		access: ['not found', 'not found', 'ok', 'ok', 'not found', 'not found', 'not found', 'ok'],
		note: 'Without a team it is the public built-in library (also for visitors).'
	},
	dilemma_detail: {
		call: "a dilemma of team A's own set",
		access: ['not found', 'not found', 'ok', 'ok', 'not found', 'not found', 'not found', 'ok']
	},
	import_dilemma_set: { call: 'a new set for team A', access: teamAFacilitator },
	import_and_activate_dilemma_set: { call: 'a new set for team A, taken into use', access: teamAFacilitator },
	team_dilemma_sets: { call: "team A's sets", access: teamAMembers },
	activate_dilemma_set: { call: "team A's own set", access: teamAFacilitator },

	// Sessions
	create_session: { call: 'a new session of team A', access: teamAFacilitator },
	team_sessions: { call: "team A's sessions", access: teamAMembers },
	join_session: {
		call: "session X's join code",
		access: everyoneSignedIn,
		note: 'The code is the permission, for anyone signed in (an anonymous identity will do).'
	},
	join_preview: { call: "session X's join code", access: ['ok', 'ok', 'ok', 'ok', 'ok', 'ok', 'ok', 'ok'] },
	session_state: {
		call: 'session X',
		access: ['no execute', 'ok', 'ok', 'ok', 'not found', 'not found', 'not found', 'ok']
	},
	session_viewer: {
		call: 'their own view of session X',
		access: ['no execute', 'ok', 'ok', 'ok', 'not found', 'not found', 'not found', 'ok']
	},
	cast_position: {
		call: 'a vote in round 1 of session X',
		access: ['no execute', 'ok', 'ok', 'forbidden', 'not found', 'not found', 'not found', 'forbidden'],
		note: "Only participants vote; team A's people who did not join see the round but may not vote."
	},
	set_round_phase: {
		call: 'move session X on',
		access: ['no execute', 'forbidden', 'forbidden', 'ok', 'not found', 'not found', 'not found', 'forbidden']
	},
	step_session: {
		call: 'step session X on from where it is',
		access: ['no execute', 'forbidden', 'forbidden', 'ok', 'not found', 'not found', 'not found', 'forbidden']
	},
	save_round_notes: {
		call: 'notes of round 1 of session X',
		access: ['no execute', 'forbidden', 'forbidden', 'ok', 'not found', 'not found', 'not found', 'forbidden']
	},
	set_session_status: {
		call: 'close session X',
		access: ['no execute', 'not found', 'not found', 'ok', 'not found', 'not found', 'not found', 'not found']
	},
	save_follow_up: {
		call: 'mark a follow-up on round 1 of session X',
		access: ['no execute', 'forbidden', 'forbidden', 'ok', 'not found', 'not found', 'not found', 'forbidden']
	},
	delete_follow_up: { call: "team A's follow-up (not reviewed yet)", access: teamAFacilitator },
	review_follow_up: {
		call: "a verdict on team A's follow-up in session X",
		access: ['no execute', 'forbidden', 'forbidden', 'ok', 'not found', 'not found', 'not found', 'forbidden']
	},
	set_session_review: {
		call: 'end the review in session X',
		access: ['no execute', 'forbidden', 'forbidden', 'ok', 'not found', 'not found', 'not found', 'forbidden']
	},
	plan_session_clock: {
		call: 'minutes for the dilemmas of session X',
		access: ['no execute', 'forbidden', 'forbidden', 'ok', 'not found', 'not found', 'not found', 'forbidden']
	},
	session_follow_ups: {
		call: 'the follow-ups of session X',
		access: everyoneSignedIn,
		note: "Answers everyone signed in, with only what RLS shows: team A's members get the list, everyone else empty lists."
	},
	team_follow_ups: { call: "team A's follow-ups", access: teamAMembers },
	team_agenda: { call: "team A's learning agenda facts", access: teamAMembers },
	session_report: {
		call: 'the report of session W',
		access: ['no execute', 'not found', 'ok', 'ok', 'ok', 'not found', 'not found', 'ok'],
		note: 'The removed person took part in session W and still reads its report (aggregates; names only in named mode).'
	},

	// Reflections, history, the team over time
	save_reflection: {
		call: "overwrite the author's private entry",
		access: ['no execute', 'forbidden', 'not found', 'not found', 'not found', 'not found', 'not found', 'ok']
	},
	delete_reflection: {
		call: "the author's private entry",
		access: ['no execute', 'not found', 'not found', 'not found', 'not found', 'not found', 'not found', 'ok']
	},
	share_reflection: {
		call: "share the author's private entry with team A",
		access: ['no execute', 'forbidden', 'not found', 'not found', 'not found', 'not found', 'not found', 'ok']
	},
	unshare_reflection: {
		call: "the author's shared entry",
		access: ['no execute', 'not found', 'not found', 'not found', 'not found', 'not found', 'not found', 'ok']
	},
	my_reflections: { call: 'their own entries', access: everyoneSignedIn },
	team_shared_reflections: { call: 'entries shared with team A', access: teamAMembers },
	my_history: { call: 'their own history on a dilemma', access: everyoneSignedIn },
	team_trend: { call: "team A's trend on a dilemma", access: teamAMembers },
	team_profile: { call: "team A's profile of session X", access: teamAMembers },
	compare_sessions: { call: "team A's sessions W and X", access: teamAMembers },

	// My data
	my_data_export: { call: 'everything stored about them', access: everyoneSignedIn },
	delete_my_account: { call: 'their own account', access: everyoneSignedIn },

	// --- NETWORKS: the coordinator sees aggregates (and named teams' medians), never a raw position,
	// a person's name or a reflection; an anonymous team's name and reading never leave it.
	// Joining is a request a coordinator decides (migration 20261204180000); a team that is in sees
	// the figures only while it shares. networkStanding below tries each kind of team.
	my_networks: { call: 'the networks there are', access: everyoneSignedIn },
	network_overview: { call: 'network N', access: networkPeople },
	network_dashboard: { call: "network N's distributions for 2026", access: networkPeople },
	network_dilemma: { call: 'one dilemma in network N, 2026', access: networkPeople },
	network_export: { call: "network N's export, team level", access: networkPeople },
	team_vs_network: { call: 'team A against network N', access: teamAMembers },
	team_network_settings: { call: "team A's place in networks", access: teamAMembers },
	save_team_network: { call: "change team A's sharing with N", access: teamAFacilitator },
	save_network_reading: { call: "team A's reading of its 2026 result on the dilemma", access: teamAFacilitator },
	leave_network: {
		call: 'take team A out of network N',
		access: ['no execute', 'not found', 'not found', 'ok', 'not found', 'not found', 'ok', 'not found'],
		note: "A team's facilitator, or a coordinator of the network, may take a team out."
	},
	set_network_threshold: {
		call: "network N's k",
		access: ['no execute', 'not found', 'not found', 'not found', 'not found', 'not found', 'ok', 'not found']
	},
	network_requests: {
		call: 'the teams waiting to join N',
		access: ['no execute', 'not found', 'not found', 'not found', 'not found', 'not found', 'ok', 'not found'],
		note: 'A team that asks to join shows its name to the coordinators, who decide.'
	},
	decide_network_request: {
		call: 'let the pending team into N',
		access: ['no execute', 'not found', 'not found', 'not found', 'not found', 'not found', 'ok', 'not found']
	}
};

/**
 * NETWORK STANDING: what a member of a team gets from network N, by where the team stands. Each
 * column is the facilitator of such a team (in no other team; team B's member for 'sharing'),
 * calling about their own team where a function takes one. 'aggregates' is a direct select of
 * N's rows in network_aggregates: 'rows of: network N' or 'none visible'.
 *
 *   pending     asked to join; no coordinator decided yet
 *   refused     asked to join; the coordinator refused
 *   notSharing  let in, shares nothing ("give to get": it sees that it is in, not the figures)
 *   sharing     let in, shares its results
 */
export const standings = ['pending', 'refused', 'notSharing', 'sharing'] as const;
export type Standing = (typeof standings)[number];
export const networkStanding: Record<
	string,
	readonly [pending: string, refused: string, notSharing: string, sharing: string]
> = {
	//                        pending        refused        notSharing     sharing
	network_overview: ['not found', 'not found', 'ok', 'ok'],
	network_dashboard: ['not found', 'not found', 'forbidden', 'ok'],
	network_dilemma: ['not found', 'not found', 'forbidden', 'ok'],
	network_export: ['not found', 'not found', 'forbidden', 'ok'],
	team_vs_network: ['not found', 'not found', 'forbidden', 'ok'],
	// Its own place, whatever it is: pending, refused, in.
	team_network_settings: ['ok', 'ok', 'ok', 'ok'],
	network_requests: ['not found', 'not found', 'not found', 'not found'],
	// Nobody lets their own team in.
	decide_network_request: ['not found', 'not found', 'not found', 'not found'],
	aggregates: ['none visible', 'none visible', 'none visible', 'rows of: network N']
};
