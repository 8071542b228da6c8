import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import ts from 'typescript';

const ROOT = resolve(__dirname, '../..');

/**
 * A worker thread runs JavaScript, not the TypeScript that jest transforms: transpile the extraction sources
 * (and the error catalogue they import) into a temporary directory whose node_modules points at the project's,
 * and return the worker's path there. Transpiling per file takes well under a second; no stale dist/ involved.
 */
export function compileExtractionWorker(): { workerFile: string; remove(): void } {
  const out = mkdtempSync(join(tmpdir(), 'scrapio-extraction-worker-'));
  const sources = [
    ...(readdirSync(join(ROOT, 'src/extract'), { recursive: true }) as string[])
      .filter((name) => name.endsWith('.ts') && !name.endsWith('.d.ts'))
      .map((name) => `src/extract/${name}`),
    'src/errors.ts',
  ];
  for (const source of sources) {
    const { outputText } = ts.transpileModule(readFileSync(join(ROOT, source), 'utf8'), {
      compilerOptions: { module: ts.ModuleKind.CommonJS, target: ts.ScriptTarget.ES2022, esModuleInterop: true },
      fileName: source,
    });
    const target = join(out, source.replace(/\.ts$/, '.js'));
    mkdirSync(dirname(target), { recursive: true });
    writeFileSync(target, outputText);
  }
  symlinkSync(join(ROOT, 'node_modules'), join(out, 'node_modules'), 'dir');
  return { workerFile: join(out, 'src/extract/extraction-worker.js'), remove: () => rmSync(out, { recursive: true, force: true }) };
}
