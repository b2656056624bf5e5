// The client the store's actions use: set once at startup (or by a test).
import type { Client } from './client';

let current: Client | undefined;

export function setClient(client: Client | undefined): void {
  current = client;
}

export function getClient(): Client {
  if (!current) throw new Error('Lifeboat client used before startup set it');
  return current;
}
