// The payload key the recorded replay histories were encrypted with. Not a secret: it protects only
// synthetic test histories, and replay needs it to decode their payloads.
export const REPLAY_PAYLOAD_KEYS = 'replay1:cmVwbGF5LXRlc3Qta2V5LW5vdC1hLXNlY3JldC0zMmI=';
