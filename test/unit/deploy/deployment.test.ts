// The production stack as committed: docker-compose.yml (services, pinned images, health checks,
// replicas, no secrets), the example env file, the Dockerfile against the package scripts, and
// `docker-compose config` itself (Debian's docker-compose; no Docker engine is needed for it).
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { SEARCH_ATTRIBUTES } from '../../../scripts/stack';
import { TEMPORAL_SERVER_VERSION, TEMPORAL_UI_VERSION } from '../../../scripts/stack/temporalBuild';
import { CONFIG_TEMPLATE, DYNAMIC_CONFIG, SETUP_NAMESPACE, SETUP_SCHEMA } from '../../../scripts/stack/temporalCluster';
import { NAMESPACE_RETENTION } from '../../../scripts/stack/temporalDevServer';

// js-yaml 3 is in node_modules through jest's tooling (no @types); only `safeLoad` is used.
// eslint-disable-next-line @typescript-eslint/no-require-imports
const yaml = require('js-yaml') as { safeLoad(text: string): unknown };

const ROOT = path.resolve(__dirname, '..', '..', '..');
const read = (file: string) => readFileSync(path.join(ROOT, file), 'utf8');

interface Service {
  image?: string;
  build?: unknown;
  command?: string[];
  entrypoint?: string[];
  environment?: Record<string, string>;
  healthcheck?: { test?: string[] };
  deploy?: { replicas?: number };
  volumes?: string[];
  depends_on?: Record<string, { condition: string }>;
}
const compose = yaml.safeLoad(read('docker-compose.yml')) as { services: Record<string, Service> };
const services = compose.services;
const scripts = (JSON.parse(read('package.json')) as { scripts: Record<string, string> }).scripts;
const dockerfile = read('Dockerfile');

/** The env file as key → value (comments and blank lines skipped). */
const envFile = (text: string): Record<string, string> =>
  Object.fromEntries(
    text
      .split('\n')
      .map((l) => l.trim())
      .filter((l) => l && !l.startsWith('#'))
      .map((l) => [l.slice(0, l.indexOf('=')), l.slice(l.indexOf('=') + 1)]),
  );
const SECRET_NAME = /PASSWORD|PWD|SECRET|TOKEN|API_KEY|PAYLOAD_KEYS/;
// Names that look secret but are switches (true/false).
const NOT_SECRET = new Set(['TEMPORAL_CODEC_PASS_ACCESS_TOKEN']);
const MANDATORY_REF = /\$\{([A-Z0-9_]+):\?[^}]*\}/g;

