#!/usr/bin/env node
// Usage: node csv-to-parquet.mjs IN.csv OUT.parquet [ROW_GROUP_SIZE]
//
// Converts a CSV file (with a header row) to Parquet with DuckDB.
// Column types are cast explicitly so the output schema is deterministic:
//   id, target          -> BIGINT
//   other numeric cols  -> DOUBLE
//   anything else       -> kept as DuckDB inferred it (e.g. VARCHAR)
// DuckDB runs single-threaded so row order, row-group boundaries and bytes are reproducible.
//
// Row groups: DuckDB only closes a row group between data chunks (up to 2048 rows each), so a
// ROW_GROUP_SIZE below 2048 would be ignored for small files. The rows are therefore loaded into a
// table and copied as a UNION ALL of ROW_GROUP_SIZE-row slices (by rowid, i.e. CSV order), which
// gives row groups of exactly ROW_GROUP_SIZE rows (the last one holds the remainder).
import { DuckDBInstance } from '@duckdb/node-api';

const BIGINT_COLUMNS = new Set(['id', 'target']);
const NUMERIC_TYPES = new Set([
  'TINYINT', 'SMALLINT', 'INTEGER', 'BIGINT', 'HUGEINT', 'UTINYINT', 'USMALLINT', 'UINTEGER', 'UBIGINT',
  'FLOAT', 'DOUBLE',
]);

const sqlString = (s) => `'${String(s).replaceAll("'", "''")}'`;
const sqlIdent = (s) => `"${String(s).replaceAll('"', '""')}"`;

async function main() {
  const [input, output, rowGroupArg] = process.argv.slice(2);
  if (!input || !output) {
    console.error('usage: node csv-to-parquet.mjs IN.csv OUT.parquet [ROW_GROUP_SIZE]');
    process.exit(2);
  }
  const rowGroupSize = rowGroupArg === undefined ? 122880 : Number(rowGroupArg);
  if (!Number.isInteger(rowGroupSize) || rowGroupSize <= 0) {
    console.error(`invalid ROW_GROUP_SIZE: ${rowGroupArg}`);
    process.exit(2);
  }

  const instance = await DuckDBInstance.create(':memory:', { threads: '1' });
  const conn = await instance.connect();
  try {
    const source = `read_csv(${sqlString(input)}, header = true)`;
    const described = await conn.runAndReadAll(`DESCRIBE SELECT * FROM ${source}`);
    const selectList = described.getRowObjectsJson().map(({ column_name: name, column_type: type }) => {
      if (BIGINT_COLUMNS.has(name)) return `CAST(${sqlIdent(name)} AS BIGINT) AS ${sqlIdent(name)}`;
      if (NUMERIC_TYPES.has(type)) return `CAST(${sqlIdent(name)} AS DOUBLE) AS ${sqlIdent(name)}`;
      return sqlIdent(name);
    });
    await conn.run(`CREATE TABLE rows_in AS SELECT ${selectList.join(', ')} FROM ${source}`);
    const total = Number((await conn.runAndReadAll('SELECT count(*) AS n FROM rows_in')).getRowObjectsJS()[0].n);
    const slices = [];
    for (let start = 0; start < Math.max(total, 1); start += rowGroupSize) {
      slices.push(`SELECT * FROM rows_in WHERE rowid >= ${start} AND rowid < ${start + rowGroupSize}`);
    }
    await conn.run(
      `COPY (${slices.join(' UNION ALL ')}) TO ${sqlString(output)} ` +
      `(FORMAT parquet, ROW_GROUP_SIZE ${rowGroupSize})`);
    const meta = await conn.runAndReadAll(
      `SELECT count(DISTINCT row_group_id) AS row_groups ` +
      `FROM parquet_metadata(${sqlString(output)})`);
    const { row_groups: rowGroups } = meta.getRowObjectsJson()[0];
    const count = await conn.runAndReadAll(`SELECT count(*) AS n FROM read_parquet(${sqlString(output)})`);
    console.log(`wrote ${output}: ${count.getRowObjectsJson()[0].n} rows, ${selectList.length} columns, ${rowGroups} row groups`);
  } finally {
    conn.closeSync();
    instance.closeSync();
  }
}

main().catch((err) => {
  console.error(`csv-to-parquet: ${err?.message ?? err}`);
  process.exit(1);
});
