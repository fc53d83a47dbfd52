import { readFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { createRequire } from 'node:module';
import { PrismaPg } from '@prisma/adapter-pg';
import { bindMigrationAwareSqlAdapterFactory, ColumnTypeEnum } from '@prisma/driver-adapter-utils';
import type { PoolConfig } from 'pg';
import * as glue from '@prisma/schema-engine-wasm/schema_engine_bg';
import type { SchemaEngine } from '@prisma/schema-engine-wasm';
import { packageRoot } from './paths.js';

const PG_CHAR_OID = 18;

/** The slice of the WebAssembly global this file uses (lib.dom is not part of a server build). */
declare const WebAssembly: {
  instantiate(
    bytes: Uint8Array,
    imports: object,
  ): Promise<{ instance: { exports: Record<string, unknown> } }>;
};
let wasmReady: Promise<void> | undefined;

/**
 * Instantiates the Wasm schema engine by hand: Node 20 cannot import a `.wasm` module without
 * --experimental-wasm-modules, so the wasm-bindgen glue is handed the instance's exports instead.
 */
function loadWasm(): Promise<void> {
  wasmReady ??= (async () => {
    (globalThis as Record<string, unknown>).PRISMA_WASM_PANIC_REGISTRY ??= { set_message: () => {} };
    const requireFromHere = createRequire(join(packageRoot, 'package.json'));
    const entry = requireFromHere.resolve('@prisma/schema-engine-wasm');
    const bytes = await readFile(join(dirname(entry), 'schema_engine_bg.wasm'));
    const { instance } = await WebAssembly.instantiate(bytes, { './schema_engine_bg.js': glue });
    glue.__wbg_set_wasm(instance.exports);
    (instance.exports.__wbindgen_start as () => void)();
  })();
  return wasmReady;
}

type Queryable = {
  queryRaw(q: unknown): Promise<{ columnTypes: number[] }>;
  performIO(q: unknown): Promise<{ fields: { dataTypeID: number }[] }>;
};

/**
 * @prisma/adapter-pg cannot read PostgreSQL's internal `"char"` type (OID 18), which the engine meets
 * when it describes a database (pg_catalog). Report such columns to the engine as Character columns.
 */
function patchCharColumns(queryable: Queryable): void {
  const proto = Object.getPrototypeOf(Object.getPrototypeOf(queryable)) as Queryable & {
    __examCharPatch?: true;
  };
  if (proto.__examCharPatch) return;
  const queryRaw = proto.queryRaw;
  proto.queryRaw = async function (this: Queryable, query: unknown) {
    const marked: number[] = [];
    const view = Object.create(this, {
      performIO: {
        value: async (q: unknown) => {
          const result = await this.performIO(q);
          result.fields.forEach((field, index) => {
            if (field.dataTypeID === PG_CHAR_OID) {
              field.dataTypeID = 25; // text, then re-labelled below
              marked.push(index);
            }
          });
          return result;
        },
      },
    }) as Queryable;
    const result = await queryRaw.call(view, query);
    for (const index of marked) result.columnTypes[index] = ColumnTypeEnum.Character;
    return result;
  };
  proto.__examCharPatch = true;
}

/** The shadow database used to replay migrations: created and dropped by us, not by the adapter. */
export interface ShadowProvider {
  create(): Promise<{ pg: PoolConfig; drop(): Promise<void> }>;
}

type ScriptRunner = {
  executeScript(script: string): Promise<void>;
  underlyingDriver(): { query(sql: string): Promise<unknown> };
  onError(error: unknown): never;
};

/**
 * The adapter splits a script on every ";", which breaks function bodies ($$ … ; … $$) in hand-written
 * migrations. Send the script whole instead: PostgreSQL runs a multi-statement simple query atomically.
 */
function patchScripts(adapter: ScriptRunner): void {
  adapter.executeScript = async (script: string) => {
    try {
      await adapter.underlyingDriver().query(script);
    } catch (error) {
      adapter.onError(error);
    }
  };
}

class ExamAdapterFactory extends PrismaPg {
  /** every connection handed to the engine, so that closing the engine also closes their pools */
  readonly opened: { dispose(): Promise<void> }[] = [];

  constructor(
    pg: PoolConfig,
    private readonly shadow: ShadowProvider | undefined,
  ) {
    super(pg);
  }

  override async connect() {
    const adapter = await super.connect();
    patchCharColumns(adapter as unknown as Queryable);
    patchScripts(adapter as unknown as ScriptRunner);
    this.opened.push(adapter);
    return adapter;
  }

  override async connectToShadowDb() {
    if (!this.shadow) throw new Error('此操作需要影子数据库，但未提供');
    const shadow = await this.shadow.create();
    const adapter = await new PrismaPg(shadow.pg).connect();
    patchCharColumns(adapter as unknown as Queryable);
    patchScripts(adapter as unknown as ScriptRunner);
    const dispose = adapter.dispose.bind(adapter);
    adapter.dispose = async () => {
      await dispose();
      await shadow.drop();
    };
    return adapter;
  }
}

export interface EngineHandle {
  engine: SchemaEngine;
  /** frees the engine and closes its connections (the engine itself leaves them open) */
  close(): Promise<void>;
}

export async function startSchemaEngine(
  pg: PoolConfig,
  datamodel: { path: string; content: string },
  shadow?: ShadowProvider,
): Promise<EngineHandle> {
  await loadWasm();
  const logs: string[] = [];
  const adapters = new ExamAdapterFactory(pg, shadow);
  const factory = bindMigrationAwareSqlAdapterFactory(adapters);
  const engine = await glue.SchemaEngine.new(
    { datamodels: [[datamodel.path, datamodel.content]] },
    (line: string) => logs.push(line),
    factory,
  );
  return {
    engine,
    close: async () => {
      engine.free();
      await Promise.allSettled(adapters.opened.map((a) => a.dispose()));
    },
  };
}