describe('docker-compose.yml', () => {
  test('runs PostgreSQL, Temporal (schema, server, namespace), its UI, Mailpit, the API, the worker and a load balancer', () => {
    expect(Object.keys(services).sort()).toEqual(
      ['api', 'lb', 'mailpit', 'migrate', 'postgres', 'temporal', 'temporal-namespace', 'temporal-schema', 'temporal-ui', 'worker'].sort(),
    );
    expect(services.temporal.image).toMatch(/^temporalio\/server:/);
    expect(services.temporal.environment).toMatchObject({ DB: 'postgres12', POSTGRES_SEEDS: 'postgres' });
    expect(services['temporal-schema'].image).toMatch(/^temporalio\/admin-tools:/);
    expect(services['temporal-ui'].image).toMatch(/^temporalio\/ui:/);
    expect(services.mailpit.image).toMatch(/^axllent\/mailpit:/);
    // The server starts only after its schema is in place, the service only after the namespace.
    expect(services.temporal.depends_on?.['temporal-schema'].condition).toBe('service_completed_successfully');
    expect(services.api.depends_on?.['temporal-namespace'].condition).toBe('service_completed_successfully');
    expect(services.worker.depends_on?.['temporal-namespace'].condition).toBe('service_completed_successfully');
  });

  test('every image is pinned to an exact version, and admin-tools matches the server', () => {
    for (const [name, svc] of Object.entries(services)) {
      // Our own image takes its tag from APP_VERSION with a version default; resolve that first.
      const image = String(svc.image).replace(/^(retention-cases):\$\{APP_VERSION:-([^}]+)\}$/, '$1:$2');
      // An exact x.y[.z] version (optionally v-prefixed or with a variant such as -alpine): never latest.
      expect({ name, image }).toEqual({ name, image: expect.stringMatching(/^[a-z0-9./-]+:v?\d+\.\d+(\.\d+)?(-[a-z0-9]+)?$/) });
    }
    const serverVersion = services.temporal.image!.split(':')[1];
    expect(services['temporal-schema'].image).toBe(`temporalio/admin-tools:${serverVersion}`);
    expect(services['temporal-namespace'].image).toBe(`temporalio/admin-tools:${serverVersion}`);
    expect(services.api.image).toBe(services.worker.image);
  });

  test('postgres, temporal, api and worker have health checks; api and worker run two replicas each', () => {
    for (const name of ['postgres', 'temporal', 'api', 'worker', 'lb']) {
      expect({ name, test: services[name].healthcheck?.test?.[0] }).toEqual({ name, test: expect.stringMatching(/^CMD/) });
    }
    expect(services.api.deploy?.replicas).toBeGreaterThanOrEqual(2);
    expect(services.worker.deploy?.replicas).toBeGreaterThanOrEqual(2);
    expect(services.worker.environment).toMatchObject({ WORKER_HEALTH_PORT: '8081', HEALTHCHECK_URL: 'http://127.0.0.1:8081/health' });
  });

  test('two database roles: migrate runs as the owner before api and worker, which log in as the runtime role', () => {
    expect(services.migrate.command?.join(' ')).toBe(scripts.migrate);
    expect(services.migrate.environment?.DATABASE_URL).toMatch(/^postgres:\/\/retention:/);
    for (const name of ['api', 'worker']) {
      expect(services[name].environment?.DATABASE_URL).toMatch(/^postgres:\/\/retention_app:/);
      expect(services[name].depends_on?.migrate.condition).toBe('service_completed_successfully');
    }
    expect(read('deploy/postgres/init-roles.sh')).toMatch(/CREATE ROLE retention_app LOGIN NOSUPERUSER/);
  });

  test('the engine boundary: workers refuse unencrypted payloads, case ids are keyed, the Temporal UI is read-only', () => {
    for (const name of ['api', 'worker']) {
      expect(services[name].environment).toMatchObject({ PAYLOAD_REQUIRE_ENCRYPTION: '1', CASE_ID_SECRET: expect.stringContaining('${CASE_ID_SECRET:?') });
    }
    expect(services['temporal-ui'].environment?.TEMPORAL_DISABLE_WRITE_ACTIONS).toBe('true');
  });

  test('nginx forwards the ingress protocol instead of overwriting it with its own', () => {
    const conf = read('deploy/nginx/nginx.conf');
    expect(conf).not.toMatch(/X-Forwarded-Proto \$scheme;/);
    expect(conf).toMatch(/map \$http_x_forwarded_proto \$ingress_proto/);
    expect(services.api.environment?.TRUST_PROXY).toBe('1');
  });

  test('api and worker run exactly the package scripts `npm run api` and `npm run worker`', () => {
    expect(services.api.command?.join(' ')).toBe(scripts.api);
    expect(services.worker.command?.join(' ')).toBe(scripts.worker);
  });

  test('no secret is committed: secret variables are mandatory references to .env', () => {
    for (const [name, svc] of Object.entries(services)) {
      for (const [key, value] of Object.entries(svc.environment ?? {})) {
        if (SECRET_NAME.test(key) && !NOT_SECRET.has(key)) {
          // Either required from .env, or optional with an empty default (e.g. TEMPORAL_API_KEY).
          expect({ service: name, key, value }).toEqual({ service: name, key, value: expect.stringMatching(/^\$\{[A-Z0-9_]+(:\?[^}]*|:-)\}$/) });
        }
      }
    }
    const appDb = String(services.api.environment?.DATABASE_URL);
    expect(appDb).toContain('${APP_RUNTIME_DB_PASSWORD:?');
    expect(String(services.migrate.environment?.DATABASE_URL)).toContain('${APP_DB_PASSWORD:?');
    expect(read('docker-compose.yml')).not.toMatch(/change-me/);
  });

  test('registers the search attributes the workflows use (same list as the embedded stack)', () => {
    const listed = Object.fromEntries(
      String(services['temporal-namespace'].environment?.SEARCH_ATTRIBUTES)
        .split(/\s+/)
        .map((p) => p.split('=')),
    );
    expect(listed).toEqual(SEARCH_ATTRIBUTES);
  });

  test('the files mounted into containers exist and setup scripts are shell scripts', () => {
    for (const svc of Object.values(services)) {
      for (const volume of svc.volumes ?? []) {
        const source = volume.split(':')[0];
        if (source.startsWith('./')) expect({ volume, exists: existsSync(path.join(ROOT, source)) }).toEqual({ volume, exists: true });
      }
    }
    for (const script of ['deploy/postgres/init-roles.sh', 'deploy/temporal/setup-schema.sh', 'deploy/temporal/setup-namespace.sh']) {
      expect(read(script)).toMatch(/^#!\/bin\/sh\nset -eu|^#!\/bin\/sh\n(#.*\n)+set -eu/);
    }
  });
});

