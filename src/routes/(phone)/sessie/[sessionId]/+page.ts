import type { PageLoad } from './$types';

/**
 * The phone shows the spread only once a round is revealed. Its plot, with the statistics and
 * layout behind it, is loaded then (on the server too, so the first HTML has it), and stays out
 * of the JavaScript a phone needs to vote (issue 11: a light phone page). The same holds for the
 * list of follow-ups the team reviews at the start of a meeting.
 */
export const load: PageLoad = async ({ data }) => {
	const { round, session } = data.state;
	const showsSpread =
		session.status !== 'closed' &&
		!['waiting', 'position', 'reposition'].includes(round.phase) &&
		!!round.before?.length;
	const SpreadPlot = showsSpread ? (await import('$lib/components/SpreadPlot.svelte')).default : null;
	const FollowUpReview = session.reviewing ? (await import('$lib/components/FollowUpReview.svelte')).default : null;
	return { ...data, SpreadPlot, FollowUpReview };
};
