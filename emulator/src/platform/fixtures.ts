import Ajv, { type JSONSchemaType } from "ajv";
import clustersJson from "../../fixtures/clusters.json";
import demoConnectionsJson from "../../fixtures/demo-connections.json";
import sandboxesJson from "../../fixtures/sandboxes.json";
import type { CouchbaseCluster } from "./couchbase-driver";

/** A sandbox as the Sandbox Management API lists it. */
export interface SandboxFixture {
  id: string;
  name: string;
  title: string;
  type: "production" | "development";
  region: string;
  isDefault: boolean;
  etag: number;
  createdDate: string;
  lastModifiedDate: string;
  createdBy: string;
  modifiedBy: string;
}

interface ClusterLogin {
  server: string;
  port: number;
  user: string;
  password: string;
}

/** One demo connection: either cluster fields the emulator builds a string from, or a raw string. */
export interface DemoConnectionFixture {
  id: string;
  imsOrgId: string;
  sandboxName: string;
  name: string;
  description?: string;
  state: "enabled" | "disabled";
  createdAt: string;
  createdBy: string;
  createdClient: string;
  cluster?: ClusterLogin;
  connectionString?: string;
  dataflowIds?: string[];
}

/** A run of numbered demo connections, such as bulk-connection-001 to bulk-connection-120. */
export interface GeneratedConnectionsFixture {
  imsOrgId: string;
  sandboxName: string;
  count: number;
  namePrefix: string;
  firstCreatedAt: string;
  createdBy: string;
  createdClient: string;
  cluster: ClusterLogin;
}

const ajv = new Ajv({ allErrors: true, strict: true });

export const clusterSchema: JSONSchemaType<CouchbaseCluster> = {
  type: "object",
  properties: {
    server: { type: "string", minLength: 1, pattern: "^[^\\s;{}=\"]+$" },
    port: { type: "integer", minimum: 1, maximum: 65535 },
    users: {
      type: "array",
      minItems: 1,
      items: {
        type: "object",
        properties: { user: { type: "string", minLength: 1 }, password: { type: "string" } },
        required: ["user", "password"],
        additionalProperties: false,
      },
    },
    buckets: { type: "array", items: { type: "string", minLength: 1 } },
  },
  required: ["server", "port", "users", "buckets"],
  additionalProperties: false,
};

export const validateCluster = ajv.compile(clusterSchema);

const clusterLoginSchema: JSONSchemaType<ClusterLogin> = {
  type: "object",
  properties: {
    server: { type: "string", minLength: 1 },
    port: { type: "integer", minimum: 1, maximum: 65535 },
    user: { type: "string" },
    password: { type: "string" },
  },
  required: ["server", "port", "user", "password"],
  additionalProperties: false,
};

const sandboxSchema: JSONSchemaType<SandboxFixture> = {
  type: "object",
  properties: {
    id: { type: "string" },
    name: { type: "string", pattern: "^[a-z0-9-]+$" },
    title: { type: "string" },
    type: { type: "string", enum: ["production", "development"] },
    region: { type: "string" },
    isDefault: { type: "boolean" },
    etag: { type: "integer" },
    createdDate: { type: "string" },
    lastModifiedDate: { type: "string" },
    createdBy: { type: "string" },
    modifiedBy: { type: "string" },
  },
  required: ["id", "name", "title", "type", "region", "isDefault", "etag", "createdDate", "lastModifiedDate", "createdBy", "modifiedBy"],
  additionalProperties: false,
};

const demoFileSchema: JSONSchemaType<{ connections: DemoConnectionFixture[]; generated: GeneratedConnectionsFixture[] }> = {
  type: "object",
  properties: {
    connections: {
      type: "array",
      items: {
        type: "object",
        properties: {
          id: { type: "string" },
          imsOrgId: { type: "string" },
          sandboxName: { type: "string" },
          name: { type: "string", minLength: 1 },
          description: { type: "string", nullable: true },
          state: { type: "string", enum: ["enabled", "disabled"] },
          createdAt: { type: "string" },
          createdBy: { type: "string" },
          createdClient: { type: "string" },
          cluster: { ...clusterLoginSchema, nullable: true },
          connectionString: { type: "string", nullable: true },
          dataflowIds: { type: "array", items: { type: "string" }, nullable: true },
        },
        required: ["id", "imsOrgId", "sandboxName", "name", "state", "createdAt", "createdBy", "createdClient"],
        additionalProperties: false,
      },
    },
    generated: {
      type: "array",
      items: {
        type: "object",
        properties: {
          imsOrgId: { type: "string" },
          sandboxName: { type: "string" },
          count: { type: "integer", minimum: 1 },
          namePrefix: { type: "string" },
          firstCreatedAt: { type: "string" },
          createdBy: { type: "string" },
          createdClient: { type: "string" },
          cluster: clusterLoginSchema,
        },
        required: ["imsOrgId", "sandboxName", "count", "namePrefix", "firstCreatedAt", "createdBy", "createdClient", "cluster"],
        additionalProperties: false,
      },
    },
  },
  required: ["connections", "generated"],
  additionalProperties: false,
};

const sandboxesFileSchema: JSONSchemaType<Record<string, SandboxFixture[]>> = {
  type: "object",
  required: [],
  additionalProperties: { type: "array", items: sandboxSchema },
};

/** Validates a fixture file's content, throwing an error that names the file and the problem. */
function checked<T>(file: string, data: unknown, validate: import("ajv").ValidateFunction<T>): T {
  if (validate(data)) return data;
  const problem = validate.errors?.[0];
  throw new Error(`emulator/fixtures/${file} is invalid: ${problem?.instancePath || "/"} ${problem?.message ?? ""}`.trim());
}

export const fixtureClusters: readonly CouchbaseCluster[] = checked(
  "clusters.json",
  clustersJson,
  ajv.compile({ type: "array", items: clusterSchema } as JSONSchemaType<CouchbaseCluster[]>),
);

/** Sandboxes per IMS org id. */
export const fixtureSandboxes: Readonly<Record<string, SandboxFixture[]>> = checked(
  "sandboxes.json",
  sandboxesJson,
  ajv.compile(sandboxesFileSchema),
);

export const demoConnectionFixtures = checked("demo-connections.json", demoConnectionsJson, ajv.compile(demoFileSchema));
