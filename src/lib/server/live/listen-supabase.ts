import { createClient, type RealtimeChannel } from '@supabase/supabase-js';
import type { LiveSourceFactory } from './hub';

// A live source on Supabase: the hub fed by the Realtime broadcasts private.announce sends.

export interface SupabaseLiveSettings {
	url: string;
	/** Realtime authorises private channels by RLS on realtime.messages: the service role passes. */
	serviceRoleKey: string;
	log?: (line: string) => void;
}

/**
 * Supabase: the server joins the private Realtime topic `session:<id>` (the broadcasts
 * private.announce sends with realtime.send) for each watched session, lazily: on the first
 * listener, and leaves it when the last one goes.
 */
export function listenSupabase(settings: SupabaseLiveSettings): LiveSourceFactory {
	return async (hub) => {
		const log = settings.log ?? ((line: string) => console.warn(line));
		const client = createClient(settings.url, settings.serviceRoleKey, {
			auth: { persistSession: false, autoRefreshToken: false, detectSessionInUrl: false }
		});
		// Left to itself, supabase-js fetches the token while the socket opens, and the first join
		// can go out without it. A JWT service key is set up front, so every join carries it; a
		// new-style secret key (sb_secret_…, not a JWT) travels as the connection's apikey only.
		if (/^eyJ[\w-]*\.[\w-]+\.[\w-]*$/.test(settings.serviceRoleKey))
			await client.realtime.setAuth(settings.serviceRoleKey);
		const channels = new Map<string, RealtimeChannel>();

		return {
			watch(sessionId) {
				if (channels.has(sessionId)) return;
				const channel = client
					.channel(`session:${sessionId}`, { config: { private: true } })
					.on('broadcast', { event: '*' }, (message) => hub.publish(message.payload, sessionId));
				channels.set(sessionId, channel);
				channel.subscribe((status, error) => {
					if (channels.get(sessionId) !== channel) return;
					if (status === 'SUBSCRIBED') {
						// Joined (or re-joined after a drop): anything announced before is not replayed,
						// and the stream may have opened before the join; the screens reload.
						hub.resync(sessionId);
					} else if (status === 'CHANNEL_ERROR' || status === 'TIMED_OUT') {
						log(`Werkplaats live: Realtime topic session:${sessionId} ${status}${error ? `: ${error.message}` : ''}`);
					}
				});
			},
			unwatch(sessionId) {
				const channel = channels.get(sessionId);
				channels.delete(sessionId);
				if (channel) void client.removeChannel(channel).catch(() => {});
			},
			async close() {
				channels.clear();
				await client.removeAllChannels().catch(() => []);
				client.realtime.disconnect();
			}
		};
	};
}
