import { describe, expect, it } from 'vitest';
import { DbError, fromPostgresError, isDatabaseOutage } from '../../src/lib/server/db/errors';

// What counts as "the database cannot be reached": a 503 with one translated key, never a 500.
describe('database outages', () => {
	it.each([
		'ECONNREFUSED',
		'ECONNRESET',
		'CONNECTION_CLOSED',
		'CONNECT_TIMEOUT',
		'08006',
		'08001',
		'57P01',
		'57P03',
		'3D000',
		'53300'
	])('%s is an outage: 503 database_unavailable', (code) => {
		expect(isDatabaseOutage({ code })).toBe(true);
		expect(fromPostgresError({ code, message: 'connection lost' })).toMatchObject({
			status: 503,
			key: 'database_unavailable'
		});
	});

	it.each(['23505', '42501', 'P0001', '22P02', 'XX000', undefined])('%s is not an outage', (code) => {
		expect(isDatabaseOutage({ code })).toBe(false);
		expect(fromPostgresError({ code, message: 'x' }).status).not.toBe(503);
	});

	it('a DbError is an outage only when it says so', () => {
		expect(isDatabaseOutage(new DbError(503, 'database_unavailable'))).toBe(true);
		expect(isDatabaseOutage(new DbError(500, 'internal'))).toBe(false);
		expect(isDatabaseOutage(null)).toBe(false);
	});
});
