#!/usr/bin/env node
// Usage: node parquet-summary.mjs FILE.parquet
//
// Prints one line of JSON: {"rows": N, "columns": [{"name", "type"}], "firstRow": {...}, "lastRow": {...}}
// firstRow/lastRow are null for an empty file. Exits non-zero (message on stderr) when the file cannot be read.
import { DuckDBInstance } from '@duckdb/node-api';

const sqlString = (s) => `'${String(s).replaceAll("'", "''")}'`;

// BigInt -> number when exactly representable, else string; other DuckDB values -> JSON-safe.
function toJson(value) {
  if (value === null || value === undefined) return null;
  if (typeof value === 'bigint') {
    return value >= BigInt(Number.MIN_SAFE_INTEGER) && value <= BigInt(Number.MAX_SAFE_INTEGER)
      ? Number(value) : value.toString();
  }
  if (typeof value === 'number') return Number.isFinite(value) ? value : String(value);
  if (typeof value === 'string' || typeof value === 'boolean') return value;
  if (Array.isArray(value)) return value.map(toJson);
  if (value instanceof Uint8Array) return Buffer.from(value).toString('base64');
  if (typeof value === 'object' && value.constructor === Object) {
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, toJson(v)]));
  }
  return String(value);
}

async function main() {
  const [file] = process.argv.slice(2);
  if (!file) {
    console.error('usage: node parquet-summary.mjs FILE.parquet');
    process.exit(2);
  }
  const instance = await DuckDBInstance.create(':memory:', { threads: '1' });
  const conn = await instance.connect();
  try {
    const src = `read_parquet(${sqlString(file)}, file_row_number = true)`;
    const described = await conn.runAndReadAll(`DESCRIBE SELECT * EXCLUDE (file_row_number) FROM ${src}`);
    const columns = described.getRowObjectsJson().map((r) => ({ name: r.column_name, type: r.column_type }));
    const countReader = await conn.runAndReadAll(`SELECT count(*) AS n FROM ${src}`);
    const rows = toJson(countReader.getRowObjectsJS()[0].n);

    const rowAt = async (index) => {
      const reader = await conn.runAndReadAll(
        `SELECT * EXCLUDE (file_row_number) FROM ${src} WHERE file_row_number = ${index}`);
      const objs = reader.getRowObjectsJS();
      return objs.length ? toJson(objs[0]) : null;
    };
    const firstRow = rows > 0 ? await rowAt(0) : null;
    const lastRow = rows > 0 ? await rowAt(BigInt(rows) - 1n) : null;
    process.stdout.write(JSON.stringify({ rows, columns, firstRow, lastRow }) + '\n');
  } finally {
    conn.closeSync();
    instance.closeSync();
  }
}

main().catch((err) => {
  console.error(`parquet-summary: cannot read ${process.argv[2]}: ${err?.message ?? err}`);
  process.exit(1);
});
