// Vitest runs server modules outside Next's react-server condition; `server-only` would throw there.
export {};
