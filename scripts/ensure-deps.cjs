// Installs npm dependencies when they are missing or older than package-lock.json (npm install,
// not npm ci: ci rejects lockfiles that omit other platforms' optional packages),
// so `npm start` and `npm test` work on a fresh clone. Plain CommonJS: it runs before tsx exists.
const { execSync } = require('node:child_process');
const { existsSync, readFileSync, writeFileSync } = require('node:fs');
const { createHash } = require('node:crypto');
const path = require('node:path');

const root = path.resolve(__dirname, '..');
const lock = path.join(root, 'package-lock.json');
const stamp = path.join(root, 'node_modules', '.deps-stamp');
const want = createHash('sha256').update(readFileSync(lock)).digest('hex');
const have = existsSync(stamp) ? readFileSync(stamp, 'utf8').trim() : '';
if (have !== want) {
  console.log('» installing npm dependencies (npm install) …');
  try {
    execSync('npm install --no-audit --no-fund', { cwd: root, stdio: 'inherit' });
  } catch {
    console.error('✖ npm install failed: see the npm output above (is the npm registry reachable?)');
    process.exit(1);
  }
  writeFileSync(stamp, want);
}
