// `npm run token -- create --role <role> --org <organisation> --name <name> --email <email> [--days N]`:
// creates an API token (printed alone on the last line; only its hash is stored).
// `npm run token -- list`, `revoke <tokenId>`, `rotate <tokenId> [--days N]`: manage tokens by id.
import { parseArgs } from 'node:util';
import { z } from 'zod';
import { roleSchema } from '../domain/kernel/actor.schema';
import { createToken } from '../api/auth';
import { listTokens, revokeToken, rotateToken } from '../api/tokens';
import { createPool } from '../infra/connections';
import { migrate } from '../db/migrate';

const USAGE =
  'usage: npm run token -- create --role <role> --org <organisation> --name <name> --email <email> [--days N]\n' +
  '       npm run token -- list | revoke <tokenId> | rotate <tokenId> [--days N]';

const days = z.coerce.number().int().min(1).max(3650).optional();
const argsSchema = z.object({
  role: roleSchema,
  org: z.string().trim().min(1, 'is required'),
  name: z.string().trim().min(1, 'is required'),
  email: z.email('must be an email address'),
  days,
});

async function main() {
  const { positionals, values } = parseArgs({
    allowPositionals: true,
    options: { role: { type: 'string' }, org: { type: 'string' }, name: { type: 'string' }, email: { type: 'string' }, days: { type: 'string' } },
  });
  const [command, id] = positionals;
  if (!['create', 'list', 'revoke', 'rotate'].includes(command ?? '') || ((command === 'revoke' || command === 'rotate') && !id)) throw new Error(USAGE);
  const databaseUrl = process.env.DATABASE_MIGRATION_URL ?? process.env.DATABASE_URL ?? 'postgres://postgres:postgres@127.0.0.1:5433/retention';
  const pool = createPool(databaseUrl, 1);
  try {
    await migrate(pool);
    if (command === 'list') {
      for (const t of await listTokens(pool)) {
        console.log([t.tokenId, t.state.padEnd(7), t.role.padEnd(10), t.organisation, t.actorId, t.email, `expires ${t.expiresAt ?? 'never'}`].join('  '));
      }
    } else if (command === 'revoke') {
      if (!(await revokeToken(pool, id))) throw new Error(`no active token ${id}`);
      console.log(`revoked ${id} (effective at once on every API replica)`);
    } else if (command === 'rotate') {
      const parsedDays = days.safeParse(values.days);
      if (!parsedDays.success) throw new Error('--days must be a whole number from 1 to 3650');
      const rotated = await rotateToken(pool, id, parsedDays.data);
      if (!rotated) throw new Error(`no active token ${id}`);
      console.log(`rotated ${id} → ${rotated.tokenId} (expires ${rotated.expiresAt ?? 'never'}); ${id} is revoked`);
      console.log(rotated.token);
    } else {
      const parsed = argsSchema.safeParse(values);
      if (!parsed.success) throw new Error(parsed.error.issues.map((i) => `--${i.path.join('.')} ${i.message}`).join('; '));
      // A citizen's token is bound to one case: --org is its case id (the consultant normally creates it
      // through POST /api/cases/{caseId}/citizen-tokens, which emails it to the citizen).
      const caseId = parsed.data.role === 'citizen' ? { caseId: parsed.data.org } : {};
      const { token, actorId, tokenId, expiresAt } = await createToken(pool, { ...parsed.data, organisation: parsed.data.org, ttlDays: parsed.data.days, ...caseId });
      console.log(`created token ${tokenId} for ${actorId} (${parsed.data.role}, ${parsed.data.org}), expires ${expiresAt ?? 'never'}`);
      console.log(token);
    }
  } finally {
    await pool.end();
  }
}

main().catch((err) => {
  const msg = (err as Error).message;
  console.error(/ECONNREFUSED/.test(msg) ? 'cannot reach PostgreSQL: start the service with `npm start` first, or set DATABASE_URL' : msg);
  process.exit(1);
});
