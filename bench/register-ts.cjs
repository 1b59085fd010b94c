'use strict';
/**
 * Runs the bench's server processes from the TypeScript sources, transpiled on require as
 * `ts-node/register/transpile-only` does, but without ts-node itself: ts-node loads Node's REPL,
 * which loads `node:domain`, which slows every EventEmitter.emit of the process (about a tenth of a
 * request's CPU in the profiles). A production start (`node dist/src/main.js`) has no such module.
 */
const fs = require('node:fs');
const path = require('node:path');
const ts = require('typescript');

const root = path.join(__dirname, '..');
const { config } = ts.readConfigFile(path.join(root, 'tsconfig.json'), ts.sys.readFile);
const { options } = ts.convertCompilerOptionsFromJson(config.compilerOptions, root);
const compilerOptions = { ...options, module: ts.ModuleKind.CommonJS, sourceMap: false, inlineSourceMap: false, declaration: false, noEmit: false };

require.extensions['.ts'] = function compileTypeScript(module, filename) {
  const { outputText } = ts.transpileModule(fs.readFileSync(filename, 'utf8'), { compilerOptions, fileName: filename });
  module._compile(outputText, filename);
};
