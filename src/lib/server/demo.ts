/** The demo accounts of supabase/seed.sql. Their password is set at first start (embedded mode). */
export const demoPassword = 'werkplaats-demo';
export const demoAccounts = [
	{ email: 'fenna@voorbeeld.nl', name: 'Fenna de Vries', role: 'facilitator' },
	{ email: 'sanne@voorbeeld.nl', name: 'Sanne Jansen', role: 'member' },
	{ email: 'youssef@voorbeeld.nl', name: 'Youssef El Amrani', role: 'member' },
	{ email: 'ingrid@voorbeeld.nl', name: 'Ingrid Bakker', role: 'member' },
	{ email: 'mark@voorbeeld.nl', name: 'Mark Visser', role: 'member' },
	// Coordinates the demo network (Associatie Wijkteams); in no team.
	{ email: 'carla@voorbeeld.nl', name: 'Carla Mulder', role: 'coordinator' }
] as const;
export const demoTeamName = 'Wijkteam Voorbeeld';
