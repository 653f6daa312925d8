/** One broken cross-reference or rule in a schema-valid desk config, at the path it concerns. */
export interface ReferenceProblem {
  path: (string | number)[];
  message: string;
}
