import QRCode from 'qrcode';

/** A QR code as inline SVG markup (generated here from a URL we built: no user HTML inside). */
export function qrSvg(url: string): Promise<string> {
	return QRCode.toString(url, {
		type: 'svg',
		margin: 1,
		errorCorrectionLevel: 'M',
		color: { dark: '#000000', light: '#ffffff' }
	});
}
