// JSON Schemas for the Reconciliation Service API v0.2 responses, written down from the W3C Entity
// Reconciliation Community Group's v0.2 specification (https://reconciliation-api.github.io/specs/0.2/).

const typeRef = {
  oneOf: [
    { type: 'object', properties: { id: { type: 'string' }, name: { type: 'string' } }, required: ['id'] },
    { type: 'string' },
  ],
};
const serviceDefinition = {
  type: 'object',
  properties: {
    service_url: { type: 'string' },
    service_path: { type: 'string' },
    flyout_service_url: { type: 'string' },
    flyout_service_path: { type: 'string', pattern: '\\$\\{id\\}' },
  },
};
const template = { type: 'string', pattern: '\\{\\{id\\}\\}' };

export const manifestSchema = {
  type: 'object',
  required: ['versions', 'name', 'identifierSpace', 'schemaSpace'],
  properties: {
    versions: { type: 'array', items: { type: 'string' }, contains: { const: '0.2' } },
    name: { type: 'string' },
    identifierSpace: { type: 'string' },
    schemaSpace: { type: 'string' },
    documentation: { type: 'string' },
    serviceVersion: { type: 'string' },
    logo: { type: 'string' },
    view: { type: 'object', required: ['url'], properties: { url: template } },
    feature_view: { type: 'object', required: ['url'], properties: { url: template } },
    defaultTypes: {
      type: 'array',
      uniqueItems: true,
      items: {
        type: 'object',
        required: ['id', 'name'],
        properties: { id: { type: 'string' }, name: { type: 'string' } },
      },
    },
    suggest: {
      type: 'object',
      properties: { entity: serviceDefinition, property: serviceDefinition, type: serviceDefinition },
    },
    preview: {
      type: 'object',
      required: ['url', 'width', 'height'],
      properties: { url: template, width: { type: 'integer' }, height: { type: 'integer' } },
    },
    extend: {
      type: 'object',
      properties: {
        propose_properties: {
          type: 'object',
          properties: { service_url: { type: 'string' }, service_path: { type: 'string' } },
        },
        property_settings: { type: 'array', items: { type: 'object', required: ['type', 'label', 'name'] } },
      },
    },
  },
};

export const resultBatchSchema = {
  type: 'object',
  additionalProperties: {
    type: 'object',
    required: ['result'],
    properties: {
      result: {
        type: 'array',
        items: {
          type: 'object',
          required: ['id', 'name', 'score'],
          properties: {
            id: { type: 'string' },
            name: { type: 'string' },
            description: { type: 'string' },
            score: { type: 'number' },
            match: { type: 'boolean' },
            type: { type: 'array', items: typeRef },
            features: {
              type: 'array',
              items: {
                type: 'object',
                properties: { id: { type: 'string' }, value: { oneOf: [{ type: 'boolean' }, { type: 'number' }] } },
              },
            },
          },
        },
      },
    },
  },
};

const suggestResponse = (itemExtra: Record<string, unknown>) => ({
  type: 'object',
  required: ['result'],
  properties: {
    result: {
      type: 'array',
      items: {
        type: 'object',
        required: ['id', 'name'],
        properties: { id: { type: 'string' }, name: { type: 'string' }, description: { type: 'string' }, ...itemExtra },
      },
    },
  },
});
export const suggestEntitiesSchema = suggestResponse({ notable: { type: 'array', items: typeRef } });
export const suggestTypesSchema = suggestResponse({ broader: { type: 'array', items: typeRef } });
export const suggestPropertiesSchema = suggestResponse({});

export const proposePropertiesSchema = {
  type: 'object',
  required: ['properties'],
  properties: {
    type: { type: 'string' },
    limit: { type: 'integer' },
    properties: {
      type: 'array',
      items: {
        type: 'object',
        required: ['id', 'name'],
        properties: { id: { type: 'string' }, name: { type: 'string' } },
      },
    },
  },
};

const isoDateTime =
  '^-?\\d{4,}-(0[1-9]|1[0-2])-(0[1-9]|[12]\\d|3[01])T([01]\\d|2[0-3]):[0-5]\\d:[0-5]\\d(\\.\\d+)?(Z|[+-]([01]\\d|2[0-3]):[0-5]\\d)?$';
export const extensionResponseSchema = {
  type: 'object',
  required: ['meta', 'rows'],
  properties: {
    meta: {
      type: 'array',
      items: {
        type: 'object',
        required: ['id', 'name'],
        properties: {
          id: { type: 'string' },
          name: { type: 'string' },
          type: { type: 'object', required: ['id'], properties: { id: { type: 'string' }, name: { type: 'string' } } },
        },
      },
    },
    rows: {
      type: 'object',
      additionalProperties: {
        type: 'object',
        additionalProperties: {
          type: 'array',
          items: {
            oneOf: [
              {
                type: 'object',
                required: ['id', 'name'],
                additionalProperties: false,
                properties: { id: { type: 'string' }, name: { type: 'string' }, description: { type: 'string' } },
              },
              {
                type: 'object',
                required: ['str'],
                additionalProperties: false,
                properties: { str: { type: 'string' } },
              },
              {
                type: 'object',
                required: ['float'],
                additionalProperties: false,
                properties: { float: { type: 'number' } },
              },
              {
                type: 'object',
                required: ['int'],
                additionalProperties: false,
                properties: { int: { type: 'integer' } },
              },
              {
                type: 'object',
                required: ['date'],
                additionalProperties: false,
                properties: { date: { type: 'string', pattern: isoDateTime } },
              },
              {
                type: 'object',
                required: ['bool'],
                additionalProperties: false,
                properties: { bool: { type: 'boolean' } },
              },
            ],
          },
        },
      },
    },
  },
};
