/**
 * The meeting clock: what the presenter shows of a dilemma's planned time. The database stamps
 * when the dilemma started and gives its own now(); the browser keeps the offset to that now, so
 * two screens (and a reload) show the same time whatever their own clocks say.
 */
export interface ClockReading {
	/** Seconds left (negative once time is up). */
	remaining: number;
	over: boolean;
}

export function readClock(
	clock: { planned_minutes: number | null; started_at: string | null; ended_at: string | null },
	serverNowMs: number
): ClockReading | null {
	if (clock.planned_minutes === null || clock.started_at === null) return null;
	const end = clock.ended_at ? Date.parse(clock.ended_at) : serverNowMs;
	const elapsed = Math.max(0, Math.floor((end - Date.parse(clock.started_at)) / 1000));
	const remaining = clock.planned_minutes * 60 - elapsed;
	return { remaining, over: remaining < 0 };
}

/** 12:05, or 1:02:05 past an hour; always of the absolute value. */
export function formatSeconds(seconds: number): string {
	const s = Math.abs(Math.trunc(seconds));
	const h = Math.floor(s / 3600);
	const m = Math.floor((s % 3600) / 60);
	const pad = (n: number) => String(n).padStart(2, '0');
	return h > 0 ? `${h}:${pad(m)}:${pad(s % 60)}` : `${m}:${pad(s % 60)}`;
}
