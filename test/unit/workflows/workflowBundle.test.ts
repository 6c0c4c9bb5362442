// Guards the workflow bundle against zod: the SDK evaluates the whole bundle again for every workflow
// run it loads, so schemas belong to the API and workflows import them only as types.
import { readFileSync } from 'node:fs';
import { workflowBundle } from '../../support/bundle';

const ZOD_MODULE = /(^|\/)node_modules\/zod\//;

// Webpack starts every module of the bundle with a `/***/ "<module id>"` line; the id is the path
// from the project root, e.g. "./domain/kernel/policy.ts" or "./node_modules/zod/v4/classic/schemas.js".
function modulesOf(code: string): Map<string, string> {
  const modules = new Map<string, string>();
  const header = /^\/\*\*\*\/ "([^"]+)"/gm;
  const starts = [...code.matchAll(header)];
  starts.forEach((m, i) => modules.set(m[1], code.slice(m.index, starts[i + 1]?.index ?? code.length)));
  return modules;
}

// The inline source map names every source file that went into the bundle.
function sourceMapSources(code: string): string[] {
  const m = /\/\/# sourceMappingURL=data:application\/json;charset=utf-8;base64,([A-Za-z0-9+/=]+)\s*$/.exec(code);
  if (!m) return [];
  return (JSON.parse(Buffer.from(m[1], 'base64').toString('utf8')) as { sources: string[] }).sources;
}

describe('workflow bundle', () => {
  const code = readFileSync(workflowBundle().codePath, 'utf8');
  const modules = modulesOf(code);

  it('is read the way webpack writes it (so the checks below see every module)', () => {
    expect(modules.has('./workflows/index.ts')).toBe(true);
    expect(modules.has('./domain/kernel/policy.ts')).toBe(true);
    expect([...modules.keys()].some((id) => id.startsWith('./node_modules/@temporalio/workflow/'))).toBe(true);
    expect(sourceMapSources(code).some((s) => s.endsWith('domain/kernel/policy.ts'))).toBe(true);
  });

  it('contains no zod module', () => {
    const zodModules = [...modules.keys()].filter((id) => ZOD_MODULE.test(id));
    // Name the project modules that pull zod in, so a failure says where to look.
    const importers = [...modules]
      .filter(([id, text]) => !id.startsWith('./node_modules/') && /__webpack_require__\(\/\*! zod(\/[^*]*)? \*\//.test(text))
      .map(([id]) => id);
    expect({ importers, zodModules: zodModules.length }).toEqual({ importers: [], zodModules: 0 });
    expect(sourceMapSources(code).filter((s) => ZOD_MODULE.test(s))).toEqual([]);
  });
});
