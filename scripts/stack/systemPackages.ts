// Debian packages the test suites drive for real (Chromium for the dashboard's browser test,
// docker-compose to validate the production compose file): installed with apt-get when missing.
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { StackError } from './errors';

/** A package and the binary that proves it is installed. */
export interface SystemPackage {
  pkg: string;
  binary: string;
}

/** What `npm test` needs from the operating system. */
export const TEST_SYSTEM_PACKAGES: SystemPackage[] = [
  { pkg: 'chromium', binary: '/usr/bin/chromium' },
  { pkg: 'docker-compose', binary: '/usr/bin/docker-compose' },
];

/** Installs the missing packages (as root, with apt-get); throws one readable line if it cannot. */
export function ensureSystemPackages(pkgs: SystemPackage[], log: (line: string) => void): void {
  const missing = pkgs.filter((p) => !existsSync(p.binary));
  if (missing.length === 0) return;
  const names = missing.map((p) => p.pkg);
  const isRoot = typeof process.getuid === 'function' && process.getuid() === 0;
  const hasApt = spawnSync('apt-get', ['--version'], { stdio: 'ignore' }).status === 0;
  if (!isRoot || !hasApt) {
    throw new StackError(`missing system packages ${names.join(', ')}: install them (e.g. sudo apt-get install -y ${names.join(' ')})`);
  }
  log(`» installing system packages: ${names.join(', ')} (apt-get) …`);
  try {
    const env = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' };
    execFileSync('apt-get', ['update', '-qq'], { stdio: 'ignore', env });
    execFileSync('apt-get', ['install', '-y', '-qq', '--no-install-recommends', ...names], { stdio: 'ignore', env });
  } catch {
    throw new StackError(`cannot install ${names.join(', ')} with apt-get (are Debian's package mirrors reachable?)`);
  }
  const still = missing.filter((p) => !existsSync(p.binary));
  if (still.length) throw new StackError(`apt-get ran but ${still.map((p) => p.binary).join(', ')} is still missing`);
}
