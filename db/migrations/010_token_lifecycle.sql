-- Token lifecycle: every token gets an id to list, revoke and rotate it by (`npm run token`), and an
-- expiry (policy default per role, see api/tokens.ts). Additive: existing tokens keep working with
-- no expiry until rotated. The runtime role's grants are (re)applied by db/migrate.ts.
ALTER TABLE actors ADD COLUMN IF NOT EXISTS token_id text NOT NULL DEFAULT ('tok_' || substr(md5(random()::text || clock_timestamp()::text), 1, 16));
ALTER TABLE actors ADD COLUMN IF NOT EXISTS expires_at timestamptz;
ALTER TABLE actors ADD COLUMN IF NOT EXISTS rotated_to text;
CREATE UNIQUE INDEX IF NOT EXISTS actors_token_id ON actors (token_id);
