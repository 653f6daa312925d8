import type { FastifyInstance } from 'fastify';
import type { Desk } from '../../core/desk.js';

/** What a person can ask for, grouped by department, with each request type's fields. */
export function registerCatalogRoutes(api: FastifyInstance, desk: Desk) {
  api.get('/request-types', async () => ({
    departments: desk.catalog.config.departments.map((d) => ({
      id: d.id,
      name: d.name,
      requestTypes: d.requestTypes.map((t) => ({
        id: t.id,
        name: t.name,
        description: t.description,
        fields: t.fields,
      })),
    })),
  }));
}
