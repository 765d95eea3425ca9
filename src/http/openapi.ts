import { OpenAPIRegistry, OpenApiGeneratorV31 } from '@asteasolutions/zod-to-openapi'

// Schemas document themselves with zod's own `.meta({ description, example })`; `.openapi()` is not
// available because this library loads zod as CommonJS, a different instance from ours.

export { OpenAPIRegistry }

export function createRegistry(): OpenAPIRegistry {
  const registry = new OpenAPIRegistry()
  registry.registerComponent('securitySchemes', 'bearer', {
    type: 'http',
    scheme: 'bearer',
    bearerFormat: 'JWT',
  })
  return registry
}

export function openApiDocument(registry: OpenAPIRegistry, serverUrl: string) {
  return new OpenApiGeneratorV31(registry.definitions).generateDocument({
    openapi: '3.1.0',
    info: {
      title: 'Patronage',
      version: '1.0.0',
      description: 'Reader memberships, patron voting and membership reports for an independent newsroom.',
    },
    servers: [{ url: serverUrl }],
  })
}
