// `npm run token -- create --role <role> --org <organisation> --name <name> --email <email>`:
// creates an API token; the token is printed alone on the last line, only its hash is stored.
import { parseArgs } from 'node:util';
import { z } from 'zod';
import { roleSchema } from '../domain/kernel/actor.schema';
import { createToken } from '../api/auth';
import { createPool } from '../infra/connections';
import { migrate } from '../db/migrate';

const argsSchema = z.object({
  role: roleSchema,
  org: z.string().trim().min(1, 'is required'),
  name: z.string().trim().min(1, 'is required'),
  email: z.email('must be an email address'),
});

async function main() {
  const { positionals, values } = parseArgs({
    allowPositionals: true,
    options: { role: { type: 'string' }, org: { type: 'string' }, name: { type: 'string' }, email: { type: 'string' } },
  });
  if (positionals[0] !== 'create') throw new Error('usage: npm run token -- create --role <role> --org <organisation> --name <name> --email <email>');
  const parsed = argsSchema.safeParse(values);
  if (!parsed.success) throw new Error(parsed.error.issues.map((i) => `--${i.path.join('.')} ${i.message}`).join('; '));
  const databaseUrl = process.env.DATABASE_URL ?? 'postgres://postgres:postgres@127.0.0.1:5433/retention';
  const pool = createPool(databaseUrl, 1);
  try {
    await migrate(pool);
    // A citizen's token is bound to one case: --org is its case id (the consultant normally creates it
    // through POST /api/cases/{caseId}/citizen-tokens, which emails it to the citizen).
    const caseId = parsed.data.role === 'citizen' ? { caseId: parsed.data.org } : {};
    const { token, actorId } = await createToken(pool, { ...parsed.data, organisation: parsed.data.org, ...caseId });
    console.log(`created token for ${actorId} (${parsed.data.role}, ${parsed.data.org})`);
    console.log(token);
  } finally {
    await pool.end();
  }
}

main().catch((err) => {
  const msg = (err as Error).message;
  console.error(/ECONNREFUSED/.test(msg) ? 'cannot reach PostgreSQL: start the service with `npm start` first, or set DATABASE_URL' : msg);
  process.exit(1);
});
