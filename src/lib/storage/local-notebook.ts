/** The pseudo-group of meetings kept only on this device (no relay). A valid group id. */
export const LOCAL_NOTEBOOK_ID = 'local-notebook-on-this-device';