describe('docker-compose.yml runs the Temporal server the cluster engine runs and the suites test', () => {
  const mountOf = (service: string, file: string) =>
    (services[service].volumes ?? []).find((v) => path.join(ROOT, v.split(':')[0]) === file || file.startsWith(`${path.join(ROOT, v.split(':')[0])}${path.sep}`));

  test('the same server and UI versions as scripts/stack/temporalBuild.ts pins', () => {
    expect(services.temporal.image).toBe(`temporalio/server:${TEMPORAL_SERVER_VERSION}`);
    expect(services['temporal-ui'].image).toBe(`temporalio/ui:${TEMPORAL_UI_VERSION}`);
  });

  test('the same config template, rendered by the server from the environment, and the same dynamic config', () => {
    const template = mountOf('temporal', CONFIG_TEMPLATE);
    expect(template).toBeDefined();
    expect(services.temporal.environment?.TEMPORAL_SERVER_CONFIG_FILE_PATH).toBe(template!.split(':')[1]);
    expect(read(path.relative(ROOT, CONFIG_TEMPLATE)).split('\n')[0]).toBe('# enable-template');
    // Every variable the template requires is set here.
    for (const name of ['NUM_HISTORY_SHARDS', 'POSTGRES_SEEDS', 'POSTGRES_USER', 'DYNAMIC_CONFIG_FILE_PATH']) {
      expect({ name, set: Boolean(services.temporal.environment?.[name]) }).toEqual({ name, set: true });
    }
    const dyn = mountOf('temporal', DYNAMIC_CONFIG)!;
    expect(dyn).toBeDefined();
    const [src, target] = dyn.split(':');
    expect(services.temporal.environment?.DYNAMIC_CONFIG_FILE_PATH).toBe(path.posix.join(target, path.relative(path.join(ROOT, src), DYNAMIC_CONFIG)));
  });

  test('the same setup scripts, and the namespace retention of the embedded engines', () => {
    expect(mountOf('temporal-schema', SETUP_SCHEMA)).toBeDefined();
    expect(mountOf('temporal-namespace', SETUP_NAMESPACE)).toBeDefined();
    expect(services['temporal-namespace'].environment?.NAMESPACE_RETENTION).toBe(NAMESPACE_RETENTION);
  });
});

describe('environment files', () => {
  test('.env is git- and docker-ignored; .env.example holds placeholders only and names every required variable', () => {
    expect(read('.gitignore').split('\n')).toContain('.env');
    expect(read('.dockerignore').split('\n')).toContain('.env');
    const example = envFile(read('.env.example'));
    for (const [key, value] of Object.entries(example)) {
      if (SECRET_NAME.test(key) && !NOT_SECRET.has(key)) expect({ key, value }).toEqual({ key, value: expect.stringMatching(/^(change-me.*)?$/) });
    }
    const required = new Set([...read('docker-compose.yml').matchAll(MANDATORY_REF)].map((m) => m[1]));
    expect(required.size).toBeGreaterThanOrEqual(4);
    for (const name of required) expect({ name, inExample: name in example }).toEqual({ name, inExample: true });
  });
});

