// What the crash test accepts as "nothing acknowledged was lost". Pure functions over the ledger
// of requests (what was sent, and how each ended) and what was read back after the restart.
//
// A request ended one of three ways:
//   acknowledged  the app said yes (a success result): it must survive the crash;
//   refused       the app said no (a 4xx failure, checked before anything is written);
//   unknown       no usable answer: in flight when the server was killed (or a 5xx, or a broken
//                 connection). It may or may not have been stored; both are correct.
// Each phone and the notes writer send one request at a time and stop at their first unknown one,
// so per sender at most one request is unknown and it is the sender's last.

/**
 * One phone's requests (in the order sent) against the position read back with its own cookie.
 * Every request of a phone carries a (value, desired) pair of its own, so the stored pair names
 * exactly which request wrote it.
 *
 * @param {Array<{ value: number, desired: number, outcome: string }>} requests
 * @param {{ ok: boolean, reason?: string, mine: { value: number, desired: number | null } | null }} readBack
 */
export function verifyPhone(requests, readBack) {
	const acknowledged = requests.filter((r) => r.outcome === 'acknowledged').length;
	const lastAcknowledged = requests.findLastIndex((r) => r.outcome === 'acknowledged');
	const result = { acknowledged, lost: 0, unknownStored: false, problem: /** @type {string | null} */ (null) };

	if (!readBack.ok) {
		// The phone's identity and participation were acknowledged (it joined) before the burst.
		return {
			...result,
			lost: acknowledged,
			problem: `cannot read its own position after the restart (${readBack.reason})`
		};
	}
	const stored = readBack.mine;
	const writer = stored ? requests.findIndex((r) => r.value === stored.value && r.desired === stored.desired) : -1;
	if (stored && writer === -1) {
		return { ...result, lost: acknowledged, problem: `stores ${show(stored)}, which it never sent` };
	}
	// The stored value must be from the last acknowledged request or one sent after it (which,
	// being unacknowledged, may have overwritten it just before the kill).
	if (writer < lastAcknowledged) {
		const lost = requests.filter((r, i) => i > writer && r.outcome === 'acknowledged').length;
		const had = stored ? `${show(stored)} from request ${writer + 1}` : 'nothing';
		return {
			...result,
			lost,
			problem: `stores ${had}, but request ${lastAcknowledged + 1} (${show(requests[lastAcknowledged])}) was acknowledged`
		};
	}
	if (writer > lastAcknowledged && requests[writer].outcome === 'refused') {
		return { ...result, problem: `stores ${show(requests[writer])} from request ${writer + 1}, which was refused` };
	}
	return { ...result, unknownStored: writer > lastAcknowledged };
}

/**
 * The notes writer's saves (in the order sent; acknowledged ones carry the version the app
 * returned) against the round's notes read back after the restart. `initial` is the round's
 * notes before the burst.
 *
 * @param {Array<{ notesMd: string, agreementsMd: string, outcome: string, version?: number }>} saves
 * @param {{ notesMd: string, agreementsMd: string, version: number }} stored
 * @param {{ notesMd: string, agreementsMd: string, version: number }} initial
 */
export function verifyNotes(saves, stored, initial) {
	const acknowledged = saves.filter((s) => s.outcome === 'acknowledged');
	const lastIndex = saves.findLastIndex((s) => s.outcome === 'acknowledged');
	const last =
		lastIndex === -1 ? initial : { ...saves[lastIndex], version: /** @type {number} */ (saves[lastIndex].version) };
	const result = {
		acknowledged: acknowledged.length,
		lost: 0,
		unknownStored: false,
		problem: /** @type {string | null} */ (null)
	};
	const sameText = (/** @type {{ notesMd: string, agreementsMd: string }} */ a) =>
		a.notesMd === stored.notesMd && a.agreementsMd === stored.agreementsMd;

	if (stored.version === last.version && sameText(last)) return result;
	// A save after the last acknowledged one started from its version, so it stores version + 1.
	const later = saves.slice(lastIndex + 1);
	const writer = later.find(sameText);
	if (writer && stored.version === last.version + 1) {
		if (writer.outcome === 'refused')
			return { ...result, problem: `version ${stored.version} holds a save that was refused` };
		return { ...result, unknownStored: true };
	}
	const lost = Math.max(1, acknowledged.filter((s) => /** @type {number} */ (s.version) > stored.version).length);
	return {
		...result,
		lost,
		problem:
			`notes are at version ${stored.version}, but version ${last.version} was acknowledged` +
			(stored.version === last.version ? ' with another text' : '')
	};
}

/** @param {{ value: number, desired: number | null }} p */
const show = (p) => `${p.value}/${p.desired}`;
