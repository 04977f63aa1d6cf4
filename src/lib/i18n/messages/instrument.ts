/**
 * One instrument, one wording (docs/wording.md). A position is a person's own view of how the
 * team works now; the desired point is where, in that person's view, the team should be. Every
 * place that asks for, shows or exports a position uses these texts, never a variant of its own.
 */
export default {
	nl: {
		'instrument.now.question': 'Waar staat ons team nu, volgens jou?',
		'instrument.now.again': 'Na het gesprek: waar staat ons team nu, volgens jou?',
		'instrument.desired.question': 'Waar zou ons team moeten staan, volgens jou?',
		'instrument.now.short': 'Nu',
		'instrument.desired.short': 'Gewenst',
		'instrument.now.explain': 'Een positie is jouw eigen beeld van hoe het team nu werkt, tussen de twee polen.',
		'instrument.desired.explain': 'Het gewenste punt is waar het team volgens jou zou moeten staan.'
	},
	en: {
		'instrument.now.question': 'Where does our team stand now, in your view?',
		'instrument.now.again': 'After the discussion: where does our team stand now, in your view?',
		'instrument.desired.question': 'Where should our team stand, in your view?',
		'instrument.now.short': 'Now',
		'instrument.desired.short': 'Desired',
		'instrument.now.explain': 'A position is your own view of how the team works now, between the two poles.',
		'instrument.desired.explain': 'The desired point is where, in your view, the team should be.'
	}
};
