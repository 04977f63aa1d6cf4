export const localeCookie = 'wp_locale';
