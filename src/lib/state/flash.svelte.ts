/** A message for the next screen after a navigation (e.g. "You joined …"), shown once. */
export const flash = $state({ message: '' });

export function takeFlash(): string {
	const message = flash.message;
	flash.message = '';
	return message;
}
