// The PostgreSQL pass's global setup: one embedded server for the whole run (about 1.5 s
// with the template's migrations), stopped at the end.
import { startTestPostgres } from './testPostgres.js';

export default async function setup(): Promise<() => Promise<void>> {
  const server = await startTestPostgres();
  process.env.DEALERBOT_TEST_PG_ADMIN_URL = server.adminUrl;
  return () => server.stop();
}
