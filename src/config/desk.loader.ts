import { readFile } from 'node:fs/promises';
import { LineCounter, parseDocument, type YAMLError } from 'yaml';
import { type ConfigProblem, problemsFromIssues } from './desk.issues.js';
import { locatePath } from './desk.locate.js';
import { checkDeskReferences } from './desk.references.js';
import { salvageConfig } from './desk.salvage.js';
import { type DeskConfig, deskSchema } from './desk.schema.js';

/** One mistake in the desk config, at the place in the file an admin should look. */
export interface ConfigError {
  file: string;
  /** 1-based. */
  line: number;
  /** 1-based. */
  col: number;
  /** Dotted, with numeric array indices (departments.0.requestTypes.1.workflow); empty for the whole file. */
  path: string;
  message: string;
}

/** A desk config that passed every check, or every error found in it. */
export type DeskConfigResult = { ok: true; config: DeskConfig } | { ok: false; errors: ConfigError[] };

/** `FILE:LINE:COL path.to.value: reason`, the shape editors and CI logs link to. */
export function formatConfigError(e: ConfigError): string {
  const where = `${e.file}:${e.line}:${e.col}`;
  return e.path ? `${where} ${e.path}: ${e.message}` : `${where} ${e.message}`;
}

/** Parses and checks a desk config: YAML syntax, then the schema and cross-references. */
export function parseDeskConfig(text: string, file: string): DeskConfigResult {
  const lines = new LineCounter();
  // Plain messages: we add the place ourselves, in the FILE:LINE:COL form.
  const doc = parseDocument(text, { lineCounter: lines, prettyErrors: false });
  if (doc.errors.length > 0) {
    return failed(
      doc.errors.map((err) => {
        const { line, col } = lines.linePos(err.pos[0]);
        return { file, line, col, path: '', message: syntaxMessage(err) };
      }),
    );
  }

  let data: unknown;
  try {
    data = doc.toJS();
  } catch (err) {
    // toJS refuses documents that expand aliases too far (a "billion laughs" config).
    return failed([{ file, line: 1, col: 1, path: '', message: `YAML error: ${(err as Error).message}` }]);
  }
  const located = (problems: readonly ConfigProblem[]) =>
    problems.map((p): ConfigError => {
      const { line, col } = locatePath(doc, p.path, lines);
      return { file, line, col, path: p.path.map(String).join('.'), message: p.message };
    });

  const parsed = deskSchema.safeParse(data);
  if (!parsed.success) {
    // The parts that did parse are checked for cross-references too: every kind of error in one run.
    const salvaged = salvageConfig(data);
    const references = checkDeskReferences(salvaged.config).flatMap((p) => salvaged.place(p) ?? []);
    return failed(located([...problemsFromIssues(parsed.error.issues, data), ...references]));
  }

  const problems = checkDeskReferences(parsed.data);
  if (problems.length > 0) return failed(located(problems));
  return { ok: true, config: parsed.data };
}

/** Reads and checks a desk config file; `path` is also the file label in errors. */
export async function loadDeskConfig(path: string): Promise<DeskConfigResult> {
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (err) {
    const reason = (err as NodeJS.ErrnoException).code === 'ENOENT' ? 'file not found' : String(err);
    return failed([
      { file: path, line: 1, col: 1, path: '', message: `cannot read the desk config: ${reason}` },
    ]);
  }
  return parseDeskConfig(text, path);
}

function failed(errors: ConfigError[]): DeskConfigResult {
  const unique = new Map(errors.map((e) => [formatConfigError(e), e]));
  // Array.prototype.sort is stable, so errors on one spot keep the order they were found in.
  const sorted = [...unique.values()].sort((a, b) => a.line - b.line || a.col - b.col);
  return { ok: false, errors: sorted };
}

function syntaxMessage(err: YAMLError): string {
  // yaml's own wording points developers at its API; an admin needs to know what to change.
  if (err.code === 'MULTIPLE_DOCS')
    return 'YAML syntax error: the desk config must be one document (remove the extra "---")';
  return `YAML syntax error: ${err.message}`;
}
