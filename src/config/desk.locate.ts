import { type Document, isAlias, isMap, isScalar, isSeq, type LineCounter, type Node } from 'yaml';

/** A config path as zod and the reference checks give it: keys and array indices. */
export type ConfigPath = readonly PropertyKey[];

/** A 1-based place in the YAML text. */
export interface SourcePosition {
  line: number;
  col: number;
}

/**
 * Where a path sits in the YAML text: the key of its last mapping step, or the item of its last
 * sequence step. A path that runs past the document (a missing key) stops at its deepest existing parent.
 */
export function locatePath(doc: Document, path: ConfigPath, lines: LineCounter): SourcePosition {
  let node: unknown = doc.contents;
  let offset = rangeStart(node) ?? 0;
  for (const segment of path) {
    // Content reached through an alias (*name) is reported where the alias is used, not at its anchor.
    if (isAlias(node)) break;
    if (isMap(node)) {
      const pair = node.items.find((p) => keyText(p.key) === String(segment));
      if (!pair) break;
      offset = rangeStart(pair.key) ?? offset;
      node = pair.value;
    } else if (isSeq(node) && typeof segment === 'number') {
      const item = node.items[segment];
      if (item === undefined) break;
      offset = rangeStart(item) ?? offset;
      node = item;
    } else {
      break;
    }
  }
  return lines.linePos(offset);
}

/** The data of the node at a path, or undefined when the path does not exist in the document. */
export function valueAtPath(data: unknown, path: ConfigPath): unknown {
  let value = data;
  for (const segment of path) {
    if (value === null || typeof value !== 'object') return undefined;
    value = (value as Record<PropertyKey, unknown>)[segment];
  }
  return value;
}

function keyText(key: unknown): string | undefined {
  if (isScalar(key)) return String(key.value);
  return typeof key === 'string' ? key : undefined;
}

function rangeStart(node: unknown): number | undefined {
  return (node as Node | null | undefined)?.range?.[0];
}
