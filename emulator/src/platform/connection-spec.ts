import Ajv, { type ValidateFunction } from "ajv";
import addFormats from "ajv-formats";

export const COUCHBASE_CONNECTION_SPEC_ID = "1fe283f6-9bec-11ea-bb37-0242ac130002";
export const COUCHBASE_AUTH_SPEC_NAME = "Connection String Based Authentication";

/** Provider id that Adobe's connection specs of database sources carry. */
const DATABASE_PROVIDER_ID = "0ed90a81-07f4-4586-8190-b40eccef1c5a";

interface JsonSchemaProperty {
  type: string;
  description?: string;
  format?: string;
  examples?: string[];
}

export interface AuthSpec {
  name: string;
  type: string;
  spec: {
    $schema: string;
    type: "object";
    description: string;
    properties: Record<string, JsonSchemaProperty>;
    required: string[];
    additionalProperties: boolean;
  };
}

export interface ConnectionSpec {
  id: string;
  name: string;
  providerId: string;
  version: string;
  authSpec: AuthSpec[];
  sourceSpec: Record<string, unknown>;
  exploreSpec: Record<string, unknown>;
  attributes: Record<string, unknown>;
  permissionsInfo: Record<string, unknown>;
}

// Adobe documents only the auth spec name, the single `connectionString` parameter and its
// pattern for Couchbase. The spec `name`, the auth spec `type` and the attribute values below are
// this emulator's choices in the shape of OAS ConnectionSpecItemDTO. No `pattern` is enforced,
// because Adobe publishes none.
const COUCHBASE_SPEC: ConnectionSpec = {
  id: COUCHBASE_CONNECTION_SPEC_ID,
  name: "couchbase",
  providerId: DATABASE_PROVIDER_ID,
  version: "1.0",
  authSpec: [
    {
      name: COUCHBASE_AUTH_SPEC_NAME,
      type: "ConnectionStringAuth",
      spec: {
        $schema: "http://json-schema.org/draft-07/schema#",
        type: "object",
        description: "Connection string of the Couchbase cluster, read by the Couchbase ODBC driver.",
        properties: {
          connectionString: {
            type: "string",
            description: "Server={SERVER}; Port={PORT};AuthMech=1;CredString=[{\"user\": \"{USER}\", \"pass\":\"{PASS}\"}];",
            format: "password",
            examples: ['Server=couchbase.example.com; Port=8093;AuthMech=1;CredString=[{"user": "reader", "pass":"{PASS}"}];'],
          },
        },
        required: ["connectionString"],
        additionalProperties: false,
      },
    },
  ],
  sourceSpec: {
    attributes: { uiAttributes: { isSource: true, isPreview: true, isBeta: true, category: { key: "database" } } },
  },
  exploreSpec: { name: "Tabular", type: "Tabular" },
  attributes: {
    category: "Databases",
    connectorName: "Couchbase",
    isSource: true,
    uiAttributes: { apiFeatures: { explorePaginationSupported: false } },
  },
  permissionsInfo: {
    view: [{ "@type": "lowLevel", name: "EnterpriseSource", permissions: ["read"] }],
    manage: [{ "@type": "lowLevel", name: "EnterpriseSource", permissions: ["write"] }],
  },
};

const SPECS = new Map([[COUCHBASE_SPEC.id, COUCHBASE_SPEC]]);

export function findConnectionSpec(id: string): ConnectionSpec | undefined {
  return SPECS.get(id);
}

const ajv = new Ajv({ allErrors: true, strict: true });
addFormats(ajv);
// JSON Schema has no "password" format. Adobe uses it only to mark a secret, so any string passes.
ajv.addFormat("password", true);
const validators = new Map<AuthSpec, ValidateFunction>();

/**
 * Validates auth params against the auth spec's JSON Schema. Problems name the parameter and the
 * rule it breaks, never its value, because params hold secrets.
 */
export function validateAuthParams(authSpec: AuthSpec, params: unknown): string[] {
  let validate = validators.get(authSpec);
  if (!validate) {
    validate = ajv.compile(authSpec.spec);
    validators.set(authSpec, validate);
  }
  if (validate(params)) return [];
  return (validate.errors ?? []).map((error) => {
    const where = error.instancePath === "" ? "params" : `params${error.instancePath.replace(/\//g, ".")}`;
    if (error.keyword === "additionalProperties") {
      return `${where} has an unknown parameter "${String(error.params.additionalProperty)}"`;
    }
    return `${where} ${error.message ?? "is invalid"}`;
  });
}

/** Names of the params an auth spec marks as secret with `format: password`. */
export function secretParamNames(authSpec: AuthSpec): string[] {
  return Object.entries(authSpec.spec.properties)
    .filter(([, property]) => property.format === "password")
    .map(([name]) => name);
}
