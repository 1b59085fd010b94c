'use strict';
/**
 * `npm run cli` and `npm run seed`: runs src/cli/main.ts from the sources, like ts-node
 * --transpile-only, but keeps each transpiled file in node_modules/.cache/parvis-cli, keyed by a hash
 * of its path, its text, the TypeScript version and tsconfig.json. A command then loads compiled
 * JavaScript, and TypeScript itself (9 MB) is loaded only when a file changed since the last run.
 * What ts-node did on every run (transpiling the ~150 files a command loads) took most of its time.
 *
 * Plain JavaScript on purpose: it is what runs before any TypeScript can. No type checking here, as
 * with ts-node --transpile-only: `npm run typecheck` does that.
 */
const { createHash } = require('node:crypto');
const { mkdirSync, readFileSync, renameSync, writeFileSync } = require('node:fs');
const { join, resolve } = require('node:path');

const root = resolve(__dirname, '..', '..');
const cacheDir = join(root, 'node_modules', '.cache', 'parvis-cli');
const tsconfigFile = join(root, 'tsconfig.json');
const salt = [
  JSON.parse(readFileSync(require.resolve('typescript/package.json'), 'utf8')).version,
  readFileSync(tsconfigFile, 'utf8'),
].join('\0');

let compilerOptions;
function transpile(source, filename) {
  const ts = require('typescript');
  if (!compilerOptions) {
    const { config } = ts.readConfigFile(tsconfigFile, (path) => ts.sys.readFile(path));
    const { options } = ts.parseJsonConfigFileContent(config, ts.sys, root, undefined, tsconfigFile);
    // Inline maps: stack traces point into the .ts sources (process.setSourceMapsEnabled below).
    compilerOptions = { ...options, sourceMap: false, inlineSourceMap: true, inlineSources: false, incremental: false,
      tsBuildInfoFile: undefined, declaration: false };
  }
  return ts.transpileModule(source, { compilerOptions, fileName: filename }).outputText;
}

require.extensions['.ts'] = function loadTypeScript(module, filename) {
  const source = readFileSync(filename, 'utf8');
  const key = createHash('sha256').update(salt).update('\0').update(filename).update('\0').update(source).digest('hex');
  const cached = join(cacheDir, `${key}.js`);
  let output;
  try {
    output = readFileSync(cached, 'utf8');
  } catch {
    output = transpile(source, filename);
    try {
      mkdirSync(cacheDir, { recursive: true });
      // Written aside then renamed: a command running at the same time never reads half a file.
      const partial = `${cached}.${process.pid}.tmp`;
      writeFileSync(partial, output);
      renameSync(partial, cached);
    } catch {
      // A read-only node_modules: run without the cache.
    }
  }
  module._compile(output, filename);
};

process.setSourceMapsEnabled(true);
require('./main.ts');
