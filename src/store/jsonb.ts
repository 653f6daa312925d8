/** A jsonb value as the driver hands it over: already parsed, or as text (raw rows, JSON built in SQL). */
export function fromJsonb<T = unknown>(value: unknown): T {
  return (typeof value === 'string' ? JSON.parse(value) : value) as T;
}