describe('Dockerfile', () => {
  const stages = dockerfile.split(/^FROM /m).slice(1);
  const runtime = stages[stages.length - 1];

  test('is multi-stage, runs as a non-root user with production dependencies only, health check and SIGTERM', () => {
    expect(stages.length).toBeGreaterThanOrEqual(3);
    expect(runtime).toMatch(/^USER node$/m);
    expect(runtime).toMatch(/^STOPSIGNAL SIGTERM$/m);
    expect(runtime).toMatch(/^HEALTHCHECK .*CMD \["node", "deploy\/healthcheck.mjs"\]$/m);
    expect(runtime).toMatch(/^ENV NODE_ENV=production/m);
    // node_modules in the runtime stage come from the stage that installed with --omit=dev.
    const from = /^COPY --from=(\S+) .*\/app\/node_modules/m.exec(runtime)?.[1];
    const depsStage = stages.find((s) => s.split('\n')[0].endsWith(` AS ${from}`));
    expect(depsStage).toMatch(/npm install --omit=dev/);
    expect(runtime).not.toMatch(/^RUN npm (install|ci)/m);
  });

  test('its build steps and command are the package scripts', () => {
    const runScripts = [...dockerfile.matchAll(/npm run ([a-z:-]+)/g)].map((m) => m[1]);
    expect(runScripts).toContain('typecheck');
    for (const name of runScripts) expect({ name, defined: name in scripts }).toEqual({ name, defined: true });
    const cmd = JSON.parse(/^CMD (\[.*\])$/m.exec(runtime)![1]) as string[];
    expect(cmd.join(' ')).toBe(scripts.api);
    // The scripts run TypeScript through tsx, which therefore must be a production dependency.
    const pkg = JSON.parse(read('package.json')) as { dependencies: Record<string, string> };
    expect(scripts.api).toBe('node --import tsx api/main.ts');
    expect(scripts.worker).toBe('node --import tsx worker/main.ts');
    expect(pkg.dependencies.tsx).toBeDefined();
  });

  test('copies every folder the processes load at run time and pins the Node image', () => {
    for (const dir of ['domain', 'workflows', 'activities', 'api', 'worker', 'infra', 'db']) {
      expect(runtime).toMatch(new RegExp(`^COPY .* /app/${dir} \\./${dir}$`, 'm'));
    }
    expect(dockerfile).toMatch(/^ARG NODE_IMAGE=node:20\.\d+\.\d+-bookworm-slim$/m);
  });
});

describe('docker-compose config', () => {
  // Provisioned by CI (Debian: apt-get install docker-compose); it validates without a Docker engine.
  const binary = process.env.DOCKER_COMPOSE_PATH || 'docker-compose';
  const available = spawnSync(binary, ['version'], { encoding: 'utf8' }).status === 0;
  const config = (envFile: string) =>
    spawnSync(binary, ['--env-file', envFile, '-f', path.join(ROOT, 'docker-compose.yml'), 'config', '--quiet'], { cwd: ROOT, encoding: 'utf8' });

  test('accepts the committed file with the example env file, and refuses to run without secrets', () => {
    if (!available) {
      throw new Error(
        `${binary} not found: install Debian's docker-compose (apt-get install docker-compose) or set DOCKER_COMPOSE_PATH; ` +
          'this check validates docker-compose.yml and needs no Docker engine',
      );
    }
    const ok = config(path.join(ROOT, '.env.example'));
    expect({ status: ok.status, stderr: ok.stderr }).toEqual({ status: 0, stderr: expect.any(String) });
    const empty = path.join(mkdtempSync(path.join(os.tmpdir(), 'compose-')), 'empty.env');
    writeFileSync(empty, '');
    const refused = config(empty);
    expect(refused.status).not.toBe(0);
    expect(refused.stderr).toMatch(/set [A-Z_]+ in \.env/);
    // The resolved file keeps the replica counts and pinned images compose will use.
    const resolved = execFileSync(binary, ['--env-file', path.join(ROOT, '.env.example'), '-f', 'docker-compose.yml', 'config'], { cwd: ROOT, encoding: 'utf8' });
    const parsed = yaml.safeLoad(resolved) as { services: Record<string, Service> };
    expect(parsed.services.api.image).toBe('retention-cases:0.1.0');
    expect(parsed.services.worker.deploy?.replicas).toBe(2);
  });
});
